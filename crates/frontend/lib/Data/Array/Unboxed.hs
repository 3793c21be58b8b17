{-# LANGUAGE NoImplicitPrelude #-}
-- | Arrays with strict elements (GHC's Data.Array.Unboxed): UArray plus the
-- overloaded operations of Data.Array.IArray. Elements are stored boxed but
-- evaluated (Note [Array classes without multi-parameter classes] in
-- Data.Array.Base).
module Data.Array.Unboxed
  ( UArray, module Data.Array.IArray
  ) where

import Prelude
import Data.Array.Base
import Data.Array.IArray

instance (Ix i, Eq e) => Eq (UArray i e) where
  (==) = ieq

instance (Ix i, Ord e) => Ord (UArray i e) where
  compare = icompare

instance (Ix i, Show i, Show e) => Show (UArray i e) where
  showsPrec = ishowsPrec
