-- Fork many short threads that each add to one shared MVar; the main thread waits for all.
-- args: 10000
-- bench-args: 100000
-- tags: benchmark concurrency mvar
module Main where

import Control.Concurrent
import Control.Monad
import System.Environment

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
  total <- newMVar (0 :: Int)
  remaining <- newMVar n
  allDone <- newEmptyMVar
  forM_ [1 .. n] $ \i -> forkIO $ do
    modifyMVar_ total (return . (+ i))
    left <- modifyMVar remaining (\r -> return (r - 1, r - 1))
    when (left == 0) (putMVar allDone ())
  takeMVar allDone
  readMVar total >>= print
  print (n * (n + 1) `div` 2)
