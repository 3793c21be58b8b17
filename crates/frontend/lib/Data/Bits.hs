{-# LANGUAGE NoImplicitPrelude #-}
-- | Bit operations on Int, Word, Integer and Bool.
module Data.Bits
  ( Bits(..), FiniteBits(..), toIntegralSized, (.^.), (.>>.), (.<<.)
  ) where

import Prelude
import Hsrts.Prim

infixl 8 `shift`, `shiftL`, `shiftR`, `rotate`, `rotateL`, `rotateR`, .>>., .<<.
infixl 7 .&.
infixl 6 `xor`, .^.
infixl 5 .|.

class Eq a => Bits a where
  (.&.), (.|.), xor :: a -> a -> a
  complement :: a -> a
  shift, rotate :: a -> Int -> a
  zeroBits :: a
  bit :: Int -> a
  setBit, clearBit, complementBit :: a -> Int -> a
  testBit :: a -> Int -> Bool
  bitSizeMaybe :: a -> Maybe Int
  bitSize :: a -> Int
  isSigned :: a -> Bool
  shiftL, shiftR, unsafeShiftL, unsafeShiftR, rotateL, rotateR :: a -> Int -> a
  popCount :: a -> Int
  shift x i = if i >= 0 then shiftL x i else shiftR x (negate i)
  rotate x i = if i >= 0 then rotateL x i else rotateR x (negate i)
  zeroBits = clearBit (bit 0) 0
  setBit x i = x .|. bit i
  clearBit x i = x .&. complement (bit i)
  complementBit x i = x `xor` bit i
  testBit x i = (x .&. bit i) /= zeroBits
  bitSize x = case bitSizeMaybe x of
    Just n -> n
    Nothing -> errorWithoutStackTrace "Data.Bits.bitSize: no size"
  unsafeShiftL = shiftL
  unsafeShiftR = shiftR
  rotateL x i = rotate x i
  rotateR x i = rotate x (negate i)

class Bits b => FiniteBits b where
  finiteBitSize :: b -> Int
  countLeadingZeros, countTrailingZeros :: b -> Int

(.^.) :: Bits a => a -> a -> a
(.^.) = xor

(.>>.), (.<<.) :: Bits a => a -> Int -> a
(.>>.) = shiftR
(.<<.) = shiftL

instance Bits Int where
  (.&.) = primIntAnd
  (.|.) = primIntOr
  xor = primIntXor
  complement = primIntComplement
  shiftL = primIntShiftL
  shiftR = primIntShiftRA
  unsafeShiftL = primIntShiftL
  unsafeShiftR = primIntShiftRA
  shift x i = if i >= 0 then primIntShiftL x i else primIntShiftRA x (negate i)
  rotate x i = let r = i `primIntAnd` 63
               in if r == 0 then x else primIntOr (primIntShiftL x r) (primIntShiftRL x (64 - r))
  zeroBits = 0
  bit i = if i >= 0 && i < 64 then primIntShiftL 1 i else 0
  testBit x i = i >= 0 && i < 64 && primIntAnd x (primIntShiftL 1 i) /= 0
  bitSizeMaybe _ = Just 64
  bitSize _ = 64
  isSigned _ = True
  popCount = primIntPopCount

instance FiniteBits Int where
  finiteBitSize _ = 64
  countLeadingZeros = primIntClz
  countTrailingZeros = primIntCtz

instance Bits Word where
  (.&.) = primWordAnd
  (.|.) = primWordOr
  xor = primWordXor
  complement = primWordComplement
  shiftL = primWordShiftL
  shiftR = primWordShiftR
  shift x i = if i >= 0 then primWordShiftL x i else primWordShiftR x (negate i)
  rotate x i = let r = i `primIntAnd` 63
               in if r == 0 then x else primWordOr (primWordShiftL x r) (primWordShiftR x (64 - r))
  zeroBits = 0
  bit i = if i >= 0 && i < 64 then primWordShiftL 1 i else 0
  testBit x i = i >= 0 && i < 64 && primWordAnd x (primWordShiftL 1 i) /= 0
  bitSizeMaybe _ = Just 64
  bitSize _ = 64
  isSigned _ = False
  popCount = primWordPopCount

instance FiniteBits Word where
  finiteBitSize _ = 64
  countLeadingZeros w = primIntClz (primWordToInt w)
  countTrailingZeros w = primIntCtz (primWordToInt w)

instance Bits Integer where
  (.&.) = primIntegerAnd
  (.|.) = primIntegerOr
  xor = primIntegerXor
  complement = primIntegerComplement
  shiftL = primIntegerShiftL
  shiftR = primIntegerShiftR
  shift x i = if i >= 0 then primIntegerShiftL x i else primIntegerShiftR x (negate i)
  rotate = shift
  zeroBits = 0
  bit i = primIntegerShiftL 1 i
  testBit = primIntegerTestBit
  bitSizeMaybe _ = Nothing
  bitSize _ = errorWithoutStackTrace "Data.Bits.bitSize(Integer)"
  isSigned _ = True
  popCount = primIntegerPopCount

instance Bits Bool where
  (.&.) = (&&)
  (.|.) = (||)
  xor = (/=)
  complement = not
  shift x 0 = x
  shift _ _ = False
  rotate x _ = x
  bit 0 = True
  bit _ = False
  testBit x 0 = x
  testBit _ _ = False
  bitSizeMaybe _ = Just 1
  bitSize _ = 1
  isSigned _ = False
  popCount False = 0
  popCount True = 1
  shiftL x i = shift x i
  shiftR x i = shift x (negate i)
  zeroBits = False

instance FiniteBits Bool where
  finiteBitSize _ = 1
  countLeadingZeros x = if x then 0 else 1
  countTrailingZeros x = if x then 0 else 1

toIntegralSized :: (Integral a, Integral b, Bounded b) => a -> Maybe b
toIntegralSized x = let y = fromIntegral x
                    in if toInteger y == toInteger x then Just y else Nothing
