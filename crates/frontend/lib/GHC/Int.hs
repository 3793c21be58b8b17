{-# LANGUAGE NoImplicitPrelude #-}
-- | Int8, Int16, Int32 and Int64: newtypes over Int whose value is always
-- kept in the type's range (every operation re-narrows with a primitive).
-- Foreign calls marshal them as the C types int8_t.. (see Note [Foreign
-- types] in crates/frontend/src/typecheck/lower/foreign.rs). The
-- constructors are not exported (GHC's are I8# etc. over unboxed values).
module GHC.Int
  ( Int8, Int16, Int32, Int64
    -- * For GHC.Word (see Note [Sized integer instances])
  , sizedSucc, sizedPred, sizedEnumFrom, sizedEnumFromThen, rotateLow
  ) where

import Prelude
import GHC.Base (overflowError)
import Data.Bits
import Hsrts.Prim

-- Note [Sized integer instances]
-- ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
-- The four types differ only in constructor, width and narrowing
-- primitive. The subset, like Haskell 2010, cannot write an instance once
-- for several types (no GeneralizedNewtypeDeriving, DerivingVia or CPP; a
-- class's default methods cannot know a type's width), so each instance
-- still lists its methods, one line each. Eq and Ord are derived; the
-- methods with more than one step (the Enum methods with GHC's error
-- texts, rotation) are the helpers below, written once; the methods whose
-- class default says the same (`shift`, `unsafeShiftL`, `unsafeShiftR`,
-- `quotRem`) are left to the default. GHC.Word uses the type-generic
-- helpers and has its own `sizedToEnum` over Word.

sizedSucc :: (Eq a, Bounded a, Num a) => String -> a -> a
sizedSucc name x = if x == maxBound
  then errorWithoutStackTrace ("Enum.succ{" ++ name ++ "}: tried to take `succ' of maxBound")
  else x + 1

sizedPred :: (Eq a, Bounded a, Num a) => String -> a -> a
sizedPred name x = if x == minBound
  then errorWithoutStackTrace ("Enum.pred{" ++ name ++ "}: tried to take `pred' of minBound")
  else x - 1

sizedEnumFrom :: (Bounded a, Enum a) => a -> [a]
sizedEnumFrom x = enumFromTo x maxBound

sizedEnumFromThen :: (Ord a, Bounded a, Enum a) => a -> a -> [a]
sizedEnumFromThen x y = enumFromThenTo x y (if y >= x then maxBound else minBound)

-- | `toEnum` of the type called `name`, whose values are the Ints
-- `lo`..`hi`, each boxed by `box`.
sizedToEnum :: String -> Int -> Int -> (Int -> a) -> Int -> a
sizedToEnum name lo hi box i = if i >= lo && i <= hi then box i
  else errorWithoutStackTrace ("Enum.toEnum{" ++ name ++ "}: tag (" ++ show i
    ++ ") is outside of bounds (" ++ show lo ++ "," ++ show hi ++ ")")

-- | `x` rotated left by `i` within its low `w` bits (w is 8, 16 or 32); the
-- caller re-narrows.
rotateLow :: (Num a, Bits a) => Int -> a -> Int -> a
rotateLow w x i = if k == 0 then x else shiftL low k .|. shiftR low (w - k)
  where
    k = i .&. (w - 1)
    low = x .&. (shiftL 1 w - 1)

newtype Int8 = I8 Int deriving (Eq, Ord)

instance Show Int8 where
  showsPrec p (I8 x) = showsPrec p x

instance Read Int8 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Int8 where
  minBound = I8 (-128)
  maxBound = I8 127

instance Num Int8 where
  I8 x + I8 y = I8 (primNarrow8Int (x + y))
  I8 x - I8 y = I8 (primNarrow8Int (x - y))
  I8 x * I8 y = I8 (primNarrow8Int (x * y))
  negate (I8 x) = I8 (primNarrow8Int (negate x))
  abs (I8 x) = I8 (primNarrow8Int (abs x))
  signum (I8 x) = I8 (signum x)
  fromInteger i = I8 (primNarrow8Int (fromInteger i))

instance Real Int8 where
  toRational (I8 x) = toRational x

instance Enum Int8 where
  succ = sizedSucc "Int8"
  pred = sizedPred "Int8"
  toEnum = sizedToEnum "Int8" (-128) 127 I8
  fromEnum (I8 x) = x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (I8 x) (I8 y) = map I8 (enumFromTo x y)
  enumFromThenTo (I8 x) (I8 y) (I8 z) = map I8 (enumFromThenTo x y z)

instance Integral Int8 where
  quot (I8 x) (I8 y) = if y == (-1) && I8 x == minBound then overflowError else I8 (primNarrow8Int (quot x y))
  rem (I8 x) (I8 y) = I8 (primNarrow8Int (rem x y))
  div (I8 x) (I8 y) = if y == (-1) && I8 x == minBound then overflowError else I8 (primNarrow8Int (div x y))
  mod (I8 x) (I8 y) = I8 (primNarrow8Int (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (I8 x) = toInteger x

instance Bits Int8 where
  I8 x .&. I8 y = I8 (x .&. y)
  I8 x .|. I8 y = I8 (x .|. y)
  xor (I8 x) (I8 y) = I8 (xor x y)
  complement (I8 x) = I8 (primNarrow8Int (complement x))
  shiftL (I8 x) i = I8 (primNarrow8Int (shiftL x i))
  shiftR (I8 x) i = I8 (shiftR x i)
  rotate (I8 x) i = I8 (primNarrow8Int (rotateLow 8 x i))
  zeroBits = I8 0
  bit i = if i >= 0 && i < 8 then I8 (primNarrow8Int (shiftL 1 i)) else I8 0
  testBit (I8 x) i = i >= 0 && i < 8 && testBit x i
  bitSizeMaybe _ = Just 8
  bitSize _ = 8
  isSigned _ = True
  popCount (I8 x) = popCount (x .&. 255)

instance FiniteBits Int8 where
  finiteBitSize _ = 8
  countLeadingZeros (I8 x) = countLeadingZeros (x .&. 255) - 56
  countTrailingZeros (I8 x) = min 8 (countTrailingZeros x)

newtype Int16 = I16 Int deriving (Eq, Ord)

instance Show Int16 where
  showsPrec p (I16 x) = showsPrec p x

instance Read Int16 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Int16 where
  minBound = I16 (-32768)
  maxBound = I16 32767

instance Num Int16 where
  I16 x + I16 y = I16 (primNarrow16Int (x + y))
  I16 x - I16 y = I16 (primNarrow16Int (x - y))
  I16 x * I16 y = I16 (primNarrow16Int (x * y))
  negate (I16 x) = I16 (primNarrow16Int (negate x))
  abs (I16 x) = I16 (primNarrow16Int (abs x))
  signum (I16 x) = I16 (signum x)
  fromInteger i = I16 (primNarrow16Int (fromInteger i))

instance Real Int16 where
  toRational (I16 x) = toRational x

instance Enum Int16 where
  succ = sizedSucc "Int16"
  pred = sizedPred "Int16"
  toEnum = sizedToEnum "Int16" (-32768) 32767 I16
  fromEnum (I16 x) = x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (I16 x) (I16 y) = map I16 (enumFromTo x y)
  enumFromThenTo (I16 x) (I16 y) (I16 z) = map I16 (enumFromThenTo x y z)

instance Integral Int16 where
  quot (I16 x) (I16 y) = if y == (-1) && I16 x == minBound then overflowError else I16 (primNarrow16Int (quot x y))
  rem (I16 x) (I16 y) = I16 (primNarrow16Int (rem x y))
  div (I16 x) (I16 y) = if y == (-1) && I16 x == minBound then overflowError else I16 (primNarrow16Int (div x y))
  mod (I16 x) (I16 y) = I16 (primNarrow16Int (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (I16 x) = toInteger x

instance Bits Int16 where
  I16 x .&. I16 y = I16 (x .&. y)
  I16 x .|. I16 y = I16 (x .|. y)
  xor (I16 x) (I16 y) = I16 (xor x y)
  complement (I16 x) = I16 (primNarrow16Int (complement x))
  shiftL (I16 x) i = I16 (primNarrow16Int (shiftL x i))
  shiftR (I16 x) i = I16 (shiftR x i)
  rotate (I16 x) i = I16 (primNarrow16Int (rotateLow 16 x i))
  zeroBits = I16 0
  bit i = if i >= 0 && i < 16 then I16 (primNarrow16Int (shiftL 1 i)) else I16 0
  testBit (I16 x) i = i >= 0 && i < 16 && testBit x i
  bitSizeMaybe _ = Just 16
  bitSize _ = 16
  isSigned _ = True
  popCount (I16 x) = popCount (x .&. 65535)

instance FiniteBits Int16 where
  finiteBitSize _ = 16
  countLeadingZeros (I16 x) = countLeadingZeros (x .&. 65535) - 48
  countTrailingZeros (I16 x) = min 16 (countTrailingZeros x)

newtype Int32 = I32 Int deriving (Eq, Ord)

instance Show Int32 where
  showsPrec p (I32 x) = showsPrec p x

instance Read Int32 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Int32 where
  minBound = I32 (-2147483648)
  maxBound = I32 2147483647

instance Num Int32 where
  I32 x + I32 y = I32 (primNarrow32Int (x + y))
  I32 x - I32 y = I32 (primNarrow32Int (x - y))
  I32 x * I32 y = I32 (primNarrow32Int (x * y))
  negate (I32 x) = I32 (primNarrow32Int (negate x))
  abs (I32 x) = I32 (primNarrow32Int (abs x))
  signum (I32 x) = I32 (signum x)
  fromInteger i = I32 (primNarrow32Int (fromInteger i))

instance Real Int32 where
  toRational (I32 x) = toRational x

instance Enum Int32 where
  succ = sizedSucc "Int32"
  pred = sizedPred "Int32"
  toEnum = sizedToEnum "Int32" (-2147483648) 2147483647 I32
  fromEnum (I32 x) = x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (I32 x) (I32 y) = map I32 (enumFromTo x y)
  enumFromThenTo (I32 x) (I32 y) (I32 z) = map I32 (enumFromThenTo x y z)

instance Integral Int32 where
  quot (I32 x) (I32 y) = if y == (-1) && I32 x == minBound then overflowError else I32 (primNarrow32Int (quot x y))
  rem (I32 x) (I32 y) = I32 (primNarrow32Int (rem x y))
  div (I32 x) (I32 y) = if y == (-1) && I32 x == minBound then overflowError else I32 (primNarrow32Int (div x y))
  mod (I32 x) (I32 y) = I32 (primNarrow32Int (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (I32 x) = toInteger x

instance Bits Int32 where
  I32 x .&. I32 y = I32 (x .&. y)
  I32 x .|. I32 y = I32 (x .|. y)
  xor (I32 x) (I32 y) = I32 (xor x y)
  complement (I32 x) = I32 (primNarrow32Int (complement x))
  shiftL (I32 x) i = I32 (primNarrow32Int (shiftL x i))
  shiftR (I32 x) i = I32 (shiftR x i)
  rotate (I32 x) i = I32 (primNarrow32Int (rotateLow 32 x i))
  zeroBits = I32 0
  bit i = if i >= 0 && i < 32 then I32 (primNarrow32Int (shiftL 1 i)) else I32 0
  testBit (I32 x) i = i >= 0 && i < 32 && testBit x i
  bitSizeMaybe _ = Just 32
  bitSize _ = 32
  isSigned _ = True
  popCount (I32 x) = popCount (x .&. 4294967295)

instance FiniteBits Int32 where
  finiteBitSize _ = 32
  countLeadingZeros (I32 x) = countLeadingZeros (x .&. 4294967295) - 32
  countTrailingZeros (I32 x) = min 32 (countTrailingZeros x)

newtype Int64 = I64 Int deriving (Eq, Ord)


instance Show Int64 where
  showsPrec p (I64 x) = showsPrec p x

instance Read Int64 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Int64 where
  minBound = I64 minBound
  maxBound = I64 maxBound

instance Num Int64 where
  I64 x + I64 y = I64 (x + y)
  I64 x - I64 y = I64 (x - y)
  I64 x * I64 y = I64 (x * y)
  negate (I64 x) = I64 (negate x)
  abs (I64 x) = I64 (abs x)
  signum (I64 x) = I64 (signum x)
  fromInteger i = I64 (fromInteger i)

instance Real Int64 where
  toRational (I64 x) = toRational x

instance Enum Int64 where
  succ = sizedSucc "Int64"
  pred = sizedPred "Int64"
  toEnum i = I64 i
  fromEnum (I64 x) = x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (I64 x) (I64 y) = map I64 (enumFromTo x y)
  enumFromThenTo (I64 x) (I64 y) (I64 z) = map I64 (enumFromThenTo x y z)

instance Integral Int64 where
  quot (I64 x) (I64 y) = I64 (quot x y)
  rem (I64 x) (I64 y) = I64 (rem x y)
  div (I64 x) (I64 y) = I64 (div x y)
  mod (I64 x) (I64 y) = I64 (mod x y)
  divMod a b = (div a b, mod a b)
  toInteger (I64 x) = toInteger x

instance Bits Int64 where
  I64 x .&. I64 y = I64 (x .&. y)
  I64 x .|. I64 y = I64 (x .|. y)
  xor (I64 x) (I64 y) = I64 (xor x y)
  complement (I64 x) = I64 (complement x)
  shiftL (I64 x) i = I64 (shiftL x i)
  shiftR (I64 x) i = I64 (shiftR x i)
  rotate (I64 x) i = I64 (rotate x i)
  zeroBits = I64 0
  bit i = if i >= 0 && i < 64 then I64 (shiftL 1 i) else I64 0
  testBit (I64 x) i = i >= 0 && i < 64 && testBit x i
  bitSizeMaybe _ = Just 64
  bitSize _ = 64
  isSigned _ = True
  popCount (I64 x) = popCount x

instance FiniteBits Int64 where
  finiteBitSize _ = 64
  countLeadingZeros (I64 x) = countLeadingZeros x
  countTrailingZeros (I64 x) = countTrailingZeros x
