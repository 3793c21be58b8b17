{-# LANGUAGE NoImplicitPrelude, PackageImports #-}
-- | GHC shim of lib/GHC/Types.hs: GHC's own Bool and Ordering, because GHC's
-- guards and if-then-else need its Bool. Same export list as the library's.
module GHC.Types
  ( Bool(..), Ordering(..)
  , (&&), (||), not, otherwise
  ) where

import "base" Prelude (Bool(..), Ordering(..), (&&), (||), not, otherwise)
