{-# LANGUAGE NoImplicitPrelude #-}
-- | Program arguments and environment variables.
module System.Environment
  ( getArgs, getProgName, lookupEnv, getEnv
  ) where

import GHC.IO
