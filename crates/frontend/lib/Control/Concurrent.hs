{-# LANGUAGE NoImplicitPrelude #-}
-- | Lightweight threads on one capability, MVars and channels.
module Control.Concurrent
  ( ThreadId, myThreadId, forkIO, forkIOWithUnmask, killThread, throwTo, yield, threadDelay
  , rtsSupportsBoundThreads
  , module Control.Concurrent.MVar
  , module Control.Concurrent.Chan
  ) where

import Prelude
import GHC.Conc
import Control.Concurrent.MVar
import Control.Concurrent.Chan

-- | hsrts has one capability and no OS-thread-bound Haskell threads.
rtsSupportsBoundThreads :: Bool
rtsSupportsBoundThreads = False
