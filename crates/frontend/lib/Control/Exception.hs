{-# LANGUAGE NoImplicitPrelude #-}
-- | Exceptions: the class, the standard types, throwing, catching, and
-- masking (rank-1 mask; see docs/language.md).
module Control.Exception
  ( Exception(..), SomeException, ErrorCall(..), ArithException(..), AsyncException(..)
  , BlockedIndefinitelyOnMVar(..), NonTermination(..), Deadlock(..), PatternMatchFail(..)
  , RecSelError(..), RecConError(..), NoMethodError(..), AssertionFailed(..), IOException
  , throw, throwIO, ioError, throwTo, catch, catchJust, handle, handleJust, try, tryJust
  , evaluate, mapException, onException, bracket, bracket_, bracketOnError, finally
  , mask, mask_, uninterruptibleMask, uninterruptibleMask_, MaskingState(..), getMaskingState
  , interruptible, assert
  ) where

import Prelude
import GHC.Exception
import GHC.IO
import GHC.Conc (throwTo)

catchJust :: Exception e => (e -> Maybe b) -> IO a -> (b -> IO a) -> IO a
catchJust p a handler = catch a (\e -> case p e of
  Nothing -> throwIO e
  Just b -> handler b)

handleJust :: Exception e => (e -> Maybe b) -> (b -> IO a) -> IO a -> IO a
handleJust p handler a = catchJust p a handler

tryJust :: Exception e => (e -> Maybe b) -> IO a -> IO (Either b a)
tryJust p a = do
  r <- try a
  case r of
    Right v -> return (Right v)
    Left e -> case p e of
      Nothing -> throwIO e
      Just b -> return (Left b)

mapException :: (Exception e1, Exception e2) => (e1 -> e2) -> a -> a
mapException f v = unsafePerformIO (catch (evaluate v) (\x -> throwIO (f x)))

bracketOnError :: IO a -> (a -> IO b) -> (a -> IO c) -> IO c
bracketOnError before after thing = mask (\restore -> do
  a <- before
  restore (thing a) `onException` after a)

-- | Assertions are not checked (as GHC without -fno-ignore-asserts... with -O).
assert :: Bool -> a -> a
assert _ x = x
