-- Preemption: two threads that never block both make progress while the main thread sleeps,
-- and the main thread wakes up although they never yield. The end of main ends the program.
-- tags: concurrency preemption
module Main where

import Control.Concurrent
import Control.Monad
import Data.IORef

spin :: IORef Int -> IO ()
spin ref = forever (modifyIORef' ref (+ 1))

main :: IO ()
main = do
  a <- newIORef 0
  b <- newIORef 0
  _ <- forkIO (spin a)
  _ <- forkIO (spin b)
  threadDelay 200000
  x <- readIORef a
  y <- readIORef b
  print (x > 0, y > 0)
  threadDelay 100000
  x' <- readIORef a
  y' <- readIORef b
  print (x' > x, y' > y)
  putStrLn "main done; spinning threads are dropped"
