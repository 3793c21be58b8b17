-- Dynamic programming over boxed arrays: longest common subsequence (a lazy self-referential Array), 0/1 knapsack (row by row with listArray), and edit distance filled in an STArray.
-- tags: arrays st
module Main where

import Control.Monad
import Control.Monad.ST
import Data.Array
import Data.Array.ST

lcs :: String -> String -> String
lcs xs ys = reverse (walk n m)
  where
    n = length xs
    m = length ys
    xa = listArray (1, n) xs
    ya = listArray (1, m) ys
    table :: Array (Int, Int) Int
    table = array ((0, 0), (n, m))
      [((i, j), cell i j) | i <- [0 .. n], j <- [0 .. m]]
    cell 0 _ = 0
    cell _ 0 = 0
    cell i j
      | xa ! i == ya ! j = table ! (i - 1, j - 1) + 1
      | otherwise = max (table ! (i - 1, j)) (table ! (i, j - 1))
    walk 0 _ = []
    walk _ 0 = []
    walk i j
      | xa ! i == ya ! j = xa ! i : walk (i - 1) (j - 1)
      | table ! (i - 1, j) >= table ! (i, j - 1) = walk (i - 1) j
      | otherwise = walk i (j - 1)

knapsack :: Int -> [(Int, Int)] -> Int
knapsack cap items = last (elems (foldl step row0 items))
  where
    row0 = listArray (0, cap) (replicate (cap + 1) 0) :: Array Int Int
    step row (w, v) = listArray (0, cap)
      [if c >= w then max (row ! c) (row ! (c - w) + v) else row ! c | c <- [0 .. cap]]

editDistance :: String -> String -> Int
editDistance s t = runST $ do
  let n = length s
      m = length t
      sa = listArray (1, n) s :: Array Int Char
      ta = listArray (1, m) t :: Array Int Char
  d <- newArray ((0, 0), (n, m)) 0 :: ST s (STArray s (Int, Int) Int)
  forM_ [0 .. n] $ \i -> writeArray d (i, 0) i
  forM_ [0 .. m] $ \j -> writeArray d (0, j) j
  forM_ [1 .. n] $ \i -> forM_ [1 .. m] $ \j -> do
    a <- readArray d (i - 1, j)
    b <- readArray d (i, j - 1)
    c <- readArray d (i - 1, j - 1)
    let cost = if sa ! i == ta ! j then 0 else 1
    writeArray d (i, j) (minimum [a + 1, b + 1, c + cost])
  readArray d (n, m)

main :: IO ()
main = do
  let a = "the quick brown fox jumps over the lazy dog"
      b = "pack my box with five dozen liquor jugs"
      c = concat (replicate 6 "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA")
      d = concat (replicate 6 "GTCGTTCGGAATGCCGTTGCTCTGTAAA")
  putStrLn (lcs a b)
  print (length (lcs c d))
  print (knapsack 50 [(10, 60), (20, 100), (30, 120)])
  print (knapsack 997 [(w, v) | k <- [1 .. 60], let w = 7 + (k * 37) `mod` 91, let v = 3 + (k * 53) `mod` 113])
  print (editDistance "kitten" "sitting")
  print (editDistance a b)
  print (editDistance c d)
