{-# LANGUAGE NoImplicitPrelude #-}
-- | Weak pointers and finalizers.
module System.Mem.Weak
  ( Weak, mkWeak, deRefWeak, finalize, mkWeakPtr, addFinalizer, mkWeakPair
  ) where

import GHC.Conc
