-- An uncaught call of error: GHC prints the message and a CallStack on stderr and exits with 1.
-- tags: exceptions exit
module Main where

main :: IO ()
main = do
  putStrLn "about to fail"
  let xs = [1, 2, 3] :: [Int]
  print (sum xs)
  if sum xs > 5 then error ("sum too big: " ++ show (sum xs)) else return ()
  putStrLn "not reached"
