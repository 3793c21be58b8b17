{-# LANGUAGE NoImplicitPrelude #-}
-- | Mutable arrays in the ST monad (GHC's Data.Array.ST).
module Data.Array.ST
  ( STArray, STUArray, runSTArray, runSTUArray, module Data.Array.MArray
  ) where

import Data.Array.Base
import Data.Array.MArray
