{-# LANGUAGE NoImplicitPrelude #-}
-- | Unsigned integers: Word (64 bits on every target) and the sized Word8,
-- Word16, Word32, Word64 (lib/GHC/Word.hs).
module Data.Word
  ( Word, Word8, Word16, Word32, Word64
  ) where

import Hsrts.Prim (Word)
import GHC.Word
