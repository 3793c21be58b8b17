-- System.Timeout.timeout around a long pure computation and around quick actions.
-- tags: concurrency timeout exceptions
module Main where

import System.Timeout
import Control.Exception
import Control.Concurrent

spin :: Int -> Int
spin n = length (filter even [1 .. n])

main :: IO ()
main = do
  r1 <- timeout 100000 (evaluate (spin maxBound))
  print r1
  r2 <- timeout 5000000 (evaluate (spin 1000))
  print r2
  r3 <- timeout 50000 (threadDelay 5000000 >> return "slept")
  print r3
  r4 <- timeout (-1) (return "no limit")
  print r4
  r5 <- timeout 1000000 (timeout 10000 (threadDelay 2000000))
  print r5
  putStrLn "done"
