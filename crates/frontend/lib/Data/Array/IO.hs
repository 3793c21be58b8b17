{-# LANGUAGE NoImplicitPrelude #-}
-- | Mutable arrays in IO (GHC's Data.Array.IO; no hGetArray/hPutArray).
module Data.Array.IO
  ( IOArray, IOUArray, module Data.Array.MArray
  ) where

import Data.Array.Base
import Data.Array.MArray
