{-# LANGUAGE NoImplicitPrelude #-}
-- | unsafePerformIO and unsafeInterleaveIO.
module System.IO.Unsafe
  ( unsafePerformIO, unsafeInterleaveIO
  ) where

import GHC.IO
