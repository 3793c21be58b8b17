-- Ping-pong: two threads exchange a counter over a pair of MVars.
-- args: 10000
-- bench-args: 300000
-- tags: benchmark concurrency mvar
module Main where

import Control.Concurrent
import Control.Monad
import System.Environment

main :: IO ()
main = do
  [a] <- getArgs
  let rounds = read a :: Int
  ping <- newEmptyMVar
  pong <- newEmptyMVar
  finished <- newEmptyMVar
  _ <- forkIO $ do
    forM_ [1 .. rounds] $ \_ -> do
      n <- takeMVar ping
      putMVar pong (n + 1)
    putMVar finished "ponger done"
  total <- foldM (\acc _ -> do { putMVar ping acc; takeMVar pong }) (0 :: Int) [1 .. rounds]
  takeMVar finished >>= putStrLn
  print total
