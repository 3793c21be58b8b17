-- Mutable boxed arrays across many collections: old arrays keep receiving pointers to young lists, Integers and thunks (the write barrier must record them), arrays are frozen, thawed and copied, and every value is checked afterwards.
-- args: 2000
-- tags: arrays gc memory
-- rts-variants: -A64k | -A64k -G3 | -A1m
module Main where

import Control.Monad
import Data.Array
import Data.Array.IO
import Data.IORef
import System.Environment
import System.Mem

-- Each slot holds a list whose sum is known from the slot and round.
expected :: Int -> Int -> Integer
expected i r = toInteger (i + r) * toInteger (r `mod` 40 + 1) + 2 ^ (i `mod` 70)

value :: Int -> Int -> [Integer]
value i r = 2 ^ (i `mod` 70) : replicate (r `mod` 40 + 1) (toInteger (i + r))

main :: IO ()
main = do
  args <- getArgs
  let rounds = case args of
                 (a:_) -> read a
                 [] -> 3000
      size = 512
  arr <- newArray (0, size - 1) [] :: IO (IOArray Int [Integer])
  lazyArr <- newArray (0, size - 1) 0 :: IO (IOArray Int Integer)
  performGC
  bad <- newIORef (0 :: Int)
  forM_ [0 .. rounds - 1] $ \r -> do
    let i = (r * 37) `mod` size
    writeArray arr i (value i r)
    -- A thunk stored into an old array; evaluated much later.
    writeArray lazyArr i (sum (value i r))
    when (r `mod` 97 == 0) performMinorGC
    when (r `mod` 500 == 0) performGC
    -- Re-read an earlier slot and check it.
    let k = ((r - 5) * 37) `mod` size
    when (r >= 5) $ do
      xs <- readArray arr k
      when (sum xs /= expected k (r - 5)) $ modifyIORef bad (+ 1)
  frozen <- freeze arr :: IO (Array Int [Integer])
  performGC
  sums <- forM [0 .. size - 1] $ \i -> fmap sum (readArray lazyArr i >>= \x -> return [x])
  let total = sum (map sum (elems frozen))
  print (total, sum sums, total == sum sums)
  errors <- readIORef bad
  putStrLn ("mismatches: " ++ show errors)
  -- Thaw a copy, overwrite half of it, and check the original is untouched.
  copy <- thaw frozen :: IO (IOArray Int [Integer])
  forM_ [0, 2 .. size - 1] $ \i -> writeArray copy i [toInteger i]
  performGC
  copied <- getElems copy
  print (sum (map sum copied), sum (map sum (elems frozen)) == total)
  -- Many short-lived arrays.
  let churn n = sum [sum (elems (listArray (0, 63) [j * k | k <- [0 .. 63]] :: Array Int Int)) | j <- [1 .. n]]
  print (churn (rounds `div` 10))
