{-# LANGUAGE NoImplicitPrelude #-}
-- | Unbounded channels.
module Control.Concurrent.Chan
  ( Chan, newChan, writeChan, readChan, dupChan, getChanContents, writeList2Chan
  ) where

import GHC.Conc
