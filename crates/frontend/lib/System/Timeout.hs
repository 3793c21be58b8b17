{-# LANGUAGE NoImplicitPrelude #-}
-- | Running an action with a time limit.
module System.Timeout
  ( Timeout, timeout
  ) where

import GHC.Conc
