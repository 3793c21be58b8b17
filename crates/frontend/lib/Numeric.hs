{-# LANGUAGE NoImplicitPrelude #-}
-- | Showing and reading numbers in other bases and formats. The floating
-- functions are for Double only (the subset has no Float).
module Numeric
  ( showSigned, showInt, showHex, showOct, showIntAtBase
  , showEFloat, showFFloat, showGFloat, showFloat, floatToDigits
  , readSigned, readInt, readDec, readHex, readOct, readFloat, lexDigits
  , fromRat
  ) where

import Prelude
import GHC.Real (showSigned)
import GHC.Float (showEFloat, showFFloat, showGFloat, showFloat, floatToDigits, rationalToDouble)
import GHC.Show (intToDigit)
import GHC.Read (lex)
import GHC.Real (Ratio(..))

showInt :: Integral a => a -> ShowS
showInt n r
  | n < 0 = errorWithoutStackTrace "Numeric.showInt: can't show negative numbers"
  | otherwise = showIntAtBase 10 intToDigit n r

showHex :: Integral a => a -> ShowS
showHex = showIntAtBase 16 intToDigit

showOct :: Integral a => a -> ShowS
showOct = showIntAtBase 8 intToDigit

showIntAtBase :: Integral a => a -> (Int -> Char) -> a -> ShowS
showIntAtBase base toChr n0 r0
  | base <= 1 = errorWithoutStackTrace "Numeric.showIntAtBase: applied to unsupported base"
  | n0 < 0 = errorWithoutStackTrace "Numeric.showIntAtBase: applied to negative number"
  | otherwise = go (quotRem n0 base) r0
  where
    go (n, d) r = let c = toChr (fromIntegral d)
                      r' = c : r
                  in c `seq` (if n == 0 then r' else go (quotRem n base) r')

readSigned :: Real a => ReadS a -> ReadS a
readSigned readPos = readParen False read'
  where read' r = read'' r ++ [(negate x, t) | ("-", s) <- lex r, (x, t) <- read'' s]
        read'' r = [(n, s) | (str, s) <- lex r, (n, "") <- readPos str]

readInt :: Num a => a -> (Char -> Bool) -> (Char -> Int) -> ReadS a
readInt base isDig digToInt s = case span isDig s of
  ([], _) -> []
  (ds, r) -> [(foldl (\n d -> n * base + fromIntegral (digToInt d)) 0 ds, r)]

readDec :: (Eq a, Num a) => ReadS a
readDec = readInt 10 (\c -> c >= '0' && c <= '9') (\c -> fromEnum c - fromEnum '0')

readOct :: (Eq a, Num a) => ReadS a
readOct = readInt 8 (\c -> c >= '0' && c <= '7') (\c -> fromEnum c - fromEnum '0')

readHex :: (Eq a, Num a) => ReadS a
readHex = readInt 16 isHex hexValue
  where isHex c = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
        hexValue c
          | c >= '0' && c <= '9' = fromEnum c - fromEnum '0'
          | c >= 'a' && c <= 'f' = fromEnum c - fromEnum 'a' + 10
          | otherwise = fromEnum c - fromEnum 'A' + 10

readFloat :: ReadS Double
readFloat = reads

lexDigits :: ReadS String
lexDigits s = case span (\c -> c >= '0' && c <= '9') s of
  ([], _) -> []
  (ds, r) -> [(ds, r)]

fromRat :: Rational -> Double
fromRat (n :% d) = rationalToDouble n d
