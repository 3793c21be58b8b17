-- A thread waits on a thunk whose evaluator is blocked forever on an MVar (a lazy read of a Chan nobody
-- writes): the collector finds both, as GHC's does (the waiter is reachable only through the evaluator).
-- tags: concurrency deadlock blackhole mvar
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Exception
import Data.List (sort)
import Foreign.StablePtr

describe :: SomeException -> String
describe e = "caught: " ++ show e

-- Forks two threads that both force one thunk; the first to enter it blocks inside it forever.
-- Nothing here is kept by main, so only the two threads hold the thunk and the Chan.
start :: MVar String -> IO ()
start done = do
  ch <- newChan :: IO (Chan Int)
  xs <- getChanContents ch
  let total = sum (take 3 xs)
      worker = (evaluate total >>= \t -> putMVar done ("total " ++ show t))
                 `catch` (\e -> putMVar done (describe e))
  _ <- forkIO worker
  _ <- forkIO worker
  return ()

main :: IO ()
main = do
  -- Keep main reachable (a blocked main thread is otherwise found deadlocked too).
  _ <- myThreadId >>= newStablePtr
  done <- newEmptyMVar
  start done
  a <- takeMVar done
  b <- takeMVar done
  mapM_ putStrLn (sort [a, b])
  putStrLn "main done"
