-- Heavy allocation with a large 64 MB nursery (and, as a variant, a small 64 KB one: many collections): many short-lived lists and Integers.
-- args: 200000
-- rts: -A64m
-- tags: gc memory
-- rts-variants: -A64k
module Main where

import System.Environment
import Data.List (foldl')

step :: Integer -> Int -> Integer
step acc i = (acc * 31 + fromIntegral (sum (map (* i) [1 .. 10]))) `mod` 1000000007

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
  print (foldl' step 7 [1 .. n])
  print (length (filter even (concatMap (\i -> [i, i + 1, i + 2]) [1 .. n])))
  print (sum (map (length . show) [1 .. n `div` 4]))
