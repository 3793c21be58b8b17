{-# LANGUAGE BangPatterns #-}
-- Stable pointers in a loop: create, dereference and free one per iteration
-- (issue 6's "stable pointer create+deref+free"), while 100 others stay alive
-- in the table; prints the sums read back.
-- args: 10000
-- bench-args: 1000000
-- tags: benchmark stableptr memory
module Main where

import Foreign.StablePtr
import System.Environment

loop :: Int -> Int -> IO Int
loop 0 !acc = return acc
loop n !acc = do
  sp <- newStablePtr n
  v <- deRefStablePtr sp
  freeStablePtr sp
  loop (n - 1) (acc + v)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
  kept <- mapM newStablePtr [1 .. 100 :: Int]
  total <- loop n 0
  values <- mapM deRefStablePtr kept
  mapM_ freeStablePtr kept
  print total
  print (sum values)
