{-# LANGUAGE NoImplicitPrelude #-}
-- | Word8, Word16, Word32 and Word64: newtypes over Word whose value is
-- always kept in the type's range (every operation re-narrows).
-- Foreign calls marshal them as the C types int8_t.. (see Note [Foreign
-- types] in crates/frontend/src/typecheck/lower/foreign.rs). The
-- constructors are not exported (GHC's are I8# etc. over unboxed values).
module GHC.Word
  ( Word8, Word16, Word32, Word64
  ) where

import Prelude
import GHC.Base (overflowError)
import GHC.Int (sizedSucc, sizedPred, sizedEnumFrom, sizedEnumFromThen, rotateLow)
import Data.Bits
import Hsrts.Prim

-- The instances follow Note [Sized integer instances] in GHC.Int, whose
-- type-generic helpers they use; `sizedToEnum` below is the Word version.

-- | `toEnum` of the type called `name`, whose values are the Words
-- 0..`hi`, each boxed by `box`.
sizedToEnum :: String -> Word -> (Word -> a) -> Int -> a
sizedToEnum name hi box i = if i >= 0 && primIntToWord i <= hi then box (primIntToWord i)
  else errorWithoutStackTrace ("Enum.toEnum{" ++ name ++ "}: tag (" ++ show i
    ++ ") is outside of bounds (0," ++ show hi ++ ")")

newtype Word8 = W8 Word deriving (Eq, Ord)

instance Show Word8 where
  showsPrec p (W8 x) = showsPrec p x

instance Read Word8 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Word8 where
  minBound = W8 (0)
  maxBound = W8 255

instance Num Word8 where
  W8 x + W8 y = W8 (primNarrow8Word (x + y))
  W8 x - W8 y = W8 (primNarrow8Word (x - y))
  W8 x * W8 y = W8 (primNarrow8Word (x * y))
  negate (W8 x) = W8 (primNarrow8Word (negate x))
  abs (W8 x) = W8 (primNarrow8Word (abs x))
  signum (W8 x) = W8 (signum x)
  fromInteger i = W8 (primNarrow8Word (fromInteger i))

instance Real Word8 where
  toRational (W8 x) = toRational x

instance Enum Word8 where
  succ = sizedSucc "Word8"
  pred = sizedPred "Word8"
  toEnum = sizedToEnum "Word8" 255 W8
  fromEnum (W8 x) = primWordToInt x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (W8 x) (W8 y) = map W8 (enumFromTo x y)
  enumFromThenTo (W8 x) (W8 y) (W8 z) = map W8 (enumFromThenTo x y z)

instance Integral Word8 where
  quot (W8 x) (W8 y) = W8 (primNarrow8Word (quot x y))
  rem (W8 x) (W8 y) = W8 (primNarrow8Word (rem x y))
  div (W8 x) (W8 y) = W8 (primNarrow8Word (div x y))
  mod (W8 x) (W8 y) = W8 (primNarrow8Word (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (W8 x) = toInteger x

instance Bits Word8 where
  W8 x .&. W8 y = W8 (x .&. y)
  W8 x .|. W8 y = W8 (x .|. y)
  xor (W8 x) (W8 y) = W8 (xor x y)
  complement (W8 x) = W8 (primNarrow8Word (complement x))
  shiftL (W8 x) i = W8 (primNarrow8Word (shiftL x i))
  shiftR (W8 x) i = W8 (shiftR x i)
  rotate (W8 x) i = W8 (primNarrow8Word (rotateLow 8 x i))
  zeroBits = W8 0
  bit i = if i >= 0 && i < 8 then W8 (primNarrow8Word (shiftL 1 i)) else W8 0
  testBit (W8 x) i = i >= 0 && i < 8 && testBit x i
  bitSizeMaybe _ = Just 8
  bitSize _ = 8
  isSigned _ = False
  popCount (W8 x) = popCount x

instance FiniteBits Word8 where
  finiteBitSize _ = 8
  countLeadingZeros (W8 x) = countLeadingZeros x - 56
  countTrailingZeros (W8 x) = min 8 (countTrailingZeros x)

newtype Word16 = W16 Word deriving (Eq, Ord)

instance Show Word16 where
  showsPrec p (W16 x) = showsPrec p x

instance Read Word16 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Word16 where
  minBound = W16 (0)
  maxBound = W16 65535

instance Num Word16 where
  W16 x + W16 y = W16 (primNarrow16Word (x + y))
  W16 x - W16 y = W16 (primNarrow16Word (x - y))
  W16 x * W16 y = W16 (primNarrow16Word (x * y))
  negate (W16 x) = W16 (primNarrow16Word (negate x))
  abs (W16 x) = W16 (primNarrow16Word (abs x))
  signum (W16 x) = W16 (signum x)
  fromInteger i = W16 (primNarrow16Word (fromInteger i))

instance Real Word16 where
  toRational (W16 x) = toRational x

instance Enum Word16 where
  succ = sizedSucc "Word16"
  pred = sizedPred "Word16"
  toEnum = sizedToEnum "Word16" 65535 W16
  fromEnum (W16 x) = primWordToInt x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (W16 x) (W16 y) = map W16 (enumFromTo x y)
  enumFromThenTo (W16 x) (W16 y) (W16 z) = map W16 (enumFromThenTo x y z)

instance Integral Word16 where
  quot (W16 x) (W16 y) = W16 (primNarrow16Word (quot x y))
  rem (W16 x) (W16 y) = W16 (primNarrow16Word (rem x y))
  div (W16 x) (W16 y) = W16 (primNarrow16Word (div x y))
  mod (W16 x) (W16 y) = W16 (primNarrow16Word (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (W16 x) = toInteger x

instance Bits Word16 where
  W16 x .&. W16 y = W16 (x .&. y)
  W16 x .|. W16 y = W16 (x .|. y)
  xor (W16 x) (W16 y) = W16 (xor x y)
  complement (W16 x) = W16 (primNarrow16Word (complement x))
  shiftL (W16 x) i = W16 (primNarrow16Word (shiftL x i))
  shiftR (W16 x) i = W16 (shiftR x i)
  rotate (W16 x) i = W16 (primNarrow16Word (rotateLow 16 x i))
  zeroBits = W16 0
  bit i = if i >= 0 && i < 16 then W16 (primNarrow16Word (shiftL 1 i)) else W16 0
  testBit (W16 x) i = i >= 0 && i < 16 && testBit x i
  bitSizeMaybe _ = Just 16
  bitSize _ = 16
  isSigned _ = False
  popCount (W16 x) = popCount x

instance FiniteBits Word16 where
  finiteBitSize _ = 16
  countLeadingZeros (W16 x) = countLeadingZeros x - 48
  countTrailingZeros (W16 x) = min 16 (countTrailingZeros x)

newtype Word32 = W32 Word deriving (Eq, Ord)

instance Show Word32 where
  showsPrec p (W32 x) = showsPrec p x

instance Read Word32 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Word32 where
  minBound = W32 (0)
  maxBound = W32 4294967295

instance Num Word32 where
  W32 x + W32 y = W32 (primNarrow32Word (x + y))
  W32 x - W32 y = W32 (primNarrow32Word (x - y))
  W32 x * W32 y = W32 (primNarrow32Word (x * y))
  negate (W32 x) = W32 (primNarrow32Word (negate x))
  abs (W32 x) = W32 (primNarrow32Word (abs x))
  signum (W32 x) = W32 (signum x)
  fromInteger i = W32 (primNarrow32Word (fromInteger i))

instance Real Word32 where
  toRational (W32 x) = toRational x

instance Enum Word32 where
  succ = sizedSucc "Word32"
  pred = sizedPred "Word32"
  toEnum = sizedToEnum "Word32" 4294967295 W32
  fromEnum (W32 x) = primWordToInt x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (W32 x) (W32 y) = map W32 (enumFromTo x y)
  enumFromThenTo (W32 x) (W32 y) (W32 z) = map W32 (enumFromThenTo x y z)

instance Integral Word32 where
  quot (W32 x) (W32 y) = W32 (primNarrow32Word (quot x y))
  rem (W32 x) (W32 y) = W32 (primNarrow32Word (rem x y))
  div (W32 x) (W32 y) = W32 (primNarrow32Word (div x y))
  mod (W32 x) (W32 y) = W32 (primNarrow32Word (mod x y))
  divMod a b = (div a b, mod a b)
  toInteger (W32 x) = toInteger x

instance Bits Word32 where
  W32 x .&. W32 y = W32 (x .&. y)
  W32 x .|. W32 y = W32 (x .|. y)
  xor (W32 x) (W32 y) = W32 (xor x y)
  complement (W32 x) = W32 (primNarrow32Word (complement x))
  shiftL (W32 x) i = W32 (primNarrow32Word (shiftL x i))
  shiftR (W32 x) i = W32 (shiftR x i)
  rotate (W32 x) i = W32 (primNarrow32Word (rotateLow 32 x i))
  zeroBits = W32 0
  bit i = if i >= 0 && i < 32 then W32 (primNarrow32Word (shiftL 1 i)) else W32 0
  testBit (W32 x) i = i >= 0 && i < 32 && testBit x i
  bitSizeMaybe _ = Just 32
  bitSize _ = 32
  isSigned _ = False
  popCount (W32 x) = popCount x

instance FiniteBits Word32 where
  finiteBitSize _ = 32
  countLeadingZeros (W32 x) = countLeadingZeros x - 32
  countTrailingZeros (W32 x) = min 32 (countTrailingZeros x)

newtype Word64 = W64 Word deriving (Eq, Ord)


instance Show Word64 where
  showsPrec p (W64 x) = showsPrec p x

instance Read Word64 where
  readsPrec p s = [(fromInteger x, r) | (x, r) <- readsPrec p s]

instance Bounded Word64 where
  minBound = W64 minBound
  maxBound = W64 maxBound

instance Num Word64 where
  W64 x + W64 y = W64 (x + y)
  W64 x - W64 y = W64 (x - y)
  W64 x * W64 y = W64 (x * y)
  negate (W64 x) = W64 (negate x)
  abs (W64 x) = W64 (abs x)
  signum (W64 x) = W64 (signum x)
  fromInteger i = W64 (fromInteger i)

instance Real Word64 where
  toRational (W64 x) = toRational x

instance Enum Word64 where
  succ = sizedSucc "Word64"
  pred = sizedPred "Word64"
  toEnum = sizedToEnum "Word64" maxBound W64
  fromEnum (W64 x) = if x > primIntToWord maxBound
    then errorWithoutStackTrace ("Enum.fromEnum{Word64}: value (" ++ show x ++ ") is outside of Int's bounds (-9223372036854775808,9223372036854775807)")
    else primWordToInt x
  enumFrom = sizedEnumFrom
  enumFromThen = sizedEnumFromThen
  enumFromTo (W64 x) (W64 y) = map W64 (enumFromTo x y)
  enumFromThenTo (W64 x) (W64 y) (W64 z) = map W64 (enumFromThenTo x y z)

instance Integral Word64 where
  quot (W64 x) (W64 y) = W64 (quot x y)
  rem (W64 x) (W64 y) = W64 (rem x y)
  div (W64 x) (W64 y) = W64 (div x y)
  mod (W64 x) (W64 y) = W64 (mod x y)
  divMod a b = (div a b, mod a b)
  toInteger (W64 x) = toInteger x

instance Bits Word64 where
  W64 x .&. W64 y = W64 (x .&. y)
  W64 x .|. W64 y = W64 (x .|. y)
  xor (W64 x) (W64 y) = W64 (xor x y)
  complement (W64 x) = W64 (complement x)
  shiftL (W64 x) i = W64 (shiftL x i)
  shiftR (W64 x) i = W64 (shiftR x i)
  rotate (W64 x) i = W64 (rotate x i)
  zeroBits = W64 0
  bit i = if i >= 0 && i < 64 then W64 (shiftL 1 i) else W64 0
  testBit (W64 x) i = i >= 0 && i < 64 && testBit x i
  bitSizeMaybe _ = Just 64
  bitSize _ = 64
  isSigned _ = False
  popCount (W64 x) = popCount x

instance FiniteBits Word64 where
  finiteBitSize _ = 64
  countLeadingZeros (W64 x) = countLeadingZeros x
  countTrailingZeros (W64 x) = countTrailingZeros x
