{-# LANGUAGE NoImplicitPrelude #-}
-- | The strict ST monad (GHC's Control.Monad.ST). runST has the rank-1 type
-- ST s a -> a: see Note [runST without rank-2 types] in GHC.ST.
module Control.Monad.ST
  ( ST, runST, stToIO, RealWorld
  ) where

import GHC.ST
