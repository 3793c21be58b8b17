-- The main thread waits on a thunk whose evaluator is blocked on an MVar that stays reachable (the
-- Chan is held by a stable pointer): nothing can run and the collector resurrects nothing, so GHC
-- throws NonTermination to the main thread only. The evaluator keeps its work and finishes it once
-- main writes to the Chan; main then gets the thunk's value. (GHC waits for a ^C instead while its signal
-- handlers are installed: hence the RTS option.)
-- rts: --install-signal-handlers=no
-- tags: concurrency deadlock blackhole mvar
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Exception
import Foreign.StablePtr

describe :: SomeException -> String
describe e = show e

main :: IO ()
main = do
  ch <- newChan :: IO (Chan Int)
  _ <- newStablePtr ch
  xs <- getChanContents ch
  let total = sum (take 3 xs)
  done <- newEmptyMVar :: IO (MVar String)
  _ <- forkIO $
    (evaluate total >>= \t -> putMVar done ("evaluator: total " ++ show t))
      `catch` (\e -> putMVar done ("evaluator: " ++ describe e))
  -- Wide margin: the evaluator is the only runnable thread and blocks inside the thunk at once.
  threadDelay 100000
  r <- try (evaluate total)
  putStrLn (either (\e -> "main: " ++ describe e) (\t -> "main: total " ++ show t) r)
  writeList2Chan ch [1, 2, 3]
  takeMVar done >>= putStrLn
  t <- evaluate total
  putStrLn ("main again: total " ++ show t)
