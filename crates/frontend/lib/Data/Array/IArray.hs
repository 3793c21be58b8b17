{-# LANGUAGE NoImplicitPrelude #-}
-- | Immutable arrays overloaded over the array type (GHC's
-- Data.Array.IArray, for Array and UArray). The class is IArr, not GHC's
-- two-parameter IArray: see Note [Array classes without multi-parameter
-- classes] in Data.Array.Base.
module Data.Array.IArray
  ( module Data.Ix, Array
  , array, listArray, accumArray, (!), bounds, numElements, indices, elems, assocs
  , (//), accum, amap, ixmap
  ) where

import Prelude
import Data.Ix
import Data.Array.Base
import Data.Array ()

infixl 9 !, //

array :: (IArr a, Ix i) => (i, i) -> [(i, e)] -> a i e
array = iarray

listArray :: (IArr a, Ix i) => (i, i) -> [e] -> a i e
listArray = ilistArray

accumArray :: (IArr a, Ix i) => (e -> v -> e) -> e -> (i, i) -> [(i, v)] -> a i e
accumArray = iaccumArray

(!) :: (IArr a, Ix i) => a i e -> i -> e
(!) = (!.)

bounds :: IArr a => a i e -> (i, i)
bounds = ibounds

numElements :: IArr a => a i e -> Int
numElements = inumElements

indices :: (IArr a, Ix i) => a i e -> [i]
indices = iindices

elems :: IArr a => a i e -> [e]
elems = ielems

assocs :: (IArr a, Ix i) => a i e -> [(i, e)]
assocs = iassocs

(//) :: (IArr a, Ix i) => a i e -> [(i, e)] -> a i e
(//) = ireplace

accum :: (IArr a, Ix i) => (e -> v -> e) -> a i e -> [(i, v)] -> a i e
accum = iaccum

amap :: (IArr a, Ix i) => (e' -> e) -> a i e' -> a i e
amap = iamap

ixmap :: (IArr a, Ix i, Ix j) => (i, i) -> (i -> j) -> a j e -> a i e
ixmap = iixmap
