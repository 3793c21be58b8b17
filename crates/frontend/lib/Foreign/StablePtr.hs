{-# LANGUAGE NoImplicitPrelude #-}
-- | Stable pointers: references to Haskell values that foreign code holds.
module Foreign.StablePtr
  ( StablePtr, newStablePtr, deRefStablePtr, freeStablePtr
  ) where

import GHC.Conc
