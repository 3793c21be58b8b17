{-# LANGUAGE NoImplicitPrelude #-}
-- | Floating and RealFloat, the Double instances, and GHC's exact decimal
-- rendering of Double (show, showEFloat, showFFloat, showGFloat). The
-- shortest-digits generation is the primitive primDoubleShowDigits (GHC's
-- floatToDigits 10); the layout around the digits is done here.
--
-- Float is a newtype over Double whose value is always a binary32 value:
-- every operation computes in Double and rounds to the nearest binary32
-- (primDoubleRoundFloat). For +, -, *, / and sqrt that is exactly IEEE
-- single-precision arithmetic (binary64 has more than twice the bits); the
-- transcendental functions and conversions from Integer/Rational are
-- rounded twice and may differ from GHC's in the last bit. Foreign calls
-- pass it as a C float (Note [Foreign types] in
-- crates/frontend/src/typecheck/lower/foreign.rs).
module GHC.Float
  ( Floating(..), RealFloat(..), Float, float2Double, double2Float
  , floatToDigits, showFloat, showEFloat, showFFloat, showGFloat
  , showSignedFloat, rationalToDouble
  ) where

import GHC.Base
import GHC.Num
import GHC.Enum
import GHC.List
import GHC.Show
import GHC.Real
import Hsrts.Prim

infixr 8 **

class Fractional a => Floating a where
  pi :: a
  exp, log, sqrt :: a -> a
  (**), logBase :: a -> a -> a
  sin, cos, tan, asin, acos, atan :: a -> a
  sinh, cosh, tanh, asinh, acosh, atanh :: a -> a
  x ** y = exp (log x * y)
  logBase x y = log y / log x
  sqrt x = x ** 0.5
  tan x = sin x / cos x
  tanh x = sinh x / cosh x

class (RealFrac a, Floating a) => RealFloat a where
  floatRadix :: a -> Integer
  floatDigits :: a -> Int
  floatRange :: a -> (Int, Int)
  decodeFloat :: a -> (Integer, Int)
  encodeFloat :: Integer -> Int -> a
  exponent :: a -> Int
  significand :: a -> a
  scaleFloat :: Int -> a -> a
  isNaN, isInfinite, isDenormalized, isNegativeZero, isIEEE :: a -> Bool
  atan2 :: a -> a -> a
  exponent x = case decodeFloat x of
                 (m, n) -> if m == 0 then 0 else n + floatDigits x
  significand x = case decodeFloat x of
                    (m, _) -> encodeFloat m (negate (floatDigits x))
  scaleFloat k x = case decodeFloat x of
                     (m, n) -> if m == 0 then x else encodeFloat m (n + k)

instance Real Double where
  toRational x = case primDoubleDecode x of
    (m, e) | e >= 0 -> (m * 2 ^ e) :% 1
           | otherwise -> m % (2 ^ negate e)

instance Fractional Double where
  (/) = primDoubleDiv
  recip x = primDoubleDiv 1.0 x
  fromRational (n :% d) = rationalToDouble n d

-- | The Double nearest to n/d (ties to even).
rationalToDouble :: Integer -> Integer -> Double
rationalToDouble n d
  | d == 0 = primDoubleDiv (primIntToDouble (primIntegerToInt (signum n))) zero
  | n == 0 = zero
  | n < 0 = primDoubleNegate (positive (negate n) d)
  | otherwise = positive n d
  where
    -- Scale so the integer quotient has exactly 53 bits, round it
    -- half-to-even on the remainder, and let encodeFloat place the exponent.
    positive a b =
      let e0 = integerLog2 a - integerLog2 b - 53
          (a', b') = if e0 >= 0 then (a, b * 2 ^ e0) else (a * 2 ^ negate e0, b)
          (q0, r0) = quotRem a' b'
          (q, r, bb, e) = if q0 >= 2 ^ (53 :: Int) then (q0 `quot` 2, r0 + (q0 `rem` 2) * b', b' * 2, e0 + 1)
                          else (q0, r0, b', e0)
          q' = case compare (2 * r) bb of
                 LT -> q
                 GT -> q + 1
                 EQ -> if even q then q else q + 1
      in primDoubleEncode q' e

-- No Double literals here: under GHC's RebindableSyntax (the cross-check)
-- a literal would call fromRational, i.e. this function.
zero :: Double
zero = primIntToDouble 0

integerLog2 :: Integer -> Int
integerLog2 m = go 0 m
  where go k x = if x < 2 then k else go (primIntAdd k 1) (primIntegerShiftR x 1)

instance Floating Double where
  pi = 3.141592653589793
  exp = primDoubleExp
  log = primDoubleLog
  sqrt = primDoubleSqrt
  (**) = primDoublePow
  logBase x y = primDoubleDiv (primDoubleLog y) (primDoubleLog x)
  sin = primDoubleSin
  cos = primDoubleCos
  tan = primDoubleTan
  asin = primDoubleAsin
  acos = primDoubleAcos
  atan = primDoubleAtan
  sinh = primDoubleSinh
  cosh = primDoubleCosh
  tanh = primDoubleTanh
  asinh = primDoubleAsinh
  acosh = primDoubleAcosh
  atanh = primDoubleAtanh

-- 2^63 as a Double: truncation to Int is exact below it.
intRangeLimit :: Double
intRangeLimit = 9.223372036854775807e18

inIntRange :: Double -> Bool
inIntRange x = primDoubleLt (primDoubleAbs x) intRangeLimit

instance RealFrac Double where
  properFraction x
    | inIntRange x = let t = primDoubleTruncateToInt x
                     in (fromIntegral t, primDoubleSub x (primIntToDouble t))
    | otherwise = case primDoubleDecode x of
        (m, n) -> if n >= 0 then (fromInteger (m * 2 ^ n), 0.0)
                  else case quotRem m (2 ^ negate n) of
                         (w, r) -> (fromInteger w, primDoubleEncode r n)
  truncate x
    | inIntRange x = fromIntegral (primDoubleTruncateToInt x)
    | otherwise = fromInteger (fst (properFractionInteger x))
  floor x
    | inIntRange x = let t = primDoubleTruncateToInt x
                     in fromIntegral (if primDoubleLt x (primIntToDouble t) then primIntSub t 1 else t)
    | otherwise = fromInteger (fst (properFractionInteger x))
  ceiling x
    | inIntRange x = let t = primDoubleTruncateToInt x
                     in fromIntegral (if primDoubleGt x (primIntToDouble t) then primIntAdd t 1 else t)
    | otherwise = fromInteger (fst (properFractionInteger x))
  round x
    | inIntRange x =
        let t = primDoubleTruncateToInt x
            r = primDoubleSub x (primIntToDouble t)
            away = if primDoubleLt r 0.0 then primIntSub t 1 else primIntAdd t 1
            half = primDoubleAbs r
        in fromIntegral (if primDoubleLt half 0.5 then t
                         else if primDoubleGt half 0.5 then away
                         else if primIntEq (primIntRem t 2) 0 then t else away)
    | otherwise = fromInteger (fst (properFractionInteger x))

properFractionInteger :: Double -> (Integer, Double)
properFractionInteger x = case primDoubleDecode x of
  (m, n) -> if n >= 0 then (m * 2 ^ n, 0.0)
            else case quotRem m (2 ^ negate n) of
                   (w, r) -> (w, primDoubleEncode r n)

instance RealFloat Double where
  floatRadix _ = 2
  floatDigits _ = 53
  floatRange _ = (-1021, 1024)
  decodeFloat = primDoubleDecode
  encodeFloat = primDoubleEncode
  isNaN = primDoubleIsNaN
  isInfinite = primDoubleIsInfinite
  isDenormalized x = primDoubleNe x 0.0 && primDoubleLt (primDoubleAbs x) 2.2250738585072014e-308
                     && not (primDoubleIsNaN x)
  isNegativeZero = primDoubleIsNegativeZero
  isIEEE _ = True
  atan2 = primDoubleAtan2

instance Enum Double where
  succ x = primDoubleAdd x 1.0
  pred x = primDoubleSub x 1.0
  toEnum = primIntToDouble
  fromEnum = primDoubleTruncateToInt
  enumFrom = numericEnumFrom
  enumFromTo = numericEnumFromTo
  enumFromThen = numericEnumFromThen
  enumFromThenTo = numericEnumFromThenTo

instance Show Double where
  showsPrec p = showSignedFloat showFloat p
  showList = showList__ (showsPrec 0)

-- ---------------------------------------------------------------------------
-- Rendering

-- | GHC's floatToDigits 10 (for x >= 0): digits and exponent, x = 0.d1d2.. * 10^e.
floatToDigits :: Integer -> Double -> ([Int], Int)
floatToDigits _ x = case primDoubleShowDigits x of
  (ds, e) -> (map digitValue ds, e)
  where digitValue c = primIntSub (ord c) 48

showSignedFloat :: (Double -> ShowS) -> Int -> Double -> ShowS
showSignedFloat showPos p x
  | primDoubleLt x 0.0 || primDoubleIsNegativeZero x =
      showParen (primIntGt p 6) (showChar '-' . showPos (primDoubleNegate x))
  | otherwise = showPos x

-- | Non-finite values and the sign, then the layout on the digits of |x|.
formatWith :: (String -> Int -> String) -> Double -> String
formatWith = formatDigits primDoubleShowDigits

-- | formatWith with the shortest-digits function as a parameter.
formatDigits :: (Double -> (String, Int)) -> (String -> Int -> String) -> Double -> String
formatDigits digits layout x
  | primDoubleIsNaN x = "NaN"
  | primDoubleIsInfinite x = if primDoubleLt x 0.0 then "-Infinity" else "Infinity"
  | primDoubleLt x 0.0 || primDoubleIsNegativeZero x = '-' : digitsOf (primDoubleNegate x)
  | otherwise = digitsOf x
  where digitsOf y = case digits y of (ds, e) -> layout ds e

showFloat :: Double -> ShowS
showFloat x = showString (formatWith generic x)
  where generic ds e = if primIntLt e 0 || primIntGt e 7 then expForm ds e else fixedForm ds e

-- d.ddde(n-1), at least one digit after the point.
expForm :: String -> Int -> String
expForm ds e = case ds of
  "0" -> "0.0e0"
  [d] -> d : ".0e" ++ primIntToString (primIntSub e 1)
  (d:rest) -> d : '.' : rest ++ "e" ++ primIntToString (primIntSub e 1)
  [] -> "0.0e0"

-- All digits, the point after e of them, a 0 on an empty side.
fixedForm :: String -> Int -> String
fixedForm ds e
  | primIntLe e 0 = "0." ++ replicate (primIntNegate e) '0' ++ ds
  | otherwise = let padded = ds ++ replicate (primIntSub e (length ds)) '0'
                    (whole, frac) = splitAt e padded
                in whole ++ '.' : (if null frac then "0" else frac)

-- | Rounds a digit string to n digits, half to even, as GHC's roundTo:
-- (1, ds) when the rounding carried into a new leading digit.
roundDigits :: Int -> [Int] -> (Int, [Int])
roundDigits n is = case go n True is of
                     (1, xs) -> (1, 1 : xs)
                     r -> r
  where
    go k _ [] = (0, replicate k 0)
    go 0 evenPrev (x:xs)
      | primIntEq x 5 && evenPrev && all (primIntEq 0) xs = (0, [])
      | otherwise = (if primIntGe x 5 then 1 else 0, [])
    go k _ (i:xs) =
      let (c, rest) = go (primIntSub k 1) (primIntEq (primIntRem i 2) 0) xs
          i' = primIntAdd c i
      in if primIntEq i' 10 then (1, 0 : rest) else (0, i' : rest)

digitChars :: [Int] -> String
digitChars = map (\d -> primIntToChar (primIntAdd 48 d))

digitInts :: String -> [Int]
digitInts = map (\c -> primIntSub (ord c) 48)

-- | showEFloat: d.ddde±n with the given number of decimals (Nothing: all).
showEFloat :: Maybe Int -> Double -> ShowS
showEFloat Nothing x = showString (formatWith expForm x)
showEFloat (Just dec) x = showString (formatWith layout x)
  where
    layout ds e
      | primIntLe dec 0 = case ds of
          "0" -> "0e0"
          _ -> let (c, is') = roundDigits 1 (digitInts ds)
                   lead = digitChars (if primIntGt c 0 then init is' else is')
               in take 1 lead ++ 'e' : primIntToString (primIntAdd (primIntSub e 1) c)
      | otherwise = case ds of
          "0" -> "0." ++ replicate dec '0' ++ "e0"
          _ -> let (c, is') = roundDigits (primIntAdd dec 1) (digitInts ds)
                   shown = digitChars (if primIntGt c 0 then init is' else is')
               in case shown of
                    (d:rest) -> d : '.' : rest ++ 'e' : primIntToString (primIntAdd (primIntSub e 1) c)
                    [] -> "0e0"

-- | showFFloat: fixed notation with the given number of decimals (Nothing: all).
showFFloat :: Maybe Int -> Double -> ShowS
showFFloat Nothing x = showString (formatWith fixedForm x)
showFFloat (Just dec0) x = showString (formatWith layout x)
  where
    dec = if primIntLt dec0 0 then 0 else dec0
    mk0 s = if null s then "0" else s
    layout ds e
      | primIntGe e 0 =
          let (c, is') = roundDigits (primIntAdd dec e) (digitInts ds)
              (whole, frac) = splitAt (primIntAdd e c) (digitChars is')
          in mk0 whole ++ (if null frac then "" else '.' : frac)
      | otherwise =
          let (c, is') = roundDigits dec (replicate (primIntNegate e) 0 ++ digitInts ds)
              shown = digitChars (if primIntGt c 0 then is' else 0 : is')
          in case shown of
               (d:rest) -> d : (if null rest then "" else '.' : rest)
               [] -> "0"

-- | showGFloat: fixed for 0.1 <= |x| < 10^7, exponent otherwise.
showGFloat :: Maybe Int -> Double -> ShowS
showGFloat d x
  | primDoubleIsNaN x || primDoubleIsInfinite x = showFFloat d x
  | a /= 0.0 && (primDoubleLt a 0.1 || primDoubleGe a 1.0e7) = showEFloat d x
  | otherwise = showFFloat d x
  where a = primDoubleAbs x

-- ---------------------------------------------------------------------------
-- Float

newtype Float = F Double

-- | The Double of equal value (exact).
float2Double :: Float -> Double
float2Double (F x) = x

-- | The nearest Float (ties to even).
double2Float :: Double -> Float
double2Float x = F (primDoubleRoundFloat x)

-- Round a Double result to Float.
rf :: Double -> Float
rf x = F (primDoubleRoundFloat x)

instance Eq Float where
  F x == F y = x == y
  F x /= F y = x /= y

instance Ord Float where
  compare (F x) (F y) = compare x y
  F x < F y = x < y
  F x <= F y = x <= y
  F x > F y = x > y
  F x >= F y = x >= y

instance Num Float where
  F x + F y = rf (x + y)
  F x - F y = rf (x - y)
  F x * F y = rf (x * y)
  negate (F x) = F (primDoubleNegate x)
  abs (F x) = F (primDoubleAbs x)
  signum (F x) = F (signum x)
  fromInteger i = rf (primIntegerToDouble i)

instance Real Float where
  toRational (F x) = toRational x

instance Fractional Float where
  F x / F y = rf (primDoubleDiv x y)
  recip (F x) = rf (primDoubleDiv 1.0 x)
  fromRational r = rf (fromRational r)

instance Floating Float where
  pi = rf pi
  exp (F x) = rf (exp x)
  log (F x) = rf (log x)
  sqrt (F x) = rf (sqrt x)
  F x ** F y = rf (x ** y)
  logBase (F x) (F y) = rf (logBase x y)
  sin (F x) = rf (sin x)
  cos (F x) = rf (cos x)
  tan (F x) = rf (tan x)
  asin (F x) = rf (asin x)
  acos (F x) = rf (acos x)
  atan (F x) = rf (atan x)
  sinh (F x) = rf (sinh x)
  cosh (F x) = rf (cosh x)
  tanh (F x) = rf (tanh x)
  asinh (F x) = rf (asinh x)
  acosh (F x) = rf (acosh x)
  atanh (F x) = rf (atanh x)

instance RealFrac Float where
  properFraction (F x) = case properFraction x of (n, f) -> (n, F f)
  truncate (F x) = truncate x
  floor (F x) = floor x
  ceiling (F x) = ceiling x
  round (F x) = round x

instance RealFloat Float where
  floatRadix _ = 2
  floatDigits _ = 24
  floatRange _ = (-125, 128)
  -- A binary32 value's binary64 mantissa has its low 29 bits zero.
  decodeFloat (F x) = case primDoubleDecode x of
    (m, e) -> if m == 0 then (0, 0) else (primIntegerShiftR m 29, primIntAdd e 29)
  encodeFloat m e = rf (primDoubleEncode m e)
  isNaN (F x) = primDoubleIsNaN x
  isInfinite (F x) = primDoubleIsInfinite x
  isDenormalized (F x) = primDoubleNe x 0.0 && primDoubleLt (primDoubleAbs x) 1.1754943508222875e-38
                         && not (primDoubleIsNaN x)
  isNegativeZero (F x) = primDoubleIsNegativeZero x
  isIEEE _ = True
  atan2 (F y) (F x) = rf (primDoubleAtan2 y x)

instance Enum Float where
  succ x = x + 1
  pred x = x - 1
  toEnum i = rf (primIntToDouble i)
  fromEnum (F x) = primDoubleTruncateToInt x
  enumFrom = numericEnumFrom
  enumFromTo = numericEnumFromTo
  enumFromThen = numericEnumFromThen
  enumFromThenTo = numericEnumFromThenTo

instance Show Float where
  showsPrec p (F x) = showSignedFloat showFloatSingle p x
  showList = showList__ (showsPrec 0)

-- | show for a binary32 value held in a Double: GHC's layout around the
-- shortest digits that identify it among binary32 values.
showFloatSingle :: Double -> ShowS
showFloatSingle x = showString (formatDigits primFloatShowDigits generic x)
  where generic ds e = if primIntLt e 0 || primIntGt e 7 then expForm ds e else fixedForm ds e
