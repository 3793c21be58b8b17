{-# LANGUAGE NoImplicitPrelude #-}
-- | The Show class, GHC's exact rendering of the built-in types, and the
-- ShowS combinators (derived Show instances use them).
module GHC.Show
  ( Show(..), ShowS
  , shows, showChar, showString, showParen, showSpace, showCommaSpace
  , showList__, showLitChar, showLitString, showTuple, intToDigit
  , showSignedInt, protectEsc
  ) where

import GHC.Base
import GHC.Num
import GHC.List
import Hsrts.Prim

type ShowS = String -> String

class Show a where
  showsPrec :: Int -> a -> ShowS
  show :: a -> String
  showList :: [a] -> ShowS
  showsPrec _ x s = show x ++ s
  show x = showsPrec 0 x ""
  showList ls s = showList__ shows ls s

shows :: Show a => a -> ShowS
shows = showsPrec 0

showChar :: Char -> ShowS
showChar = (:)

showString :: String -> ShowS
showString = (++)

showParen :: Bool -> ShowS -> ShowS
showParen b p = if b then showChar '(' . p . showChar ')' else p

showSpace :: ShowS
showSpace = \xs -> ' ' : xs

showCommaSpace :: ShowS
showCommaSpace = showString ", "

showList__ :: (a -> ShowS) -> [a] -> ShowS
showList__ _ [] s = "[]" ++ s
showList__ showx (x:xs) s = '[' : showx x (showl xs)
  where showl [] = ']' : s
        showl (y:ys) = ',' : showx y (showl ys)

showTuple :: [ShowS] -> ShowS
showTuple ss = showChar '(' . foldr1 (\s r -> s . showChar ',' . r) ss . showChar ')'

intToDigit :: Int -> Char
intToDigit i
  | primIntGe i 0 && primIntLe i 9 = primIntToChar (primIntAdd 48 i)
  | primIntGe i 10 && primIntLe i 15 = primIntToChar (primIntAdd 87 i)
  | otherwise = errorWithoutStackTrace ("Char.intToDigit: not a digit " ++ primIntToString i)

showSignedInt :: Int -> Int -> ShowS
showSignedInt p n r
  | primIntLt n 0 && primIntGt p 6 = '(' : primIntToString n ++ (')' : r)
  | otherwise = primIntToString n ++ r

instance Show Int where
  showsPrec = showSignedInt
  show = primIntToString

instance Show Integer where
  showsPrec p n r
    | primIntegerLt n (primIntToInteger 0) && primIntGt p 6 = '(' : primIntegerToString n ++ (')' : r)
    | otherwise = primIntegerToString n ++ r
  show = primIntegerToString

instance Show Word where
  showsPrec _ w r = primWordToString w ++ r

protectEsc :: (Char -> Bool) -> ShowS -> ShowS
protectEsc p f = f . cont
  where cont s@(c:_) | p c = "\\&" ++ s
        cont s = s

asciiTab :: [String]
asciiTab = ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
            "BS",  "HT",  "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
            "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
            "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US",
            "SP"]

isDigitAscii :: Char -> Bool
isDigitAscii c = primCharGe c '0' && primCharLe c '9'

showLitChar :: Char -> ShowS
showLitChar c s
  | primCharGt c '\DEL' = showChar '\\' (protectEsc isDigitAscii (showString (primIntToString (ord c))) s)
  | primCharEq c '\DEL' = showString "\\DEL" s
  | primCharEq c '\\' = showString "\\\\" s
  | primCharGe c ' ' = showChar c s
  | primCharEq c '\a' = showString "\\a" s
  | primCharEq c '\b' = showString "\\b" s
  | primCharEq c '\f' = showString "\\f" s
  | primCharEq c '\n' = showString "\\n" s
  | primCharEq c '\r' = showString "\\r" s
  | primCharEq c '\t' = showString "\\t" s
  | primCharEq c '\v' = showString "\\v" s
  | primCharEq c '\SO' = protectEsc (primCharEq 'H') (showString "\\SO") s
  | otherwise = showString ('\\' : (asciiTab !! ord c)) s

showLitString :: String -> ShowS
showLitString [] s = s
showLitString (c:cs) s
  | primCharEq c '"' = showString "\\\"" (showLitString cs s)
  | otherwise = showLitChar c (showLitString cs s)

instance Show Char where
  showsPrec _ c
    | primCharEq c '\'' = showString "'\\''"
    | otherwise = showChar '\'' . showLitChar c . showChar '\''
  showList cs = showChar '"' . showLitString cs . showChar '"'

instance Show a => Show [a] where
  showsPrec _ = showList

instance Show Bool where
  showsPrec _ True = showString "True"
  showsPrec _ False = showString "False"

instance Show Ordering where
  showsPrec _ LT = showString "LT"
  showsPrec _ EQ = showString "EQ"
  showsPrec _ GT = showString "GT"

instance Show () where
  showsPrec _ () = showString "()"

instance Show a => Show (Maybe a) where
  showsPrec _ Nothing = showString "Nothing"
  showsPrec d (Just x) = showParen (primIntGe d 11) (showString "Just " . showsPrec 11 x)

instance (Show a, Show b) => Show (Either a b) where
  showsPrec d (Left a) = showParen (primIntGe d 11) (showString "Left " . showsPrec 11 a)
  showsPrec d (Right b) = showParen (primIntGe d 11) (showString "Right " . showsPrec 11 b)

instance (Show a, Show b) => Show (a, b) where
  showsPrec _ (a, b) s = showTuple [shows a, shows b] s

instance (Show a, Show b, Show c) => Show (a, b, c) where
  showsPrec _ (a, b, c) s = showTuple [shows a, shows b, shows c] s

instance (Show a, Show b, Show c, Show d) => Show (a, b, c, d) where
  showsPrec _ (a, b, c, d) s = showTuple [shows a, shows b, shows c, shows d] s

instance (Show a, Show b, Show c, Show d, Show e) => Show (a, b, c, d, e) where
  showsPrec _ (a, b, c, d, e) s = showTuple [shows a, shows b, shows c, shows d, shows e] s

instance (Show a, Show b, Show c, Show d, Show e, Show f) => Show (a, b, c, d, e, f) where
  showsPrec _ (a, b, c, d, e, f) s = showTuple [shows a, shows b, shows c, shows d, shows e, shows f] s

instance (Show a, Show b, Show c, Show d, Show e, Show f, Show g) => Show (a, b, c, d, e, f, g) where
  showsPrec _ (a, b, c, d, e, f, g) s = showTuple [shows a, shows b, shows c, shows d, shows e, shows f, shows g] s
