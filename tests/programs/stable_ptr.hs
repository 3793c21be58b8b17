-- StablePtr: create, dereference (also after GCs), free; many pointers at once.
-- tags: memory stableptr
module Main where

import Foreign.StablePtr
import System.Mem
import Control.Monad

data Big = Big String [Int]

main :: IO ()
main = do
  sp <- newStablePtr (Big "payload" [1 .. 100])
  performGC
  Big s xs <- deRefStablePtr sp
  putStrLn s
  print (sum xs)
  freeStablePtr sp
  ptrs <- forM [1 .. 1000 :: Int] (\i -> newStablePtr (i * i))
  performGC
  vals <- mapM deRefStablePtr ptrs
  print (sum vals)
  mapM_ freeStablePtr (take 500 ptrs)
  more <- forM [1 .. 500 :: Int] (\i -> newStablePtr (show i))
  performGC
  rest <- mapM deRefStablePtr (drop 500 ptrs)
  strs <- mapM deRefStablePtr more
  print (sum rest, length (concat strs))
  mapM_ freeStablePtr (drop 500 ptrs ++ [])
  mapM_ freeStablePtr more
  let p = castStablePtrToPtr sp
  print (castPtrToStablePtr p == sp)
