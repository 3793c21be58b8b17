{-# LANGUAGE NoImplicitPrelude #-}
-- | Real, Integral, Fractional, RealFrac; Ratio and Rational; the numeric
-- conversions and powers.
module GHC.Real
  ( Ratio(..), Rational
  , Real(..), Integral(..), Fractional(..), RealFrac(..)
  , (%), numerator, denominator, reduce
  , fromIntegral, realToFrac, (^), (^^), gcd, lcm, even, odd
  , numericEnumFrom, numericEnumFromThen, numericEnumFromTo, numericEnumFromThenTo
  , integralEnumFromTo, showSigned, ratioZeroDenominatorError
  ) where

import GHC.Base
import GHC.Num
import GHC.Enum
import GHC.List
import GHC.Show
import Hsrts.Prim

infixr 8 ^, ^^
infixl 7 /, `quot`, `rem`, `div`, `mod`
infixl 7 %
infixl 7 :%

data Ratio a = !a :% !a

type Rational = Ratio Integer

class (Num a, Ord a) => Real a where
  toRational :: a -> Rational

class (Real a, Enum a) => Integral a where
  quot, rem, div, mod :: a -> a -> a
  quotRem, divMod :: a -> a -> (a, a)
  toInteger :: a -> Integer
  n `quot` d = fst (quotRem n d)
  n `rem` d = snd (quotRem n d)
  n `div` d = fst (divMod n d)
  n `mod` d = snd (divMod n d)
  divMod n d = if signum r == negate (signum d) then (q - 1, r + d) else qr
    where qr = quotRem n d
          q = fst qr
          r = snd qr
  quotRem n d = (quot n d, rem n d)

class Num a => Fractional a where
  (/) :: a -> a -> a
  recip :: a -> a
  fromRational :: Rational -> a
  recip x = 1 / x
  x / y = x * recip y

class (Real a, Fractional a) => RealFrac a where
  properFraction :: Integral b => a -> (b, a)
  truncate, round :: Integral b => a -> b
  ceiling, floor :: Integral b => a -> b
  truncate x = fst (properFraction x)
  round x = let (n, r) = properFraction x
                m = if r < 0 then n - 1 else n + 1
            in case signum (abs r - 0.5) `compare` 0 of
                 LT -> n
                 EQ -> if even n then n else m
                 GT -> m
  ceiling x = if r > 0 then n + 1 else n
    where (n, r) = properFraction x
  floor x = if r < 0 then n - 1 else n
    where (n, r) = properFraction x

ratioZeroDenominatorError :: a
ratioZeroDenominatorError =
  primRaise (mkSomeException "GHC.Base.ArithException" (primUnsafeCoerce RatioZeroDenominator)
               (\_ r -> showArithException RatioZeroDenominator ++ r))

(%) :: Integral a => a -> a -> Ratio a
x % y = reduce (x * signum y) (abs y)

reduce :: Integral a => a -> a -> Ratio a
reduce x y
  | y == 0 = ratioZeroDenominatorError
  | otherwise = (x `quot` d) :% (y `quot` d)
  where d = gcd x y

numerator :: Ratio a -> a
numerator (x :% _) = x

denominator :: Ratio a -> a
denominator (_ :% y) = y

instance Eq a => Eq (Ratio a) where
  (x :% y) == (x' :% y') = x == x' && y == y'

instance Integral a => Ord (Ratio a) where
  compare (x :% y) (x' :% y') = compare (x * y') (x' * y)
  (x :% y) <= (x' :% y') = x * y' <= x' * y
  (x :% y) < (x' :% y') = x * y' < x' * y

instance Integral a => Num (Ratio a) where
  (x :% y) + (x' :% y') = reduce (x * y' + x' * y) (y * y')
  (x :% y) - (x' :% y') = reduce (x * y' - x' * y) (y * y')
  (x :% y) * (x' :% y') = reduce (x * x') (y * y')
  negate (x :% y) = negate x :% y
  abs (x :% y) = abs x :% y
  signum (x :% _) = signum x :% 1
  fromInteger x = fromInteger x :% 1

instance Integral a => Fractional (Ratio a) where
  (x :% y) / (x' :% y') = (x * y') % (y * x')
  recip (x :% y)
    | x == 0 = ratioZeroDenominatorError
    | x < 0 = negate y :% negate x
    | otherwise = y :% x
  fromRational (x :% y) = fromInteger x % fromInteger y

instance Integral a => Real (Ratio a) where
  toRational (x :% y) = toInteger x :% toInteger y

instance Integral a => RealFrac (Ratio a) where
  properFraction (x :% y) = (fromInteger (toInteger q), r :% y)
    where (q, r) = quotRem x y

instance Show a => Show (Ratio a) where
  showsPrec p (x :% y) = showParen (primIntGt p 7)
    (showsPrec 8 x . showString " % " . showsPrec 8 y)

instance Integral a => Enum (Ratio a) where
  succ x = x + 1
  pred x = x - 1
  toEnum n = fromInteger (primIntToInteger n) :% 1
  fromEnum = fromInteger . truncate
  enumFrom = numericEnumFrom
  enumFromThen = numericEnumFromThen
  enumFromTo = numericEnumFromTo
  enumFromThenTo = numericEnumFromThenTo

-- Instances for the built-in integral types.

instance Real Int where
  toRational x = primIntToInteger x :% 1

instance Integral Int where
  quot = primIntQuot
  rem = primIntRem
  div = primIntDiv
  mod = primIntMod
  quotRem x y = (primIntQuot x y, primIntRem x y)
  divMod x y = (primIntDiv x y, primIntMod x y)
  toInteger = primIntToInteger

instance Real Word where
  toRational x = primWordToInteger x :% 1

instance Integral Word where
  quot = primWordQuot
  rem = primWordRem
  div = primWordQuot
  mod = primWordRem
  quotRem x y = (primWordQuot x y, primWordRem x y)
  divMod x y = (primWordQuot x y, primWordRem x y)
  toInteger = primWordToInteger

instance Real Integer where
  toRational x = x :% 1

instance Integral Integer where
  quot = primIntegerQuot
  rem = primIntegerRem
  div = primIntegerDiv
  mod = primIntegerMod
  quotRem = primIntegerQuotRem
  divMod = primIntegerDivMod
  toInteger x = x

fromIntegral :: (Integral a, Num b) => a -> b
fromIntegral x = fromInteger (toInteger x)

realToFrac :: (Real a, Fractional b) => a -> b
realToFrac x = fromRational (toRational x)

even :: Integral a => a -> Bool
even n = n `rem` 2 == 0

odd :: Integral a => a -> Bool
odd n = not (even n)

(^) :: (Num a, Integral b) => a -> b -> a
x0 ^ y0
  | y0 < 0 = errorWithoutStackTrace "Negative exponent"
  | y0 == 0 = 1
  | otherwise = f x0 y0
  where
    f x y | even y = f (x * x) (y `quot` 2)
          | y == 1 = x
          | otherwise = g (x * x) (y `quot` 2) x
    g x y z | even y = g (x * x) (y `quot` 2) z
            | y == 1 = x * z
            | otherwise = g (x * x) (y `quot` 2) (x * z)

(^^) :: (Fractional a, Integral b) => a -> b -> a
x ^^ n = if n >= 0 then x ^ n else recip (x ^ negate n)

gcd :: Integral a => a -> a -> a
gcd x y = gcd' (abs x) (abs y)
  where gcd' a 0 = a
        gcd' a b = gcd' b (a `rem` b)

lcm :: Integral a => a -> a -> a
lcm _ 0 = 0
lcm 0 _ = 0
lcm x y = abs ((x `quot` (gcd x y)) * y)

integralEnumFromTo :: Integral a => a -> a -> [a]
integralEnumFromTo n m = map fromInteger (enumFromTo (toInteger n) (toInteger m))

numericEnumFrom :: Fractional a => a -> [a]
numericEnumFrom n = go 0
  where go k = let n' = n + k in n' `seq` (n' : go (k + 1))

numericEnumFromThen :: Fractional a => a -> a -> [a]
numericEnumFromThen n m = go 0
  where
    step = m - n
    go k = let n' = n + k * step in n' `seq` (n' : go (k + 1))

numericEnumFromTo :: (Ord a, Fractional a) => a -> a -> [a]
numericEnumFromTo n m = takeWhile (<= m + 1 / 2) (numericEnumFrom n)

numericEnumFromThenTo :: (Ord a, Fractional a) => a -> a -> a -> [a]
numericEnumFromThenTo e1 e2 e3 = takeWhile predicate (numericEnumFromThen e1 e2)
  where
    mid = (e2 - e1) / 2
    predicate | e2 >= e1 = (<= e3 + mid)
              | otherwise = (>= e3 + mid)

showSigned :: Real a => (a -> ShowS) -> Int -> a -> ShowS
showSigned showPos p x
  | x < 0 = showParen (primIntGt p 6) (showChar '-' . showPos (negate x))
  | otherwise = showPos x
