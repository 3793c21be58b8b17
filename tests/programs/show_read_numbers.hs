-- show and read for Int, Integer and Double, including GHC's Double formatting rules.
-- tags: show read numbers
module Main where

doubles :: [Double]
doubles =
  [ 0, 1, -1, 0.1, 0.5, 1.5, 0.01, 1.0e-2, 0.099, 1234567, 9999999, 1.0e7, 12345678.9
  , 1 / 3, 2 / 3, 1.0e-4, 123.456, 5.0e-324, 1.7976931348623157e308, 1.0e22, 1.0e21
  , 3.141592653589793, 100, 0.1 + 0.2, 2 ** 62, 6.02214076e23, 1.0e-10, -2.5e-3 ]

main :: IO ()
main = do
  mapM_ print doubles
  let nan = 0 / 0 :: Double
      inf = 1 / 0 :: Double
  print (nan, inf, -inf, isNaN nan, isInfinite inf)
  print (negate 0 :: Double, -0.0 :: Double, 0 * (-1) :: Double, isNegativeZero (-0.0 :: Double))
  print (show (-1.5 :: Double), showsPrec 7 (-1.5 :: Double) "")
  print [Just (-2.0 :: Double), Nothing]
  print (maxBound :: Int, minBound :: Int)
  print (0 :: Int, -0 :: Int, 12345 :: Int, -98765 :: Int)
  print (2 ^ 100 :: Integer, negate (3 ^ 50) :: Integer)
  print (read "42" :: Int, read "-17" :: Int, read "  7  " :: Int, read "(3)" :: Int)
  print (read "123456789012345678901234567890" :: Integer, read "-5" :: Integer)
  print (read "3.25" :: Double, read "1e3" :: Double, read "-0.5" :: Double, read "7" :: Double)
  print (read "1.5e-2" :: Double, read "Infinity" :: Double, read "2.0E10" :: Double)
  print (read "[1,2,3]" :: [Int], read "(1,-2)" :: (Int, Int))
  print (fromIntegral (3 :: Int) / 2 :: Double, truncate (-2.7 :: Double) :: Int)
  print (round 2.5 :: Int, round 3.5 :: Int, round (-2.5) :: Int, ceiling 2.1 :: Int, floor (-2.1) :: Int)
  print (properFraction (3.75 :: Double) :: (Int, Double))
  print (sqrt 2 :: Double, exp 1 :: Double, pi :: Double)
  print (fromIntegral (maxBound :: Int) :: Double, 2 ^ 53 + 1 :: Double)
  print (toRational (0.75 :: Double) == 3 / 4, realToFrac (1.5 :: Double) :: Double)
  print (decodeFloat (1.0 :: Double), significand (8 :: Double), exponent (8 :: Double))
  print (minimum doubles, maximum doubles)
