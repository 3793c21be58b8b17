-- A forked thread keeps a growing list alive until the heap limit (+RTS -M)
-- is exhausted. GHC throws HeapOverflow to the main thread (blocked in
-- takeMVar), not to the thread that allocated; main catches it, reports it on
-- stderr and ends with exit code 3 without waiting for the child.
-- rts: -M8m
-- tags: gc memory concurrency exceptions exit
module Main where

import Control.Concurrent
import Control.Exception
import System.Exit
import System.IO

grow :: [Int] -> Int -> IO Int
grow acc n
  | n > 100000000 = return (length acc)
  | otherwise = let acc' = n : acc in acc' `seq` grow acc' (n + 1)

onOverflow :: AsyncException -> IO Int
onOverflow e = do
  hPutStrLn stderr ("main caught: " ++ show e)
  exitWith (ExitFailure 3)

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO (grow [] 0 >>= putMVar done)
  putStrLn "waiting"
  r <- takeMVar done `catch` onOverflow
  print r
