{-# LANGUAGE BangPatterns #-}
-- Fannkuch-redux (after the benchmarks game): permutations and prefix reversals.
-- args: 7
-- bench-args: 8
-- tags: benchmark nofib lists
module Main where

import System.Environment
import Data.List (foldl')

flips :: [Int] -> Int
flips = go 0
  where
    go !acc (1 : _) = acc
    go acc xs@(x : _) = let (a, b) = splitAt x xs in go (acc + 1) (reverse a ++ b)
    go acc [] = acc

-- Permutations by rotation. The order differs from the benchmarks game's, so the
-- checksum differs from its published one; the maximum flip count is the same.
perms :: [Int] -> [[Int]]
perms [] = [[]]
perms xs = concatMap (\(h, rest) -> map (h :) (perms rest)) (rotations xs)
  where
    rotations ys = [(y, ys') | i <- [0 .. length ys - 1], let (y : ys') = drop i ys ++ take i ys]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      ps = perms [1 .. n]
      (checksum, maxFlips) = foldl' step (0, 0) (zip [0 :: Int ..] ps)
      step (!c, !m) (i, p) = let f = flips p in (if even i then c + f else c - f, max m f)
  print checksum
  putStrLn ("Pfannkuchen(" ++ show n ++ ") = " ++ show maxFlips)
