-- Integer arithmetic beyond 64 bits: factorials, Fibonacci, powers, gcd/lcm, conversions.
-- tags: integer numbers
module Main where

factorial :: Integer -> Integer
factorial n = product [1 .. n]

fib :: Int -> Integer
fib n = go n 0 1
  where
    go 0 a _ = a
    go k a b = go (k - 1) b (a + b)

isqrt :: Integer -> Integer
isqrt 0 = 0
isqrt n = go n
  where
    go x = let y = (x + n `div` x) `div` 2 in if y >= x then x else go y

powMod :: Integer -> Integer -> Integer -> Integer
powMod _ 0 m = 1 `mod` m
powMod b e m
  | even e = let h = powMod b (e `div` 2) m in h * h `mod` m
  | otherwise = b * powMod b (e - 1) m `mod` m

digitSum :: Integer -> Integer
digitSum 0 = 0
digitSum n = n `mod` 10 + digitSum (n `div` 10)

main :: IO ()
main = do
  print (factorial 200)
  print (fib 1000)
  print (2 ^ 256 :: Integer, 3 ^ 100 - 2 ^ 150 :: Integer)
  print (gcd (factorial 50) (fib 300), lcm (2 ^ 70) (3 ^ 40 :: Integer), gcd 0 (0 :: Integer), gcd (-12) (18 :: Integer))
  print (isqrt (10 ^ 60), isqrt (2 * 10 ^ 40))
  print (powMod 2 1000 1000000007, powMod 3 (10 ^ 18) (10 ^ 9 + 9))
  print (digitSum (factorial 100), length (show (factorial 1000)))
  let a = 123456789012345678901234567890 :: Integer
      b = -98765432109876543210 :: Integer
  print (a + b, a - b, a * b, negate a, abs b, signum b, signum (0 :: Integer))
  print (a `div` b, a `mod` b, a `quot` b, a `rem` b)
  print (divMod b 7, quotRem b 7, divMod (-a) (-b), quotRem (-a) (-b))
  print (compare a b, a == a, max a b, a > 10 ^ 29)
  print (fromIntegral (2 ^ 64 + 5 :: Integer) :: Int, fromIntegral (-(2 ^ 63) :: Integer) :: Int, toInteger (maxBound :: Int) + 1)
  print (fromInteger (2 ^ 80) :: Double, truncate (1.0e20 :: Double) :: Integer, round (-2.5e15 :: Double) :: Integer)
  print (product [1 .. 25 :: Integer] `div` product [1 .. 20], 10 ^ 30 `quot` 7, (-(10 ^ 30)) `rem` 7)
  print (sum (map fromIntegral [maxBound, maxBound, maxBound :: Int]) :: Integer)
  print (even (2 ^ 100 :: Integer), odd (3 ^ 77 :: Integer), (2 :: Integer) ^ (0 :: Int))
