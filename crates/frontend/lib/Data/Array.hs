{-# LANGUAGE NoImplicitPrelude #-}
-- | Immutable boxed arrays (GHC's Data.Array / GHC.Arr): lazy elements,
-- any Ix index, GHC's error messages.
module Data.Array
  ( module Data.Ix, Array
  , array, listArray, accumArray, (!), bounds, numElements, indices, elems, assocs
  , (//), accum, ixmap
  ) where

import Prelude
import Data.Ix
import Data.Array.Base

infixl 9 !, //

array :: Ix i => (i, i) -> [(i, e)] -> Array i e
array = iarray

listArray :: Ix i => (i, i) -> [e] -> Array i e
listArray = ilistArray

accumArray :: Ix i => (e -> a -> e) -> e -> (i, i) -> [(i, a)] -> Array i e
accumArray = iaccumArray

(!) :: Ix i => Array i e -> i -> e
(!) = (!.)

bounds :: Array i e -> (i, i)
bounds (Array l u _ _) = (l, u)

numElements :: Array i e -> Int
numElements (Array _ _ n _) = n

indices :: Ix i => Array i e -> [i]
indices = iindices

elems :: Array i e -> [e]
elems = ielems

assocs :: Ix i => Array i e -> [(i, e)]
assocs = iassocs

(//) :: Ix i => Array i e -> [(i, e)] -> Array i e
(//) = ireplace

accum :: Ix i => (e -> a -> e) -> Array i e -> [(i, a)] -> Array i e
accum = iaccum

ixmap :: (Ix i, Ix j) => (i, i) -> (i -> j) -> Array j e -> Array i e
ixmap = iixmap

instance Functor (Array i) where
  fmap f arr = iamap f arr

instance (Ix i, Eq e) => Eq (Array i e) where
  (==) = ieq

instance (Ix i, Ord e) => Ord (Array i e) where
  compare = icompare

instance (Ix i, Show i, Show e) => Show (Array i e) where
  showsPrec = ishowsPrec
