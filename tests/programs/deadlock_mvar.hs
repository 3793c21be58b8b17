-- The main thread blocks on an MVar nobody else can fill: it receives BlockedIndefinitelyOnMVar.
-- tags: concurrency deadlock mvar
module Main where

import Control.Concurrent
import Control.Exception
import System.Mem (performGC)

onBlocked :: BlockedIndefinitelyOnMVar -> IO ()
onBlocked e = putStrLn ("main caught: " ++ show e)

main :: IO ()
main = do
  m <- newEmptyMVar :: IO (MVar Int)
  (takeMVar m >>= print) `catch` onBlocked
  -- A forked thread blocked forever is found by a major GC while main is still running.
  done <- newEmptyMVar
  blocked <- newEmptyMVar
  _ <- forkIO $ do
    lonely <- newEmptyMVar :: IO (MVar ())
    putMVar blocked ()
    takeMVar lonely `catch` (\e -> putMVar done ("child caught: " ++ show (e :: BlockedIndefinitelyOnMVar)))
  takeMVar blocked
  threadDelay 20000
  performGC
  takeMVar done >>= putStrLn
  putStrLn "main continues"
