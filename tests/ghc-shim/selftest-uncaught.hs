-- Uncaught exceptions: a forked thread's is printed and the program goes
-- on; the main thread's ends the program with GHC's message and status.
module Main (main) where

import Control.Concurrent

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO (print (head ([] :: [Int])) >> putMVar done ())
  _ <- forkIO (putMVar done ())
  takeMVar done
  threadDelay 100000
  putStr "abc"
  ioError (userError "xyz")
