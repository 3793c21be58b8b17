-- An uncaught exception in a forked thread is printed on stderr and the program goes on.
-- tags: concurrency exceptions
module Main where

import Control.Concurrent
import Control.Exception

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO ((ioError (userError "boom in child")) `finally` putMVar done ())
  takeMVar done
  threadDelay 10000
  done2 <- newEmptyMVar
  _ <- forkIO ((evaluate (1 `div` (0 :: Int)) >> return ()) `finally` putMVar done2 ())
  takeMVar done2
  threadDelay 10000
  -- ThreadKilled is not reported.
  t <- forkIO (threadDelay 10000000)
  killThread t
  yield
  myThreadId >>= \_ -> putStrLn "main still running"
