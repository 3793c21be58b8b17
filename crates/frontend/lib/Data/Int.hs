{-# LANGUAGE NoImplicitPrelude #-}
-- | Signed integers: Int (64 bits on every target) and the sized Int8,
-- Int16, Int32, Int64 (lib/GHC/Int.hs).
module Data.Int
  ( Int, Int8, Int16, Int32, Int64
  ) where

import Hsrts.Prim (Int)
import GHC.Int
