-- throwTo a masked thread: delivery waits until the thread unmasks, and throwTo
-- returns only after delivery.
-- tags: concurrency exceptions async mask
module Main where

import Control.Concurrent
import Control.Exception
import Data.IORef

main :: IO ()
main = do
  started <- newEmptyMVar
  result <- newEmptyMVar
  ref <- newIORef (0 :: Int)
  t <- forkIO $ handle (\e -> putMVar result ("caught " ++ show (e :: AsyncException))) $ do
    mask_ $ do
      putMVar started ()
      st <- getMaskingState
      let s = sum [1 .. 100000 :: Int]
      s `seq` writeIORef ref s
      modifyIORef ref (+ fromEnum (st == MaskedInterruptible))
    threadDelay 10000000
    putMVar result "not interrupted"
  takeMVar started
  throwTo t ThreadKilled
  readIORef ref >>= print
  takeMVar result >>= putStrLn
  getMaskingState >>= print
  mask_ getMaskingState >>= print
  uninterruptibleMask_ getMaskingState >>= print
  -- restore inside mask re-enables delivery.
  r <- newEmptyMVar
  gate <- newEmptyMVar
  t2 <- forkIO $ mask $ \restore -> do
    putMVar gate ()
    (restore (threadDelay 10000000) >> putMVar r "no exception")
      `catch` (\e -> putMVar r ("restore let in: " ++ show (e :: ErrorCall)))
  takeMVar gate
  throwTo t2 (ErrorCall "hello")
  takeMVar r >>= putStrLn
