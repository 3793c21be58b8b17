-- Weak pointers and blocked threads in one collection, in GHC's phase order
-- (rts/sm/MarkWeak.c): weaks with live keys are traced before unreachable
-- blocked threads are resurrected, then weaks again, then the weaks left
-- die and their finalizers are scheduled. Only main prints.
-- tags: gc weak finalizer concurrency deadlock exceptions
module Main where

import Control.Concurrent
import Control.Exception
import Data.IORef
import System.Mem
import System.Mem.Weak

notify :: MVar String -> String -> BlockedIndefinitelyOnMVar -> IO ()
notify done who e = putMVar done (who ++ ": " ++ show e)

main :: IO ()
main = do
  -- 1. A blocked thread reachable only from the value of a weak pointer
  --    whose key is alive is alive: not resurrected.
  key1 <- newIORef "key 1"
  done1 <- newEmptyMVar
  w1 <- do
    mv <- newEmptyMVar :: IO (MVar ())
    tid <- forkIO (takeMVar mv `catch` notify done1 "thread 1")
    threadDelay 50000
    mkWeak key1 tid Nothing
  performGC
  threadDelay 10000
  r1 <- tryTakeMVar done1
  putStrLn ("thread 1 resurrected: " ++ show r1)
  -- 2. A key reachable only from a resurrected thread keeps its weak alive
  --    (the thread holds it until main lets it go).
  done2 <- newEmptyMVar
  fin2 <- newEmptyMVar
  hold <- newEmptyMVar
  w2 <- do
    key2 <- newIORef "key 2"
    mv <- newEmptyMVar :: IO (MVar ())
    let handler e = notify done2 "thread 2" e >> takeMVar hold >> readIORef key2 >>= putMVar done2
    _ <- forkIO (takeMVar mv `catch` handler)
    threadDelay 50000
    mkWeak key2 () (Just (putMVar fin2 "finalizer 2 ran"))
  performGC
  takeMVar done2 >>= putStrLn
  m2 <- deRefWeak w2
  putStrLn ("weak 2 alive: " ++ show (m2 == Just ()))
  tryTakeMVar fin2 >>= print
  putMVar hold ()
  takeMVar done2 >>= putStrLn
  -- 3. A blocked thread reachable only from a dead weak's finalizer is
  --    resurrected: the finalizer's putMVar does not wake it.
  done3 <- newEmptyMVar
  fin3 <- newEmptyMVar
  do
    key3 <- newIORef "key 3"
    mv <- newEmptyMVar :: IO (MVar ())
    _ <- forkIO ((takeMVar mv >> putMVar done3 "thread 3 woken") `catch` notify done3 "thread 3")
    threadDelay 50000
    _ <- mkWeak key3 () (Just (putMVar mv () >> putMVar fin3 "finalizer 3 ran"))
    return ()
  performGC
  takeMVar done3 >>= putStrLn
  takeMVar fin3 >>= putStrLn
  -- The first weak and its key are still alive.
  readIORef key1 >>= putStrLn
  m1 <- deRefWeak w1
  putStrLn ("weak 1 alive: " ++ show (fmap (const ()) m1 == Just ()))
