-- Thread ring: 503 threads pass a token around a ring of MVars; print who holds it last.
-- args: 10000
-- bench-args: 300000
-- tags: benchmark concurrency mvar
module Main where

import Control.Concurrent
import Control.Monad
import System.Environment

ringSize :: Int
ringSize = 503

worker :: Int -> MVar Int -> MVar Int -> MVar Int -> IO ()
worker me inbox outbox done = loop
  where
    loop = do
      token <- takeMVar inbox
      if token == 0
        then putMVar done me
        else putMVar outbox (token - 1) >> loop

main :: IO ()
main = do
  [a] <- getArgs
  let hops = read a
  mvars <- replicateM ringSize newEmptyMVar
  done <- newEmptyMVar
  let pairs = zip mvars (tail mvars ++ [head mvars])
  forM_ (zip [1 ..] pairs) $ \(i, (inbox, outbox)) -> forkIO (worker i inbox outbox done)
  putMVar (head mvars) hops
  winner <- takeMVar done
  print winner
