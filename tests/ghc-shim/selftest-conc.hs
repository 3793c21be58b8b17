-- Concurrency, masking and memory-library self-test (deterministic: every
-- interaction is synchronised through MVars). See check.sh.
module Main (main) where

import Control.Concurrent
import Control.Concurrent.MVar
import Control.Exception
import Control.Monad (forM_, replicateM_, forM)
import Data.IORef
import System.Environment (getArgs, lookupEnv)
import System.Exit
import System.IO
import System.Mem (performGC)
import System.Mem.StableName
import System.Mem.Weak
import System.Timeout (timeout)
import Foreign.StablePtr

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  -- MVar ping-pong between two threads.
  ping <- newEmptyMVar
  pong <- newEmptyMVar
  _ <- forkIO $ forM_ [1 .. 3 :: Int] $ \i -> do
    v <- takeMVar ping
    putMVar pong (v * 10 + i)
  rs <- forM [1 .. 3 :: Int] $ \i -> putMVar ping i >> takeMVar pong
  print rs
  -- Chan producer/consumer.
  ch <- newChan
  done <- newEmptyMVar
  _ <- forkIO $ do
    writeList2Chan ch [1 .. 100 :: Int]
    putMVar done ()
  takeMVar done
  xs <- mapM (const (readChan ch)) [1 .. 100 :: Int]
  print (sum xs)
  -- modifyMVar_ from several threads.
  counter <- newMVar (0 :: Int)
  finished <- newEmptyMVar
  forM_ [1 .. 10 :: Int] $ \_ -> forkIO $ do
    replicateM_ 100 (modifyMVar_ counter (return . (+ 1)))
    putMVar finished ()
  replicateM_ 10 (takeMVar finished)
  readMVar counter >>= print
  -- try/tryPut/isEmpty.
  m <- newEmptyMVar :: IO (MVar Int)
  a <- tryTakeMVar m
  b <- tryPutMVar m 7
  c <- tryPutMVar m 8
  e <- isEmptyMVar m
  d <- tryReadMVar m
  print (a, b, c, e, d)
  r <- withMVar m (\v -> return (v + 1))
  print r
  -- timeout: one that finishes, one that does not.
  t1 <- timeout 1000000 (return (42 :: Int))
  t2 <- timeout 10000 (threadDelay 2000000 >> return (0 :: Int))
  print (t1, t2)
  -- killThread runs the thread's finalizer (bracket release).
  released <- newEmptyMVar
  started <- newEmptyMVar
  tid <- forkIO $ bracket (putMVar started ()) (\_ -> putMVar released "released") (\_ -> threadDelay 5000000)
  takeMVar started
  killThread tid
  takeMVar released >>= putStrLn
  -- throwTo a thread that catches it.
  caught <- newEmptyMVar
  ready <- newEmptyMVar
  tid2 <- forkIO $ (putMVar ready () >> threadDelay 5000000) `catch` \ex -> putMVar caught (show (ex :: ArithException))
  takeMVar ready
  throwTo tid2 Overflow
  takeMVar caught >>= putStrLn
  -- masking state.
  s0 <- getMaskingState
  s1 <- mask_ getMaskingState
  s2 <- uninterruptibleMask_ getMaskingState
  s3 <- mask $ \restore -> restore getMaskingState
  print (s0, s1, s2, s3)
  -- IORef, stable names, stable pointers, weak pointers.
  ref <- newIORef (1 :: Int)
  old <- atomicModifyIORef' ref (\v -> (v + 1, v))
  now <- readIORef ref
  print (old, now, ref == ref)
  let val = [1, 2, 3] :: [Int]
  n1 <- makeStableName val
  n2 <- makeStableName val
  print (n1 == n2, eqStableName n1 n2)
  sp <- newStablePtr "stable"
  deRefStablePtr sp >>= putStrLn
  freeStablePtr sp
  w <- mkWeakPtr val Nothing
  alive <- deRefWeak w
  print (fmap length alive)
  performGC
  print (length val)
  -- environment and exit inside catch.
  args <- getArgs
  home <- lookupEnv "HSRTS_SELFTEST_SURELY_UNSET"
  print (args, home)
  ex <- try (exitWith (ExitFailure 3))
  print (ex :: Either ExitCode ())
  me <- myThreadId
  print (me == me)
  hPutStrLn stderr "to stderr"
  exitWith (ExitFailure 2)
