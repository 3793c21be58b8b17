-- The main thread deadlocks on an MVar and does not catch it: GHC's message and exit status 1.
-- tags: concurrency deadlock mvar exit
module Main where

import Control.Concurrent

main :: IO ()
main = do
  putStrLn "waiting forever"
  m <- newEmptyMVar :: IO (MVar ())
  takeMVar m
  putStrLn "not reached"
