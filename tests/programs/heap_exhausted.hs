-- Live data beyond the -M limit: GHC reports heap exhaustion and exits with 251.
-- rts: -M16m
-- tags: gc exit
module Main where

main :: IO ()
main = do
  putStrLn "filling the heap"
  let xs = [1 .. 10000000] :: [Integer]
  print (length xs)
  print (sum xs)
