{-# LANGUAGE NoImplicitPrelude #-}
-- | The Enum and Bounded classes, their instances for the built-in types,
-- and the error functions of derived instances.
module GHC.Enum
  ( Enum(..), Bounded(..)
  , boundedEnumFrom, boundedEnumFromThen
  , toEnumError, succError, predError
  ) where

import GHC.Base
import GHC.Num
import Hsrts.Prim

class Bounded a where
  minBound, maxBound :: a

class Enum a where
  succ, pred :: a -> a
  toEnum :: Int -> a
  fromEnum :: a -> Int
  enumFrom :: a -> [a]
  enumFromThen :: a -> a -> [a]
  enumFromTo :: a -> a -> [a]
  enumFromThenTo :: a -> a -> a -> [a]
  succ = toEnum . (\x -> x + 1) . fromEnum
  pred = toEnum . (\x -> x - 1) . fromEnum
  enumFrom x = map toEnum (enumFrom (fromEnum x))
  enumFromThen x y = map toEnum (enumFromThen (fromEnum x) (fromEnum y))
  enumFromTo x y = map toEnum (enumFromTo (fromEnum x) (fromEnum y))
  enumFromThenTo x1 x2 y = map toEnum (enumFromThenTo (fromEnum x1) (fromEnum x2) (fromEnum y))

-- | enumFrom for a Bounded Enum whose default enumFrom would run past the end.
boundedEnumFrom :: (Enum a, Bounded a) => a -> [a]
boundedEnumFrom n = map toEnum (enumFromTo (fromEnum n) (fromEnum (maxBound `asTypeOf` n)))

boundedEnumFromThen :: (Enum a, Bounded a) => a -> a -> [a]
boundedEnumFromThen n1 n2
  | i_n2 >= i_n1 = map toEnum (enumFromThenTo i_n1 i_n2 (fromEnum (maxBound `asTypeOf` n1)))
  | otherwise = map toEnum (enumFromThenTo i_n1 i_n2 (fromEnum (minBound `asTypeOf` n1)))
  where
    i_n1 = fromEnum n1
    i_n2 = fromEnum n2

-- Errors of derived Enum instances, with GHC 9.0's messages. The first
-- argument is the call site GHC reports: the deriving clause's position,
-- e.g. "t.hs:2:45 in main:Main"; the second the type's name.

toEnumError :: String -> String -> Int -> (Int, Int) -> a
toEnumError loc inst_ty i (lo, hi) =
  errorAt loc ("toEnum{" ++ inst_ty ++ "}: tag (" ++ primIntToString i
    ++ ") is outside of enumeration's range (" ++ primIntToString lo ++ ","
    ++ primIntToString hi ++ ")")

succError :: String -> String -> a
succError loc inst_ty =
  errorAt loc ("succ{" ++ inst_ty ++ "}: tried to take `succ' of last tag in enumeration")

predError :: String -> String -> a
predError loc inst_ty =
  errorAt loc ("pred{" ++ inst_ty ++ "}: tried to take `pred' of first tag in enumeration")

instance Bounded Int where
  minBound = primIntShiftL 1 63
  maxBound = primIntComplement (primIntShiftL 1 63)

instance Enum Int where
  succ x = if primIntEq x maxBound
             then errorWithoutStackTrace "Prelude.Enum.succ{Int}: tried to take `succ' of maxBound"
             else primIntAdd x 1
  pred x = if primIntEq x minBound
             then errorWithoutStackTrace "Prelude.Enum.pred{Int}: tried to take `pred' of minBound"
             else primIntSub x 1
  toEnum x = x
  fromEnum x = x
  enumFrom x = enumFromTo x maxBound
  enumFromTo x y = if primIntGt x y then [] else go x
    where go i = i : (if primIntEq i y then [] else go (primIntAdd i 1))
  enumFromThen x1 x2 = enumFromThenTo x1 x2 (if primIntGe x2 x1 then maxBound else minBound)
  enumFromThenTo x1 x2 y
    | primIntGe x2 x1 = if primIntGt x1 y then [] else up x1
    | otherwise = if primIntLt x1 y then [] else down x1
    where
      delta = primIntSub x2 x1
      -- Stop before the step would pass y (or wrap around).
      up i = i : (if primIntGt i (primIntSub y delta) then [] else up (primIntAdd i delta))
      down i = i : (if primIntLt i (primIntSub y delta) then [] else down (primIntAdd i delta))

instance Bounded Word where
  minBound = primIntToWord 0
  maxBound = primIntToWord (primIntNegate 1)

instance Enum Word where
  succ x = if primWordEq x maxBound
             then errorWithoutStackTrace "Prelude.Enum.Word.succ: bad argument"
             else primWordAdd x (primIntToWord 1)
  pred x = if primWordEq x minBound
             then errorWithoutStackTrace "Prelude.Enum.Word.pred: bad argument"
             else primWordSub x (primIntToWord 1)
  toEnum x = if primIntLt x 0
               then errorWithoutStackTrace ("Enum.toEnum{Word}: tag (" ++ primIntToString x
                      ++ ") is outside of bounds (0,18446744073709551615)")
               else primIntToWord x
  fromEnum x = if primWordGt x (primIntToWord maxBound)
                 then errorWithoutStackTrace ("Enum.fromEnum{Word}: value (" ++ primWordToString x
                        ++ ") is outside of Int's bounds (-9223372036854775808,9223372036854775807)")
                 else primWordToInt x
  enumFrom x = enumFromTo x maxBound
  enumFromTo x y = go x
    where go i = if primWordGt i y then [] else i : (if primWordEq i y then [] else go (primWordAdd i (primIntToWord 1)))
  enumFromThen x1 x2 = enumFromThenTo x1 x2 (if primWordGe x2 x1 then maxBound else minBound)
  enumFromThenTo x1 x2 y = map primIntegerToWord
    (enumFromThenTo (primWordToInteger x1) (primWordToInteger x2) (primWordToInteger y))

instance Enum Integer where
  succ x = x + 1
  pred x = x - 1
  toEnum = primIntToInteger
  fromEnum = primIntegerToInt
  enumFrom x = x : enumFrom (x + 1)
  enumFromThen x y = x : enumFromThen y (y + y - x)
  enumFromTo x lim = go x
    where go i = if i > lim then [] else i : go (i + 1)
  enumFromThenTo x1 x2 lim
    | x2 >= x1 = up x1
    | otherwise = down x1
    where
      delta = x2 - x1
      up i = if i > lim then [] else i : up (i + delta)
      down i = if i < lim then [] else i : down (i + delta)

instance Bounded Char where
  minBound = '\0'
  maxBound = '\x10FFFF'

instance Enum Char where
  succ c = if primCharEq c maxBound
             then errorWithoutStackTrace "Prelude.Enum.Char.succ: bad argument"
             else primIntToChar (primIntAdd (primCharToInt c) 1)
  pred c = if primCharEq c minBound
             then errorWithoutStackTrace "Prelude.Enum.Char.pred: bad argument"
             else primIntToChar (primIntSub (primCharToInt c) 1)
  toEnum i = if primIntGe i 0 && primIntLe i 0x10FFFF
               then primIntToChar i
               else errorWithoutStackTrace ("Prelude.chr: bad argument: " ++ showSignedInt i)
    where showSignedInt n = if primIntLt n 0 then "(" ++ primIntToString n ++ ")" else primIntToString n
  fromEnum = primCharToInt
  enumFrom c = map primIntToChar (enumFromTo (primCharToInt c) 0x10FFFF)
  enumFromTo c d = map primIntToChar (enumFromTo (primCharToInt c) (primCharToInt d))
  enumFromThen c d = map primIntToChar (enumFromThenTo (primCharToInt c) (primCharToInt d)
                       (if primCharGe d c then 0x10FFFF else 0))
  enumFromThenTo c d e = map primIntToChar (enumFromThenTo (primCharToInt c) (primCharToInt d) (primCharToInt e))

instance Bounded Bool where
  minBound = False
  maxBound = True

instance Enum Bool where
  succ False = True
  succ True = errorWithoutStackTrace "Prelude.Enum.Bool.succ: bad argument"
  pred True = False
  pred False = errorWithoutStackTrace "Prelude.Enum.Bool.pred: bad argument"
  toEnum n | primIntEq n 0 = False
           | primIntEq n 1 = True
           | otherwise = errorWithoutStackTrace "Prelude.Enum.Bool.toEnum: bad argument"
  fromEnum False = 0
  fromEnum True = 1
  enumFrom = boundedEnumFrom
  enumFromThen = boundedEnumFromThen

instance Bounded Ordering where
  minBound = LT
  maxBound = GT

instance Enum Ordering where
  succ LT = EQ
  succ EQ = GT
  succ GT = errorWithoutStackTrace "Prelude.Enum.Ordering.succ: bad argument"
  pred GT = EQ
  pred EQ = LT
  pred LT = errorWithoutStackTrace "Prelude.Enum.Ordering.pred: bad argument"
  toEnum n | primIntEq n 0 = LT
           | primIntEq n 1 = EQ
           | primIntEq n 2 = GT
           | otherwise = errorWithoutStackTrace "Prelude.Enum.Ordering.toEnum: bad argument"
  fromEnum LT = 0
  fromEnum EQ = 1
  fromEnum GT = 2
  enumFrom = boundedEnumFrom
  enumFromThen = boundedEnumFromThen

instance Bounded () where
  minBound = ()
  maxBound = ()

instance Enum () where
  succ _ = errorWithoutStackTrace "Prelude.Enum.().succ: bad argument"
  pred _ = errorWithoutStackTrace "Prelude.Enum.().pred: bad argument"
  toEnum x | primIntEq x 0 = ()
           | otherwise = errorWithoutStackTrace "Prelude.Enum.().toEnum: bad argument"
  fromEnum () = 0
  enumFrom () = [()]
  enumFromThen () () = let many = () : many in many
  enumFromTo () () = [()]
  enumFromThenTo () () () = let many = () : many in many

instance (Bounded a, Bounded b) => Bounded (a, b) where
  minBound = (minBound, minBound)
  maxBound = (maxBound, maxBound)
