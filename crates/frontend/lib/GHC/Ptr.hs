{-# LANGUAGE NoImplicitPrelude #-}
-- | Machine addresses: Ptr and FunPtr, newtypes over Word holding the
-- address (zero-extended to 64 bits on wasm32). Foreign calls pass them as
-- C pointers (Note [Foreign types] in
-- crates/frontend/src/typecheck/lower/foreign.rs). Shown as GHC shows them
-- on a 64-bit target: 0x and 16 hex digits. (Before GHC.Conc, whose
-- stable-pointer casts use Ptr.)
module GHC.Ptr
  ( Ptr(..), FunPtr(..)
  , nullPtr, castPtr, plusPtr, minusPtr, alignPtr
  , nullFunPtr, castFunPtr, castFunPtrToPtr, castPtrToFunPtr
  , ptrToWord, wordToPtr
  ) where

import GHC.Base
import GHC.Num
import GHC.Show
import Hsrts.Prim

newtype Ptr a = Ptr Word

newtype FunPtr a = FunPtr Word

nullPtr :: Ptr a
nullPtr = Ptr 0

castPtr :: Ptr a -> Ptr b
castPtr (Ptr a) = Ptr a

plusPtr :: Ptr a -> Int -> Ptr b
plusPtr (Ptr a) n = Ptr (primWordAdd a (primIntToWord n))

minusPtr :: Ptr a -> Ptr b -> Int
minusPtr (Ptr a) (Ptr b) = primWordToInt (primWordSub a b)

alignPtr :: Ptr a -> Int -> Ptr a
alignPtr p@(Ptr a) n =
  let w = primIntToWord n
      r = primWordRem a w
  in if n <= 0 || r == 0 then p else Ptr (primWordAdd a (primWordSub w r))

nullFunPtr :: FunPtr a
nullFunPtr = FunPtr 0

castFunPtr :: FunPtr a -> FunPtr b
castFunPtr (FunPtr a) = FunPtr a

castFunPtrToPtr :: FunPtr a -> Ptr b
castFunPtrToPtr (FunPtr a) = Ptr a

castPtrToFunPtr :: Ptr a -> FunPtr b
castPtrToFunPtr (Ptr a) = FunPtr a

-- | The address as a number (Foreign.Ptr's WordPtr conversion).
ptrToWord :: Ptr a -> Word
ptrToWord (Ptr a) = a

wordToPtr :: Word -> Ptr a
wordToPtr = Ptr

instance Eq (Ptr a) where
  Ptr a == Ptr b = a == b

instance Ord (Ptr a) where
  compare (Ptr a) (Ptr b) = compare a b

instance Show (Ptr a) where
  showsPrec _ (Ptr a) rest = '0' : 'x' : hex16 a rest

instance Eq (FunPtr a) where
  FunPtr a == FunPtr b = a == b

instance Ord (FunPtr a) where
  compare (FunPtr a) (FunPtr b) = compare a b

instance Show (FunPtr a) where
  showsPrec p = showsPrec p . castFunPtrToPtr

-- The 16 hex digits of a 64-bit word, most significant first.
hex16 :: Word -> String -> String
hex16 w rest = go (16 :: Int) w rest
  where
    go 0 _ acc = acc
    go k x acc = go (k - 1) (primWordShiftR x 4) (digit (primWordToInt (primWordAnd x 15)) : acc)
    digit d = if d < 10 then primIntToChar (48 + d) else primIntToChar (87 + d)
