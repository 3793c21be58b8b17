-- Sieve of Eratosthenes over an STUArray of Bool (runSTUArray), then counts, sums and gaps read back from the frozen UArray.
-- args: 30000
-- tags: arrays st
module Main where

import Control.Monad
import Control.Monad.ST
import Data.Array.ST
import Data.Array.Unboxed
import System.Environment

sieve :: Int -> UArray Int Bool
sieve n = runSTUArray $ do
  isPrime <- newArray (2, n) True
  forM_ [2 .. n] $ \i -> do
    p <- readArray isPrime i
    when (p && i * i <= n) $
      forM_ [i * i, i * i + i .. n] $ \j -> writeArray isPrime j False
  return isPrime

primesUpTo :: Int -> [Int]
primesUpTo n = [i | (i, True) <- assocs (sieve n)]

-- The largest gap between consecutive primes, with its start.
maxGap :: [Int] -> (Int, Int)
maxGap ps = maximum (zipWith (\a b -> (b - a, a)) ps (tail ps))

-- Prime counts in ten equal slices of the range, from one pass in ST.
slices :: Int -> UArray Int Bool -> [Int]
slices n arr = elems counts
  where
    counts :: UArray Int Int
    counts = runSTUArray $ do
      c <- newArray (0, 9) 0
      forM_ (range (bounds arr)) $ \i ->
        when (arr ! i) $ do
          let k = min 9 ((i * 10) `div` (n + 1))
          v <- readArray c k
          writeArray c k (v + 1)
      return c

main :: IO ()
main = do
  args <- getArgs
  let n = case args of
            (a:_) -> read a
            [] -> 200000
      arr = sieve n
      ps = primesUpTo n
  putStrLn ("primes up to " ++ show n ++ ": " ++ show (length ps))
  putStrLn ("sum: " ++ show (sum ps))
  putStrLn ("last five: " ++ show (drop (length ps - 5) ps))
  putStrLn ("largest gap: " ++ show (maxGap ps))
  putStrLn ("bounds: " ++ show (bounds arr))
  print (map (arr !) [2, 3, 4, 97, 99, 7919])
  print (slices n arr)
  print (sieve 30)
