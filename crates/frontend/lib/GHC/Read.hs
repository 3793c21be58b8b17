{-# LANGUAGE NoImplicitPrelude #-}
-- | Read, in the Haskell 2010 report's style (ReadS parsers over a small
-- lexer): numbers, Char, String, Bool, Ordering, (), lists, Maybe, Either
-- and tuples. Enough for `read`-ing input; derived Read is not provided.
module GHC.Read
  ( Read(..), ReadS
  , reads, read, readMaybe, readEither, readParen, lex
  , readDecimalInteger
  ) where

import GHC.Base
import GHC.Num
import GHC.Enum
import GHC.List
import GHC.Show
import GHC.Real
import GHC.Float
import Hsrts.Prim

type ReadS a = String -> [(a, String)]

class Read a where
  readsPrec :: Int -> ReadS a
  readList :: ReadS [a]
  readList = readListDefault

reads :: Read a => ReadS a
reads = readsPrec 0

readEither :: Read a => String -> Either String a
readEither s = case [x | (x, t) <- reads s, ("", "") <- lex t] of
  [x] -> Right x
  [] -> Left "Prelude.read: no parse"
  _ -> Left "Prelude.read: ambiguous parse"

read :: Read a => String -> a
read s = case readEither s of
  Right x -> x
  Left msg -> errorWithoutStackTrace msg

readMaybe :: Read a => String -> Maybe a
readMaybe s = case readEither s of
  Right x -> Just x
  Left _ -> Nothing

readParen :: Bool -> ReadS a -> ReadS a
readParen b g = if b then mandatory else optional
  where
    optional r = g r ++ mandatory r
    mandatory r = [(x, u) | ("(", s) <- lex r, (x, t) <- optional s, (")", u) <- lex t]

readListDefault :: Read a => ReadS [a]
readListDefault = readParen False (\r -> [pr | ("[", s) <- lex r, pr <- readl s])
  where
    readl s = [([], t) | ("]", t) <- lex s] ++ [(x : xs, u) | (x, t) <- reads s, (xs, u) <- readl' t]
    readl' s = [([], t) | ("]", t) <- lex s] ++ [(x : xs, v) | (",", t) <- lex s, (x, u) <- reads t, (xs, v) <- readl' u]

-- ---------------------------------------------------------------------------
-- The lexer

isSpaceC, isDigitC, isAlphaC, isIdentC, isSymbolC, isHexC, isOctC :: Char -> Bool
isSpaceC c = primCharEq c ' ' || (primCharGe c '\t' && primCharLe c '\r') || primCharEq c '\xa0'
isDigitC c = primCharGe c '0' && primCharLe c '9'
isAlphaC c = (primCharGe c 'a' && primCharLe c 'z') || (primCharGe c 'A' && primCharLe c 'Z')
             || (primIntGt (ord c) 127 && primCharIsAlpha c)
isIdentC c = isAlphaC c || isDigitC c || primCharEq c '_' || primCharEq c '\''
isSymbolC c = elem c "!@#$%&*+./<=>?\\^|:-~"
isHexC c = isDigitC c || (primCharGe c 'a' && primCharLe c 'f') || (primCharGe c 'A' && primCharLe c 'F')
isOctC c = primCharGe c '0' && primCharLe c '7'

-- | One Haskell lexeme and the rest; [("", "")] at the end of the input.
lex :: ReadS String
lex s = case dropWhile isSpaceC s of
  "" -> [("", "")]
  str@(c:cs)
    | primCharEq c '\'' -> case lexCharBody cs of
        Just (body, '\'' : t) -> [('\'' : body ++ "'", t)]
        _ -> []
    | primCharEq c '"' -> case lexString cs of
        Just (body, t) -> [('"' : body, t)]
        Nothing -> []
    | elem c "()[]{},;`" -> [([c], cs)]
    | isAlphaC c || primCharEq c '_' -> [span isIdentC str]
    | isDigitC c -> [lexNumber str]
    | isSymbolC c -> [span isSymbolC str]
    | otherwise -> []

lexCharBody :: String -> Maybe (String, String)
lexCharBody ('\\' : rest) = case span (\c -> not (primCharEq c '\'')) rest of
  (esc, t) -> Just ('\\' : esc, t)
lexCharBody (c : rest) = Just ([c], rest)
lexCharBody [] = Nothing

-- The body of a string literal up to and including the closing quote.
lexString :: String -> Maybe (String, String)
lexString ('"' : t) = Just ("\"", t)
lexString ('\\' : c : t) = case lexString t of
  Just (body, u) -> Just ('\\' : c : body, u)
  Nothing -> Nothing
lexString (c : t) = case lexString t of
  Just (body, u) -> Just (c : body, u)
  Nothing -> Nothing
lexString [] = Nothing

lexNumber :: String -> (String, String)
lexNumber ('0' : x : rest)
  | (primCharEq x 'x' || primCharEq x 'X') && startsWith isHexC rest =
      let (ds, t) = span isHexC rest in ('0' : x : ds, t)
  | (primCharEq x 'o' || primCharEq x 'O') && startsWith isOctC rest =
      let (ds, t) = span isOctC rest in ('0' : x : ds, t)
lexNumber s =
  let (whole, t1) = span isDigitC s
      (frac, t2) = case t1 of
        ('.' : d : more) | isDigitC d -> let (ds, u) = span isDigitC (d : more) in ('.' : ds, u)
        _ -> ("", t1)
      (ex, t3) = case t2 of
        (e : more) | primCharEq e 'e' || primCharEq e 'E' -> case more of
          (sgn : d : more') | (primCharEq sgn '-' || primCharEq sgn '+') && isDigitC d ->
            let (ds, u) = span isDigitC (d : more') in (e : sgn : ds, u)
          (d : more') | isDigitC d -> let (ds, u) = span isDigitC (d : more') in (e : ds, u)
          _ -> ("", t2)
        _ -> ("", t2)
  in (whole ++ frac ++ ex, t3)

startsWith :: (Char -> Bool) -> String -> Bool
startsWith p (c:_) = p c
startsWith _ [] = False

-- ---------------------------------------------------------------------------
-- Numbers

digitValue :: Char -> Integer
digitValue c
  | isDigitC c = primIntToInteger (primIntSub (ord c) 48)
  | primCharGe c 'a' = primIntToInteger (primIntSub (ord c) 87)
  | otherwise = primIntToInteger (primIntSub (ord c) 55)

readDecimalInteger :: String -> Integer
readDecimalInteger = primIntegerFromString

-- | An unsigned integer lexeme (decimal, 0x.., 0o..).
integerToken :: String -> Maybe Integer
integerToken ('0' : x : ds)
  | (primCharEq x 'x' || primCharEq x 'X') && not (null ds) && all isHexC ds = Just (foldl (\a c -> a * 16 + digitValue c) 0 ds)
  | (primCharEq x 'o' || primCharEq x 'O') && not (null ds) && all isOctC ds = Just (foldl (\a c -> a * 8 + digitValue c) 0 ds)
integerToken ds
  | not (null ds) && all isDigitC ds = Just (primIntegerFromString ds)
  | otherwise = Nothing

-- | A fractional lexeme (digits with . or e) or an integer one.
doubleToken :: String -> Maybe Double
doubleToken "NaN" = Just (primDoubleDiv 0.0 0.0)
doubleToken "Infinity" = Just (primDoubleDiv 1.0 0.0)
doubleToken tok@(c:_)
  | isDigitC c = case integerToken tok of
      Just n -> Just (primIntegerToDouble n)
      Nothing -> if all (\d -> isDigitC d || elem d ".eE+-") tok then Just (primDoubleFromString tok) else Nothing
doubleToken _ = Nothing

-- | A number with an optional minus (only when p <= 6; inside parentheses
-- the precedence starts again at 0).
readNumber :: (String -> Maybe a) -> (a -> a) -> Int -> ReadS a
readNumber conv neg p r =
  [(neg n, t) | primIntLe p 6, ("-", s) <- lex r, (tok, t) <- lex s, Just n <- [conv tok]]
  ++ [(n, t) | (tok, t) <- lex r, Just n <- [conv tok]]
  ++ [(x, u) | ("(", s) <- lex r, (x, t) <- readNumber conv neg 0 s, (")", u) <- lex t]

instance Read Int where
  readsPrec = readNumber (fmapMaybe primIntegerToInt . integerToken) primIntNegate

instance Read Integer where
  readsPrec = readNumber integerToken primIntegerNegate

instance Read Word where
  readsPrec = readNumber (fmapMaybe primIntegerToWord . integerToken) (\w -> primWordSub (primIntToWord 0) w)

instance Read Double where
  readsPrec = readNumber doubleToken primDoubleNegate

instance Read Float where
  readsPrec p s = [(double2Float d, r) | (d, r) <- readsPrec p s]

fmapMaybe :: (a -> b) -> Maybe a -> Maybe b
fmapMaybe f (Just x) = Just (f x)
fmapMaybe _ Nothing = Nothing

instance (Integral a, Read a) => Read (Ratio a) where
  readsPrec p = readParen (primIntGt p 7)
    (\r -> [(x % y, u) | (x, s) <- readsPrec 8 r, ("%", t) <- lex s, (y, u) <- readsPrec 8 t])

-- ---------------------------------------------------------------------------
-- Characters and strings

asciiNames :: [(String, Char)]
asciiNames = zip ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR",
                  "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
                  "ESC", "FS", "GS", "RS", "US", "SP", "DEL"]
                 (map primIntToChar ([0 .. 32] ++ [127]))

-- | Decodes one (possibly escaped) character at the start of a literal body.
decodeChar :: String -> Maybe (Char, String)
decodeChar ('\\' : rest) = case rest of
  ('n' : t) -> Just ('\n', t)
  ('t' : t) -> Just ('\t', t)
  ('r' : t) -> Just ('\r', t)
  ('a' : t) -> Just ('\a', t)
  ('b' : t) -> Just ('\b', t)
  ('f' : t) -> Just ('\f', t)
  ('v' : t) -> Just ('\v', t)
  ('\\' : t) -> Just ('\\', t)
  ('\'' : t) -> Just ('\'', t)
  ('"' : t) -> Just ('"', t)
  ('^' : c : t) | primCharGe c '@' && primCharLe c '_' -> Just (primIntToChar (primIntSub (ord c) 64), t)
  ('x' : t) | startsWith isHexC t -> let (ds, u) = span isHexC t in code (foldl (\a c -> a * 16 + digitValue c) 0 ds) u
  ('o' : t) | startsWith isOctC t -> let (ds, u) = span isOctC t in code (foldl (\a c -> a * 8 + digitValue c) 0 ds) u
  (d : _) | isDigitC d -> let (ds, u) = span isDigitC rest in code (primIntegerFromString ds) u
  _ -> case [(c, drop (length name) rest) | (name, c) <- asciiNames, isPrefix name rest] of
         [] -> Nothing
         matches -> Just (last matches)
  where code n u = if n <= 0x10FFFF then Just (primIntToChar (primIntegerToInt n), u) else Nothing
decodeChar (c : t) = Just (c, t)
decodeChar [] = Nothing

isPrefix :: String -> String -> Bool
isPrefix [] _ = True
isPrefix (x:xs) (y:ys) = primCharEq x y && isPrefix xs ys
isPrefix _ [] = False

-- | The characters of a string literal body (without the opening quote,
-- with the closing one).
decodeString :: String -> Maybe String
decodeString "\"" = Just ""
decodeString ('\\' : '&' : t) = decodeString t
decodeString ('\\' : c : t) | isSpaceC c = case dropWhile isSpaceC t of
  ('\\' : u) -> decodeString u
  _ -> Nothing
decodeString s = case decodeChar s of
  Just (c, t) -> case decodeString t of
    Just cs -> Just (c : cs)
    Nothing -> Nothing
  Nothing -> Nothing

instance Read Char where
  readsPrec _ = readParen False
    (\r -> [(c, t) | ('\'' : body, t) <- lex r, Just (c, "'") <- [decodeChar body]])
  readList = readParen False
    (\r -> [(str, t) | ('"' : body, t) <- lex r, Just str <- [decodeString body]])

instance Read a => Read [a] where
  readsPrec _ = readList

instance Read Bool where
  readsPrec _ = readParen False
    (\r -> [(True, t) | ("True", t) <- lex r] ++ [(False, t) | ("False", t) <- lex r])

instance Read Ordering where
  readsPrec _ = readParen False
    (\r -> [(LT, t) | ("LT", t) <- lex r] ++ [(EQ, t) | ("EQ", t) <- lex r] ++ [(GT, t) | ("GT", t) <- lex r])

instance Read () where
  readsPrec _ = readParen False (\r -> [((), t) | ("(", s) <- lex r, (")", t) <- lex s])

instance Read a => Read (Maybe a) where
  readsPrec d r = readParen False (\s -> [(Nothing, t) | ("Nothing", t) <- lex s]) r
               ++ readParen (primIntGt d 10) (\s -> [(Just x, u) | ("Just", t) <- lex s, (x, u) <- readsPrec 11 t]) r

instance (Read a, Read b) => Read (Either a b) where
  readsPrec d = readParen (primIntGt d 10)
    (\s -> [(Left x, u) | ("Left", t) <- lex s, (x, u) <- readsPrec 11 t]
           ++ [(Right x, u) | ("Right", t) <- lex s, (x, u) <- readsPrec 11 t])

instance (Read a, Read b) => Read (a, b) where
  readsPrec _ = readParen False
    (\r -> [((x, y), w) | ("(", s) <- lex r, (x, t) <- reads s, (",", u) <- lex t,
                          (y, v) <- reads u, (")", w) <- lex v])

instance (Read a, Read b, Read c) => Read (a, b, c) where
  readsPrec _ = readParen False
    (\r -> [((x, y, z), w2) | ("(", s) <- lex r, (x, t) <- reads s, (",", u) <- lex t,
                              (y, v) <- reads u, (",", w) <- lex v, (z, w1) <- reads w,
                              (")", w2) <- lex w1])
