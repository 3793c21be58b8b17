-- performGC in the middle of building and using live data: everything survives intact.
-- tags: gc memory
module Main where

import System.Mem
import Data.IORef
import Control.Monad

data T = L | N T !Int T

build :: Int -> Int -> T
build lo hi
  | lo > hi = L
  | otherwise = let m = (lo + hi) `div` 2 in N (build lo (m - 1)) m (build (m + 1) hi)

sumT :: T -> Int
sumT L = 0
sumT (N l x r) = sumT l + x + sumT r

main :: IO ()
main = do
  let t = build 1 50000
  print (sumT t)
  performGC
  refs <- forM [1 .. 1000 :: Int] (\i -> newIORef (replicate (i `mod` 10) i))
  performMajorGC
  performMinorGC
  vals <- mapM readIORef refs
  print (sum (map sum vals))
  forM_ [1 .. 20 :: Int] $ \k -> do
    let garbage = length (show [1 .. k * 1000])
    garbage `seq` when (k `mod` 5 == 0) performGC
  print (sumT t)
  let big = [1 .. 200000] :: [Integer]
  print (sum big)
  performGC
  print (length big, last big)
