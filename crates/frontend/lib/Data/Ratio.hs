{-# LANGUAGE NoImplicitPrelude #-}
-- | Rational numbers.
module Data.Ratio
  ( Ratio, Rational, (%), numerator, denominator
  ) where

import GHC.Real
