{-# LANGUAGE NoImplicitPrelude #-}
-- | Stable pointers: references to Haskell values that foreign code holds.
module Foreign.StablePtr
  ( StablePtr, newStablePtr, deRefStablePtr, freeStablePtr
  , castStablePtrToPtr, castPtrToStablePtr
  ) where

import GHC.Conc
