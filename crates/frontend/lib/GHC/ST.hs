{-# LANGUAGE NoImplicitPrelude #-}
-- | The strict state-thread monad, represented as IO (GHC: State# s), and
-- its escape hatches. Public names are re-exported by Control.Monad.ST.
-- See Note [runST without rank-2 types].
module GHC.ST
  ( ST(..), RealWorld, runST, stToIO, unsafeIOToST, unsafeSTToIO, unsafeInterleaveST
  ) where

import Prelude
import GHC.IO (unsafePerformIO, unsafeInterleaveIO)

-- Note [runST without rank-2 types]
-- ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
-- GHC types runST as (forall s. ST s a) -> a, so a state thread's
-- references cannot escape it. The front end has no rank-2 types, so here
-- runST :: ST s a -> a: every program GHC accepts is accepted, plus some
-- that GHC rejects (returning an STRef out of runST). ST s a is a newtype
-- over IO a (erased at run time) and runST runs the action with
-- unsafePerformIO, each call with fresh state.

-- | A state thread with state type s (a phantom here).
newtype ST s a = ST (IO a)

-- | The state type of ST actions that are really IO (stToIO).
data RealWorld = RealWorld

unST :: ST s a -> IO a
unST (ST m) = m

instance Functor (ST s) where
  fmap f (ST m) = ST (fmap f m)

instance Applicative (ST s) where
  pure x = ST (return x)
  ST mf <*> ST mx = ST (mf >>= \f -> mx >>= \x -> return (f x))
  liftA2 f (ST ma) (ST mb) = ST (ma >>= \a -> mb >>= \b -> return (f a b))
  ST ma *> ST mb = ST (ma >> mb)

instance Monad (ST s) where
  ST m >>= k = ST (m >>= \a -> unST (k a))
  ST ma >> ST mb = ST (ma >> mb)
  return x = ST (return x)

-- | Runs a state thread (see Note [runST without rank-2 types]).
runST :: ST s a -> a
runST (ST m) = unsafePerformIO m

stToIO :: ST RealWorld a -> IO a
stToIO (ST m) = m

unsafeIOToST :: IO a -> ST s a
unsafeIOToST = ST

unsafeSTToIO :: ST s a -> IO a
unsafeSTToIO (ST m) = m

unsafeInterleaveST :: ST s a -> ST s a
unsafeInterleaveST (ST m) = ST (unsafeInterleaveIO m)
