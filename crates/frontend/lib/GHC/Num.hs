{-# LANGUAGE NoImplicitPrelude #-}
-- | The Num class and its instances for the built-in number types.
module GHC.Num
  ( Num(..), subtract
  ) where

import GHC.Base
import Hsrts.Prim

infixl 7 *
infixl 6 +, -

class Num a where
  (+), (-), (*) :: a -> a -> a
  negate, abs, signum :: a -> a
  fromInteger :: Integer -> a
  x - y = x + negate y
  negate x = fromInteger (primIntToInteger 0) - x

subtract :: Num a => a -> a -> a
subtract x y = y - x

instance Num Int where
  (+) = primIntAdd
  (-) = primIntSub
  (*) = primIntMul
  negate = primIntNegate
  abs n = if primIntGe n 0 then n else primIntNegate n
  signum n = if primIntLt n 0 then primIntNegate 1 else if primIntEq n 0 then 0 else 1
  fromInteger = primIntegerToInt

instance Num Word where
  (+) = primWordAdd
  (-) = primWordSub
  (*) = primWordMul
  negate x = primWordSub (primIntToWord 0) x
  abs x = x
  signum x = if primWordEq x (primIntToWord 0) then x else primIntToWord 1
  fromInteger = primIntegerToWord

instance Num Integer where
  (+) = primIntegerAdd
  (-) = primIntegerSub
  (*) = primIntegerMul
  negate = primIntegerNegate
  abs = primIntegerAbs
  signum = primIntegerSignum
  fromInteger x = x

instance Num Double where
  (+) = primDoubleAdd
  (-) = primDoubleSub
  (*) = primDoubleMul
  negate = primDoubleNegate
  abs = primDoubleAbs
  signum x
    | primDoubleGt x 0.0 = 1.0
    | primDoubleLt x 0.0 = primDoubleNegate 1.0
    | otherwise = x
  fromInteger = primIntegerToDouble
