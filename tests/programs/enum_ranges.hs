-- Arithmetic sequences over Int, Integer, Char and Double (including the Double rounding rule).
-- tags: enum lists
module Main where

main :: IO ()
main = do
  print [1 .. 10 :: Int]
  print [1, 3 .. 20 :: Int]
  print [10, 8 .. 1 :: Int]
  print [5 .. 1 :: Int]
  print [1, 1 .. 1 :: Int] `seq` print (take 3 [1, 1 .. 1 :: Int])
  print (take 5 [100 :: Int ..], take 4 [0, -7 ..] :: [Int])
  print [maxBound - 2 .. maxBound :: Int]
  print [minBound, minBound + (maxBound `div` 2) .. maxBound :: Int]
  print ['a' .. 'j']
  print ['a', 'c' .. 'k']
  print ['z', 'x' .. 'p']
  print [1.0, 1.5 .. 3.0 :: Double]
  print [0.1, 0.2 .. 1.0 :: Double]
  print [1.0 .. 4.5 :: Double]
  print [5.0, 4.0 .. 1.0 :: Double]
  print (length [1, 1.1 .. 2 :: Double])
  print [10 ^ 20, 10 ^ 20 + 5 .. 10 ^ 20 + 20 :: Integer]
  print (sum [1 .. 1000 :: Integer], product [1 .. 20 :: Integer])
  print (map fromEnum "AZaz09", toEnum 955 :: Char, succ 'a', pred 10 :: Int)
  print ([LT ..], [False ..], [(), ()])
  print (fromEnum 3.7, toEnum 65 :: Char, fromEnum (2.5 :: Double))
