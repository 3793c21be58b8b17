-- Two threads each evaluate a thunk that needs the other's: each waits on a blackhole the other owns.
-- Found deadlocked by the collector; both end with NonTermination (<<loop>>), as under GHC.
-- tags: concurrency deadlock blackhole
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Exception
import Data.List (sort)
import Foreign.StablePtr

report :: MVar String -> String -> SomeException -> IO ()
report done name e = putMVar done (name ++ " caught: " ++ show e)

start :: MVar String -> IO ()
start done = do
  gateA <- newChan :: IO (Chan Int)
  gateB <- newChan :: IO (Chan Int)
  as <- getChanContents gateA
  bs <- getChanContents gateB
  -- Each thunk first waits at its gate (so both are entered before either needs the other).
  let a = head as + b :: Int
      b = head bs + a :: Int
  ready <- newEmptyMVar
  let worker name x = (putMVar ready () >> evaluate x >>= \v -> putMVar done (name ++ " got " ++ show v))
                        `catch` report done name
  _ <- forkIO (worker "first" a)
  _ <- forkIO (worker "second" b)
  takeMVar ready
  takeMVar ready
  -- Both threads are inside (or about to enter) their thunks; let them past the gates.
  threadDelay 50000
  writeChan gateA 1
  writeChan gateB 2

main :: IO ()
main = do
  _ <- myThreadId >>= newStablePtr
  done <- newEmptyMVar
  start done
  x <- takeMVar done
  y <- takeMVar done
  mapM_ putStrLn (sort [x, y])
  putStrLn "main done"
