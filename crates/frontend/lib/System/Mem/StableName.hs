{-# LANGUAGE NoImplicitPrelude #-}
-- | Stable names: object identity that survives garbage collection.
module System.Mem.StableName
  ( StableName, makeStableName, hashStableName, eqStableName
  ) where

import GHC.Conc
