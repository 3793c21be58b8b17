{-# LANGUAGE NoImplicitPrelude #-}
-- | Unsigned integers: only Word (64 bits); Word8..Word64 are not provided.
module Data.Word
  ( Word
  ) where

import Hsrts.Prim (Word)
