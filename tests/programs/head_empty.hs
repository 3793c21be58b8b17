-- head of an empty list, uncaught.
-- tags: exceptions exit
module Main where

main :: IO ()
main = do
  let xs = filter (> 10) [1, 2, 3 :: Int]
  putStrLn "taking the head"
  print (head xs)
