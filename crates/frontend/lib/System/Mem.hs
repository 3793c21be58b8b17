{-# LANGUAGE NoImplicitPrelude #-}
-- | Asking for garbage collections.
module System.Mem
  ( performGC, performMajorGC, performMinorGC
  ) where

import GHC.Conc
