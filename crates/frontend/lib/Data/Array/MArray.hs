{-# LANGUAGE NoImplicitPrelude #-}
-- | Mutable arrays overloaded over the array type and the monad (GHC's
-- Data.Array.MArray), for STArray, STUArray, IOArray and IOUArray in ST or
-- IO. The classes are MArr and MonadArr, not GHC's MArray a e m: see Note
-- [Array classes without multi-parameter classes] in Data.Array.Base.
module Data.Array.MArray
  ( module Data.Ix, Array
  , newArray, newArray_, newListArray, readArray, writeArray
  , getBounds, getElems, getAssocs, freeze, thaw, unsafeFreeze, unsafeThaw
  ) where

import Data.Ix
import Data.Array.Base
