-- Many threads sleep for staggered delays with threadDelay, then report through an MVar.
-- args: 10000
-- tags: concurrency delay
-- timeout: 90
module Main where

import Control.Concurrent
import Control.Monad
import System.Environment

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
  results <- newMVar []
  done <- newEmptyMVar
  forM_ [1 .. n] $ \i -> forkIO $ do
    threadDelay ((i `mod` 20) * 1000)
    count <- modifyMVar results (\rs -> return (i : rs, length rs + 1))
    when (count == n) (putMVar done ())
  takeMVar done
  rs <- readMVar results
  print (length rs, sum rs)
  -- A few threads with widely separated delays wake in deadline order.
  order <- newMVar []
  finished <- newEmptyMVar
  forM_ [3, 1, 4, 2, 5] $ \k -> forkIO $ do
    threadDelay (k * 60000)
    modifyMVar_ order (return . (k :))
    putMVar finished ()
  replicateM_ 5 (takeMVar finished)
  readMVar order >>= print . reverse
