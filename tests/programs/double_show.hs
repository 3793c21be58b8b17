-- show for many computed Doubles: shortest round-trip digits and GHC's choice of notation.
-- Only correctly rounded operations (+, -, *, /, sqrt) are used, so results do not depend on libm.
-- tags: show numbers double
module Main where

main :: IO ()
main = do
  print [sqrt (fromIntegral i) | i <- [1 .. 30 :: Int]]
  print [1 / fromIntegral i | i <- [1 .. 30 :: Int]]
  print [10 ^^ e | e <- [-25 .. 25 :: Int]] 
  print [2 ^^ e | e <- [-30, -20 .. 70 :: Int]]
  print [fromIntegral i * 0.1 | i <- [0 .. 30 :: Int]]
  print (scanl1 (+) (replicate 20 0.1))
  print (take 12 (iterate (* 1.7) 1.0e-6))
  print [fromIntegral i / 7 * 1000 | i <- [1 .. 12 :: Int]]
  print [fromIntegral (3 ^ i :: Integer) :: Double | i <- [30 .. 40 :: Int]]
  print (map (read . show) [0.3, 2 / 3, 1.0e-300, 123456.789] == [0.3, 2 / 3, 1.0e-300, 123456.789 :: Double])
  print (0.1 :: Double, 9.999999e6 :: Double, 1.0e7 - 1 :: Double, 0.1 - 1.0e-17 :: Double)
  print (encodeFloat 1 (-1074) :: Double, encodeFloat 1 (-1022) :: Double, encodeFloat (2 ^ 53 - 1) 971 :: Double)
