{-# LANGUAGE NoImplicitPrelude #-}
-- | Signed integers: only Int (64 bits on every target); Int8..Int64 are
-- not provided.
module Data.Int
  ( Int
  ) where

import Hsrts.Prim (Int)
