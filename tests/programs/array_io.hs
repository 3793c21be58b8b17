-- IOArray and IOUArray: in-place insertion sort and a Fisher-Yates shuffle driven by a linear congruential generator, getElems/getBounds, freeze/thaw copies that stay independent, and STRef counters.
-- tags: arrays io
module Main where

import Control.Monad
import Control.Monad.ST
import Data.Array
import Data.Array.IO
import Data.IORef
import Data.STRef

lcg :: Int -> Int
lcg x = (x * 1103515245 + 12345) `mod` 2147483648

shuffle :: IOUArray Int Int -> IORef Int -> IO ()
shuffle arr seed = do
  (lo, hi) <- getBounds arr
  forM_ [hi, hi - 1 .. lo + 1] $ \i -> do
    s <- readIORef seed
    writeIORef seed (lcg s)
    let j = lo + s `mod` (i - lo + 1)
    a <- readArray arr i
    b <- readArray arr j
    writeArray arr i b
    writeArray arr j a

insertionSort :: IOUArray Int Int -> IO Int
insertionSort arr = do
  (lo, hi) <- getBounds arr
  moves <- newIORef 0
  forM_ [lo + 1 .. hi] $ \i -> do
    x <- readArray arr i
    let go j
          | j < lo = return j
          | otherwise = do
              y <- readArray arr j
              if y > x
                then writeArray arr (j + 1) y >> modifyIORef' moves (+ 1) >> go (j - 1)
                else return j
    j <- go (i - 1)
    writeArray arr (j + 1) x
  readIORef moves

countInversions :: [Int] -> Int
countInversions xs = runST $ do
  n <- newSTRef 0
  let go [] = return ()
      go (y:ys) = do
        modifySTRef' n (+ length (filter (< y) ys))
        go ys
  go xs
  readSTRef n

main :: IO ()
main = do
  arr <- newListArray (1, 300) [1 .. 300] :: IO (IOUArray Int Int)
  seed <- newIORef 42
  shuffle arr seed
  shuffled <- getElems arr
  print (take 12 shuffled)
  print (sum shuffled, countInversions shuffled)
  snapshot <- freeze arr :: IO (Array Int Int)
  moves <- insertionSort arr
  sorted <- getElems arr
  print (moves, sorted == [1 .. 300])
  print (take 12 (elems snapshot))
  copy <- thaw snapshot :: IO (IOArray Int Int)
  writeArray copy 1 (-1)
  c1 <- readArray copy 1
  print (c1, snapshot ! 1)
  names <- newArray (0, 3) "" :: IO (IOArray Int String)
  forM_ (zip [0 ..] ["alpha", "beta", "gamma", "delta"]) $ \(i, s) -> writeArray names i s
  forM_ [0 .. 3] $ \i -> readArray names i >>= \s -> writeArray names i (reverse s)
  getElems names >>= print
  bs <- getBounds names
  print bs
