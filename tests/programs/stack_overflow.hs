-- A recursion deeper than the -K limit raises StackOverflow, which is caught; a shallower one is fine.
-- rts: -K1m
-- tags: stack exceptions
module Main where

import Control.Exception

depth :: Int -> Int
depth 0 = 0
depth n = 1 + depth (n - 1)

onAsync :: AsyncException -> IO ()
onAsync e = putStrLn ("caught: " ++ show e)

main :: IO ()
main = do
  print (depth 1000)
  (evaluate (depth 10000000) >>= print) `catch` onAsync
  print (depth 2000)
  putStrLn "recovered"
