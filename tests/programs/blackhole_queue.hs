-- Several threads wait on one thunk under evaluation (each blocks on its blackhole and queues on the
-- owner): all get its value when the owner finishes it, and a waiter killed while queued gets only
-- ThreadKilled. Then the owner of a thunk is killed while waiters queue on it (it waits itself on
-- another thunk's blackhole): the waiters evaluate the thunk again, one of them as the new owner.
-- tags: concurrency blackhole mvar
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Exception
import Control.Monad
import Data.List (sort)

describe :: SomeException -> String
describe e = show e

-- Forks a thread that evaluates `v` and reports through `out`.
waiter :: MVar String -> String -> Int -> IO ThreadId
waiter out name v =
  forkIO ((evaluate v >>= \t -> putMVar out (name ++ ": " ++ show t))
    `catch` (\e -> putMVar out (name ++ ": " ++ describe e)))

main :: IO ()
main = do
  -- 1. The owner blocks inside the thunk (a lazy Chan read); five waiters queue on it.
  ch <- newChan :: IO (Chan Int)
  xs <- getChanContents ch
  let total = sum (take 3 xs)
  out <- newEmptyMVar :: IO (MVar String)
  _ <- waiter out "owner" total
  threadDelay 50000
  ws <- forM [1 .. 5 :: Int] (\i -> waiter out ("waiter " ++ show i) total)
  threadDelay 50000
  killThread (ws !! 2)
  writeList2Chan ch [1, 2, 3]
  rs <- replicateM 6 (takeMVar out)
  mapM_ putStrLn (sort rs)
  -- 2. The owner of a second thunk waits on the first one's blackhole (another thread evaluates
  -- it and blocks on the Chan); three waiters queue on the owner, which is then killed: its thunk is
  -- evaluated again by the waiters (one becomes the new owner) and all get the value.
  ch2 <- newChan :: IO (Chan Int)
  ys <- getChanContents ch2
  let inner = sum (take 2 ys)
      total2 = inner * 10
  _ <- waiter out "inner" inner
  threadDelay 50000
  owner2 <- waiter out "owner 2" total2
  threadDelay 50000
  _ <- forM [1 .. 3 :: Int] (\i -> waiter out ("late " ++ show i) total2)
  threadDelay 50000
  killThread owner2
  writeList2Chan ch2 [4, 5]
  rs2 <- replicateM 5 (takeMVar out)
  mapM_ putStrLn (sort rs2)
  t <- evaluate total2
  putStrLn ("main: " ++ show t)
