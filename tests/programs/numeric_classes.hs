-- Numeric classes: defaulting, fromIntegral, realToFrac, Fractional/Floating/RealFrac methods,
-- and a user Num instance.
-- tags: numbers classes
module Main where

data V2 = V2 Int Int deriving (Show, Eq)

instance Num V2 where
  V2 a b + V2 c d = V2 (a + c) (b + d)
  V2 a b * V2 c d = V2 (a * c) (b * d)
  negate (V2 a b) = V2 (negate a) (negate b)
  abs (V2 a b) = V2 (abs a) (abs b)
  signum (V2 a b) = V2 (signum a) (signum b)
  fromInteger n = V2 (fromInteger n) (fromInteger n)

newtype Mod7 = Mod7 Int deriving (Show, Eq)

instance Num Mod7 where
  Mod7 a + Mod7 b = Mod7 ((a + b) `mod` 7)
  Mod7 a * Mod7 b = Mod7 ((a * b) `mod` 7)
  negate (Mod7 a) = Mod7 ((7 - a) `mod` 7)
  abs = id
  signum _ = Mod7 1
  fromInteger n = Mod7 (fromInteger (n `mod` 7))

average :: [Int] -> Double
average xs = fromIntegral (sum xs) / fromIntegral (length xs)

main :: IO ()
main = do
  print (2 ^ 10, 2 ** 0.5, 7 / 2, 7 `div` 2)
  print (sum [1 .. 100], product [1 .. 25])
  print (average [1, 2, 3, 4], realToFrac (average [1, 2]) * (2 :: Double))
  print (V2 1 2 + 3, V2 1 2 * V2 3 4 - 1, negate (V2 5 (-6)), sum [V2 1 1, V2 2 2])
  print (Mod7 5 + 4, Mod7 3 * 5, (Mod7 3) ^ (100 :: Int), sum (map Mod7 [1 .. 6]))
  print (sqrt 16, exp 0, log 1, sin 0, cos pi, atan2 1 1 * 4, logBase 2 1024)
  print (truncate (-3.7 :: Double) :: Int, round (-3.5 :: Double) :: Int, ceiling (-3.5 :: Double) :: Int, floor (3.999 :: Double) :: Int)
  print (fromIntegral (7 :: Int) :: Integer, toInteger (maxBound :: Int), fromInteger (2 ^ 65) :: Int)
  print (recip 4 :: Double, 10 `divMod` 3, (-10) `quotRem` 3, signum (-2.5 :: Double), abs (-0.0 :: Double))
  print (minimum [3.5, 2.25, 7], maximum (map abs [-9, 4, 1 :: Int]), gcd 12 18, lcm 4 6)
  print (even 4, odd 4, subtract 3 10, fromEnum 'A' + 1, 5 `max` 3 + 1)
  print (show (1 / 0 :: Double), isNaN (sqrt (-1) :: Double), 0.1 + 0.2 :: Double, 1e300 * 1e10 :: Double)
  print (floor (2 ^ 62 + 0.5 :: Double) :: Integer, tanh 0.5 :: Double, asin 1 :: Double, 3 ^ 3 ^ 2)
