{-# LANGUAGE NoImplicitPrelude #-}
-- | The Prelude of GHC 9.0 (base 4.15), with the Foldable and Traversable
-- methods specialised to lists.
module Prelude
  ( Bool(..), (&&), (||), not, otherwise
  , Maybe(..), maybe, Either(..), either, Ordering(..), Char, String
  , fst, snd, curry, uncurry
  , Eq(..), Ord(..), Enum(..), Bounded(..)
  , Int, Integer, Float, Double, Rational, Word
  , Num(..), Real(..), Integral(..), Fractional(..), Floating(..), RealFrac(..), RealFloat(..)
  , subtract, even, odd, gcd, lcm, (^), (^^), fromIntegral, realToFrac
  , Semigroup(..), Monoid(..)
  , Functor(fmap, (<$)), (<$>), Applicative(..), Monad(..), MonadFail(..)
  , mapM_, sequence_, (=<<)
  , elem, foldMap, foldr, foldl, foldr1, foldl1, maximum, minimum, product, sum
  , null, length, and, or, any, all, concat, concatMap, notElem
  , traverse, sequenceA, mapM, sequence
  , id, const, (.), flip, ($), until, asTypeOf, error, errorWithoutStackTrace, undefined
  , seq, ($!)
  , map, (++), filter, head, last, tail, init, (!!), reverse
  , scanl, scanl1, scanr, scanr1, iterate, repeat, replicate, cycle
  , take, drop, takeWhile, dropWhile, span, break, splitAt, lookup
  , zip, zip3, zipWith, zipWith3, unzip, unzip3, lines, words, unlines, unwords
  , ShowS, Show(..), shows, showChar, showString, showParen
  , ReadS, Read(..), reads, readParen, read, lex
  , IO, putChar, putStr, putStrLn, print, getChar, getLine, getContents, interact
  , FilePath, readFile, writeFile, appendFile, readIO, readLn
  , IOError, ioError, userError
  ) where

import GHC.Base
import GHC.Num
import GHC.Enum
import GHC.List
import GHC.Show
import GHC.Real
import GHC.Float
import GHC.Read
import GHC.IO
import Hsrts.Prim (Int, Integer, Double, Char, Word)
