-- A forked thread keeps a growing list alive until the heap limit (+RTS -M)
-- is exhausted. GHC throws HeapOverflow to the main thread (blocked in
-- takeMVar); uncaught there, it prints GHC's "Heap exhausted" report and
-- exits with 251 (the child, not main, ran out).
-- rts: -M8m
-- tags: gc memory concurrency exceptions exit
module Main where

import Control.Concurrent

grow :: [Int] -> Int -> IO Int
grow acc n
  | n > 100000000 = return (length acc)
  | otherwise = let acc' = n : acc in acc' `seq` grow acc' (n + 1)

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO (grow [] 0 >>= putMVar done)
  putStrLn "waiting"
  r <- takeMVar done
  print r
