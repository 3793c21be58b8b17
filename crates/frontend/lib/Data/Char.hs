{-# LANGUAGE NoImplicitPrelude #-}
-- | Character classification and conversion: ASCII in Haskell, the rest of
-- Unicode through the runtime's tables (primChar*).
module Data.Char
  ( Char, String
  , isControl, isSpace, isLower, isUpper, isAlpha, isLetter, isDigit, isOctDigit, isHexDigit
  , isAlphaNum, isPrint, isPunctuation, isSymbol, isSeparator, isNumber, isMark
  , isAscii, isLatin1, isAsciiUpper, isAsciiLower
  , GeneralCategory(..), generalCategory
  , toUpper, toLower, toTitle, digitToInt, intToDigit, ord, chr
  ) where

import Prelude
import GHC.Base (ord, unsafeChr)
import GHC.Show (intToDigit)
import Hsrts.Prim

data GeneralCategory
  = UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter
  | NonSpacingMark | SpacingCombiningMark | EnclosingMark
  | DecimalNumber | LetterNumber | OtherNumber
  | ConnectorPunctuation | DashPunctuation | OpenPunctuation | ClosePunctuation
  | InitialQuote | FinalQuote | OtherPunctuation
  | MathSymbol | CurrencySymbol | ModifierSymbol | OtherSymbol
  | Space | LineSeparator | ParagraphSeparator
  | Control | Format | Surrogate | PrivateUse | NotAssigned

categories :: [GeneralCategory]
categories =
  [ UppercaseLetter, LowercaseLetter, TitlecaseLetter, ModifierLetter, OtherLetter
  , NonSpacingMark, SpacingCombiningMark, EnclosingMark
  , DecimalNumber, LetterNumber, OtherNumber
  , ConnectorPunctuation, DashPunctuation, OpenPunctuation, ClosePunctuation
  , InitialQuote, FinalQuote, OtherPunctuation
  , MathSymbol, CurrencySymbol, ModifierSymbol, OtherSymbol
  , Space, LineSeparator, ParagraphSeparator
  , Control, Format, Surrogate, PrivateUse, NotAssigned ]

categoryIndex :: GeneralCategory -> Int
categoryIndex c = case c of
  UppercaseLetter -> 0
  LowercaseLetter -> 1
  TitlecaseLetter -> 2
  ModifierLetter -> 3
  OtherLetter -> 4
  NonSpacingMark -> 5
  SpacingCombiningMark -> 6
  EnclosingMark -> 7
  DecimalNumber -> 8
  LetterNumber -> 9
  OtherNumber -> 10
  ConnectorPunctuation -> 11
  DashPunctuation -> 12
  OpenPunctuation -> 13
  ClosePunctuation -> 14
  InitialQuote -> 15
  FinalQuote -> 16
  OtherPunctuation -> 17
  MathSymbol -> 18
  CurrencySymbol -> 19
  ModifierSymbol -> 20
  OtherSymbol -> 21
  Space -> 22
  LineSeparator -> 23
  ParagraphSeparator -> 24
  Control -> 25
  Format -> 26
  Surrogate -> 27
  PrivateUse -> 28
  NotAssigned -> 29

instance Eq GeneralCategory where
  a == b = categoryIndex a == categoryIndex b

instance Ord GeneralCategory where
  compare a b = compare (categoryIndex a) (categoryIndex b)

instance Show GeneralCategory where
  showsPrec _ c = showString (case c of
    UppercaseLetter -> "UppercaseLetter"; LowercaseLetter -> "LowercaseLetter"
    TitlecaseLetter -> "TitlecaseLetter"; ModifierLetter -> "ModifierLetter"
    OtherLetter -> "OtherLetter"; NonSpacingMark -> "NonSpacingMark"
    SpacingCombiningMark -> "SpacingCombiningMark"; EnclosingMark -> "EnclosingMark"
    DecimalNumber -> "DecimalNumber"; LetterNumber -> "LetterNumber"; OtherNumber -> "OtherNumber"
    ConnectorPunctuation -> "ConnectorPunctuation"; DashPunctuation -> "DashPunctuation"
    OpenPunctuation -> "OpenPunctuation"; ClosePunctuation -> "ClosePunctuation"
    InitialQuote -> "InitialQuote"; FinalQuote -> "FinalQuote"; OtherPunctuation -> "OtherPunctuation"
    MathSymbol -> "MathSymbol"; CurrencySymbol -> "CurrencySymbol"; ModifierSymbol -> "ModifierSymbol"
    OtherSymbol -> "OtherSymbol"; Space -> "Space"; LineSeparator -> "LineSeparator"
    ParagraphSeparator -> "ParagraphSeparator"; Control -> "Control"; Format -> "Format"
    Surrogate -> "Surrogate"; PrivateUse -> "PrivateUse"; NotAssigned -> "NotAssigned")

generalCategory :: Char -> GeneralCategory
generalCategory c = categories !! primCharGeneralCategory c

isAscii, isLatin1, isAsciiUpper, isAsciiLower, isControl, isSpace, isDigit, isOctDigit, isHexDigit :: Char -> Bool
isAscii c = c < '\x80'
isLatin1 c = c <= '\xff'
isAsciiUpper c = c >= 'A' && c <= 'Z'
isAsciiLower c = c >= 'a' && c <= 'z'
isControl c = c < ' ' || (c >= '\DEL' && c <= '\x9f')
isSpace c
  | primIntLe (ord c) 0x377 = c == ' ' || (c >= '\t' && c <= '\r') || c == '\xa0'
  | otherwise = primCharIsSpace c
isDigit c = c >= '0' && c <= '9'
isOctDigit c = c >= '0' && c <= '7'
isHexDigit c = isDigit c || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')

isLower, isUpper, isAlpha, isLetter, isAlphaNum, isPrint :: Char -> Bool
isLower c = if isAscii c then isAsciiLower c else primCharIsLower c
isUpper c = if isAscii c then isAsciiUpper c else primCharIsUpper c
isAlpha c = if isAscii c then isAsciiLower c || isAsciiUpper c else primCharIsAlpha c
isLetter = isAlpha
isAlphaNum c = if isAscii c then isAsciiLower c || isAsciiUpper c || isDigit c else primCharIsAlphaNum c
isPrint c = if isAscii c then c >= ' ' && c < '\DEL' else primCharIsPrint c

isPunctuation, isSymbol, isSeparator, isNumber, isMark :: Char -> Bool
isPunctuation c = let i = primCharGeneralCategory c in primIntGe i 11 && primIntLe i 17
isSymbol c = let i = primCharGeneralCategory c in primIntGe i 18 && primIntLe i 21
isSeparator c = let i = primCharGeneralCategory c in primIntGe i 22 && primIntLe i 24
isNumber c = let i = primCharGeneralCategory c in primIntGe i 8 && primIntLe i 10
isMark c = let i = primCharGeneralCategory c in primIntGe i 5 && primIntLe i 7

toUpper, toLower, toTitle :: Char -> Char
toUpper c
  | isAsciiLower c = unsafeChr (ord c - 32)
  | isAscii c = c
  | otherwise = primCharToUpper c
toLower c
  | isAsciiUpper c = unsafeChr (ord c + 32)
  | isAscii c = c
  | otherwise = primCharToLower c
toTitle = toUpper

digitToInt :: Char -> Int
digitToInt c
  | isDigit c = ord c - ord '0'
  | c >= 'a' && c <= 'f' = ord c - ord 'a' + 10
  | c >= 'A' && c <= 'F' = ord c - ord 'A' + 10
  | otherwise = errorWithoutStackTrace ("Char.digitToInt: not a digit " ++ show c)

chr :: Int -> Char
chr = toEnum
