{-# LANGUAGE NoImplicitPrelude #-}
-- | The Prelude's list functions (the Foldable ones for lists only), with
-- strict accumulators where GHC's optimised versions run in constant space.
module GHC.List
  ( head, last, tail, init, uncons, null, length, (!!)
  , foldl, foldl', foldl1, foldr1, scanl, scanl1, scanl', scanr, scanr1
  , sum, product, maximum, minimum, and, or, any, all, elem, notElem, lookup
  , filter, reverse, iterate, repeat, replicate, cycle
  , take, drop, splitAt, takeWhile, dropWhile, span, break
  , zip, zip3, zipWith, zipWith3, unzip, unzip3
  , lines, words, unlines, unwords
  , foldMap, traverse, sequenceA, errorEmptyList
  ) where

import GHC.Base
import GHC.Num
import Hsrts.Prim

infixl 9 !!
infix 4 `elem`, `notElem`

errorEmptyList :: String -> a
errorEmptyList fun = errorWithoutStackTrace ("Prelude." ++ fun ++ ": empty list")

head :: [a] -> a
head (x:_) = x
head [] = errorEmptyList "head"

last :: [a] -> a
last [x] = x
last (_:xs) = last xs
last [] = errorEmptyList "last"

tail :: [a] -> [a]
tail (_:xs) = xs
tail [] = errorEmptyList "tail"

init :: [a] -> [a]
init [x] = []
init (x:xs) = x : init xs
init [] = errorEmptyList "init"

uncons :: [a] -> Maybe (a, [a])
uncons [] = Nothing
uncons (x:xs) = Just (x, xs)

null :: [a] -> Bool
null [] = True
null (_:_) = False

length :: [a] -> Int
length xs = go xs 0
  where go [] n = n
        go (_:ys) n = let n' = primIntAdd n 1 in n' `seq` go ys n'

(!!) :: [a] -> Int -> a
xs !! n | primIntLt n 0 = errorWithoutStackTrace "Prelude.!!: negative index"
        | otherwise = go xs n
  where go [] _ = errorWithoutStackTrace "Prelude.!!: index too large"
        go (y:ys) k = if primIntEq k 0 then y else go ys (primIntSub k 1)

foldl :: (b -> a -> b) -> b -> [a] -> b
foldl f z0 xs0 = go z0 xs0
  where go z [] = z
        go z (x:xs) = go (f z x) xs

foldl' :: (b -> a -> b) -> b -> [a] -> b
foldl' f z0 xs0 = go z0 xs0
  where go z [] = z
        go z (x:xs) = let z' = f z x in z' `seq` go z' xs

foldl1 :: (a -> a -> a) -> [a] -> a
foldl1 f (x:xs) = foldl f x xs
foldl1 _ [] = errorEmptyList "foldl1"

foldr1 :: (a -> a -> a) -> [a] -> a
foldr1 f = go
  where go [x] = x
        go (x:xs) = f x (go xs)
        go [] = errorEmptyList "foldr1"

scanl :: (b -> a -> b) -> b -> [a] -> [b]
scanl f q ls = q : (case ls of
                      [] -> []
                      x:xs -> scanl f (f q x) xs)

scanl1 :: (a -> a -> a) -> [a] -> [a]
scanl1 f (x:xs) = scanl f x xs
scanl1 _ [] = []

scanl' :: (b -> a -> b) -> b -> [a] -> [b]
scanl' f q ls = q `seq` (q : (case ls of
                               [] -> []
                               x:xs -> scanl' f (f q x) xs))

scanr :: (a -> b -> b) -> b -> [a] -> [b]
scanr _ q0 [] = [q0]
scanr f q0 (x:xs) = case scanr f q0 xs of
                      qs@(q:_) -> f x q : qs
                      [] -> []

scanr1 :: (a -> a -> a) -> [a] -> [a]
scanr1 _ [] = []
scanr1 _ [x] = [x]
scanr1 f (x:xs) = case scanr1 f xs of
                    qs@(q:_) -> f x q : qs
                    [] -> []

sum :: Num a => [a] -> a
sum = foldl' (+) (fromInteger (primIntToInteger 0))

product :: Num a => [a] -> a
product = foldl' (*) (fromInteger (primIntToInteger 1))

maximum :: Ord a => [a] -> a
maximum [] = errorEmptyList "maximum"
maximum (x:xs) = foldl' max x xs

minimum :: Ord a => [a] -> a
minimum [] = errorEmptyList "minimum"
minimum (x:xs) = foldl' min x xs

and :: [Bool] -> Bool
and [] = True
and (x:xs) = x && and xs

or :: [Bool] -> Bool
or [] = False
or (x:xs) = x || or xs

any :: (a -> Bool) -> [a] -> Bool
any p = go
  where go [] = False
        go (x:xs) = p x || go xs

all :: (a -> Bool) -> [a] -> Bool
all p = go
  where go [] = True
        go (x:xs) = p x && go xs

elem :: Eq a => a -> [a] -> Bool
elem x = any (== x)

notElem :: Eq a => a -> [a] -> Bool
notElem x xs = not (elem x xs)

lookup :: Eq a => a -> [(a, b)] -> Maybe b
lookup _ [] = Nothing
lookup key ((x, y) : xys)
  | key == x = Just y
  | otherwise = lookup key xys

filter :: (a -> Bool) -> [a] -> [a]
filter p = go
  where go [] = []
        go (x:xs) = if p x then x : go xs else go xs

reverse :: [a] -> [a]
reverse l = rev l []
  where rev [] a = a
        rev (x:xs) a = rev xs (x : a)

iterate :: (a -> a) -> a -> [a]
iterate f x = x : iterate f (f x)

repeat :: a -> [a]
repeat x = let xs = x : xs in xs

replicate :: Int -> a -> [a]
replicate n x = go n
  where go k = if primIntLe k 0 then [] else x : go (primIntSub k 1)

cycle :: [a] -> [a]
cycle [] = errorEmptyList "cycle"
cycle xs = let xs' = xs ++ xs' in xs'

take :: Int -> [a] -> [a]
take n xs = if primIntLe n 0 then [] else go n xs
  where go _ [] = []
        go k (y:ys) = y : (if primIntEq k 1 then [] else go (primIntSub k 1) ys)

drop :: Int -> [a] -> [a]
drop n xs = if primIntLe n 0 then xs else go n xs
  where go _ [] = []
        go k (_:ys) = if primIntEq k 1 then ys else go (primIntSub k 1) ys

splitAt :: Int -> [a] -> ([a], [a])
splitAt n ls
  | primIntLe n 0 = ([], ls)
  | otherwise = splitAt' n ls
  where
    splitAt' _ [] = ([], [])
    splitAt' 1 (x:xs) = ([x], xs)
    splitAt' m (x:xs) = (x : xs', xs'')
      where (xs', xs'') = splitAt' (primIntSub m 1) xs

takeWhile :: (a -> Bool) -> [a] -> [a]
takeWhile p = go
  where go [] = []
        go (x:xs) = if p x then x : go xs else []

dropWhile :: (a -> Bool) -> [a] -> [a]
dropWhile p = go
  where go [] = []
        go xs@(x:xs') = if p x then go xs' else xs

span :: (a -> Bool) -> [a] -> ([a], [a])
span _ xs@[] = (xs, xs)
span p xs@(x:xs')
  | p x = let (ys, zs) = span p xs' in (x : ys, zs)
  | otherwise = ([], xs)

break :: (a -> Bool) -> [a] -> ([a], [a])
break p = span (not . p)

zip :: [a] -> [b] -> [(a, b)]
zip (a:as) (b:bs) = (a, b) : zip as bs
zip _ _ = []

zip3 :: [a] -> [b] -> [c] -> [(a, b, c)]
zip3 (a:as) (b:bs) (c:cs) = (a, b, c) : zip3 as bs cs
zip3 _ _ _ = []

zipWith :: (a -> b -> c) -> [a] -> [b] -> [c]
zipWith f = go
  where go (a:as) (b:bs) = f a b : go as bs
        go _ _ = []

zipWith3 :: (a -> b -> c -> d) -> [a] -> [b] -> [c] -> [d]
zipWith3 z = go
  where go (a:as) (b:bs) (c:cs) = z a b c : go as bs cs
        go _ _ _ = []

unzip :: [(a, b)] -> ([a], [b])
unzip = foldr (\(a, b) ~(as, bs) -> (a : as, b : bs)) ([], [])

unzip3 :: [(a, b, c)] -> ([a], [b], [c])
unzip3 = foldr (\(a, b, c) ~(as, bs, cs) -> (a : as, b : bs, c : cs)) ([], [], [])

isSpaceAscii :: Char -> Bool
isSpaceAscii c = primCharEq c ' ' || (primCharGe c '\t' && primCharLe c '\r')
                 || primCharEq c '\xa0'
                 || (primIntGt (primCharToInt c) 0xff && primCharIsSpace c)

lines :: String -> [String]
lines "" = []
lines s = cons (case break (primCharEq '\n') s of
                  (l, s') -> (l, case s' of
                                   [] -> []
                                   _:s'' -> lines s''))
  where cons ~(h, t) = h : t

unlines :: [String] -> String
unlines [] = []
unlines (l:ls) = l ++ '\n' : unlines ls

words :: String -> [String]
words s = case dropWhile isSpaceAscii s of
            "" -> []
            s' -> let (w, s'') = break isSpaceAscii s' in w : words s''

unwords :: [String] -> String
unwords [] = ""
unwords [w] = w
unwords (w:ws) = w ++ ' ' : unwords ws

-- The Foldable/Traversable methods of GHC's Prelude, for lists.
foldMap :: Monoid m => (a -> m) -> [a] -> m
foldMap f = foldr (\x acc -> f x <> acc) mempty

traverse :: Applicative f => (a -> f b) -> [a] -> f [b]
traverse f = foldr (\x ys -> liftA2 (:) (f x) ys) (pure [])

sequenceA :: Applicative f => [f a] -> f [a]
sequenceA = traverse id
