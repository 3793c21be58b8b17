-- CAFs stay correct across garbage collections: large list CAFs, an infinite CAF and a
-- CAF of function type are evaluated, garbage is collected around them, and they are used again.
-- tags: gc laziness caf
module Main where

import System.Mem

table :: [Int]
table = [i * i `mod` 1009 | i <- [1 .. 200000]]

lookupTable :: Int -> Int
lookupTable i = cafArray !! (i `mod` 1000)

cafArray :: [Int]
cafArray = map (* 3) [0 .. 999]

primesCaf :: [Int]
primesCaf = sieve [2 ..] where sieve (p : xs) = p : sieve [x | x <- xs, x `mod` p /= 0]

adder :: Int -> Int
adder = let k = sum [1 .. 100] in (+ k)

main :: IO ()
main = do
  print (sum table)
  performGC
  print (length (filter even table), table !! 199999)
  print (map lookupTable [5, 1005, 999])
  print (take 10 primesCaf)
  performGC
  print (primesCaf !! 300, adder 1)
  let garbage = sum (map (length . show) [1 .. 50000 :: Int])
  print garbage
  performGC
  print (sum table, primesCaf !! 299, adder 2)
