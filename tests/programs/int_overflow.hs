-- Int is 64 bits and wraps around on overflow (as on GHC x86-64).
-- tags: numbers int
module Main where

main :: IO ()
main = do
  let big = maxBound :: Int
      small = minBound :: Int
  print (big + 1 == small, big + 1, small - 1)
  print (big * 2, big * big, small * (-1), negate small, abs small)
  print (2 ^ 63 :: Int, 2 ^ 64 :: Int, 3 ^ 40 :: Int)
  print (product [1 .. 25 :: Int], product [1 .. 21 :: Int])
  print (fromIntegral (2 ^ 40 :: Int) * (2 ^ 40 :: Int))
  print (sum (replicate 10 big), foldl (*) 1 [1 .. 100 :: Int])
  let h = foldl (\acc c -> acc * 31 + fromEnum c) 7 "the quick brown fox jumps over the lazy dog" :: Int
  print h
  print (big `div` 2, small `div` 2, small `quot` 3, small `rem` 3, small `mod` 3)
  print (fromIntegral big + (1 :: Integer), fromIntegral (fromIntegral big + 1 :: Integer) :: Int)
