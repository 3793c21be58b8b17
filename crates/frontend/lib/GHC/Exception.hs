{-# LANGUAGE NoImplicitPrelude #-}
-- | The Exception class, the standard exception types' instances, throw,
-- and the exceptions and error functions the runtime and the compiler use
-- by name (see crates/frontend/src/prim/wired.rs).
module GHC.Exception
  ( Exception(..), SomeException, ErrorCall(..), ArithException(..), AsyncException(..)
  , BlockedIndefinitelyOnMVar(..), NonTermination(..), Deadlock(..)
  , PatternMatchFail(..), RecSelError(..), RecConError(..), NoMethodError(..)
  , IOException, ExitCode(..), AssertionFailed(..)
  , throw, exceptionTag
  , divZeroException, overflowException, stackOverflow, heapOverflow, nonTermination
  , blockedIndefinitelyOnMVar, userInterrupt, threadKilled
  , patError, recSelError, recConError, noMethodBindingError
  ) where

import GHC.Base
import GHC.Num
import GHC.Show
import GHC.List
import Hsrts.Prim

-- Note [Exception tags]
-- ~~~~~~~~~~~~~~~~~~~~~
-- The subset has no Typeable and no existential types, so SomeException is
-- (tag, payload coerced to Any, payload's showsPrec). The tag is the
-- qualified name of the payload's type constructor ("GHC.Base.ErrorCall",
-- "Main.MyError"), given by the class method exceptionTypeTag, which must not
-- evaluate its argument. fromException compares tags and coerces back; that
-- is safe because a tag names exactly one type. Instances in the library
-- define exceptionTypeTag themselves; for an instance in user code that does
-- not (GHC-compatible code never does), the type checker supplies
-- `exceptionTypeTag _ = "<Module>.<Type>"` (wired-in role
-- "exception-type-tag"). Exception hierarchies (SomeAsyncException,
-- ArithException under SomeException only) are flat: a handler catches its
-- own type or SomeException.

class Show e => Exception e where
  toException :: e -> SomeException
  fromException :: SomeException -> Maybe e
  displayException :: e -> String
  exceptionTypeTag :: e -> String
  toException e = mkSomeException (exceptionTypeTag e) (primUnsafeCoerce e) (\p -> showsPrec p e)
  fromException (SomeException tag payload _) = result
    where
      result = if eqString tag (exceptionTypeTag (unJust result))
                 then Just (primUnsafeCoerce payload) else Nothing
      unJust (Just x) = x
      unJust Nothing = errorWithoutStackTrace "fromException"
  displayException e = show e
  exceptionTypeTag _ = errorWithoutStackTrace "Exception instance without a type tag"

-- | The tag of the value inside a SomeException.
exceptionTag :: SomeException -> String
exceptionTag (SomeException tag _ _) = tag

instance Show SomeException where
  showsPrec p (SomeException _ _ sh) = sh p

instance Exception SomeException where
  toException se = se
  fromException se = Just se
  displayException (SomeException _ _ sh) = sh 0 ""
  exceptionTypeTag _ = "GHC.Base.SomeException"

throw :: Exception e => e -> a
throw e = primRaise (toException e)

instance Show ErrorCall where
  showsPrec _ (ErrorCall err) = showString err

instance Exception ErrorCall where
  exceptionTypeTag _ = "GHC.Base.ErrorCall"

instance Show ArithException where
  showsPrec _ e = showString (showArithException e)

instance Eq ArithException where
  a == b = eqString (showArithException a) (showArithException b)

instance Exception ArithException where
  exceptionTypeTag _ = "GHC.Base.ArithException"

instance Show AsyncException where
  showsPrec _ e = showString (showAsyncException e)

instance Eq AsyncException where
  a == b = eqString (showAsyncException a) (showAsyncException b)

instance Exception AsyncException where
  exceptionTypeTag _ = "GHC.Base.AsyncException"

instance Show BlockedIndefinitelyOnMVar where
  showsPrec _ BlockedIndefinitelyOnMVar = showString "thread blocked indefinitely in an MVar operation"

instance Exception BlockedIndefinitelyOnMVar where
  exceptionTypeTag _ = "GHC.Base.BlockedIndefinitelyOnMVar"

instance Show NonTermination where
  showsPrec _ NonTermination = showString "<<loop>>"

instance Exception NonTermination where
  exceptionTypeTag _ = "GHC.Base.NonTermination"

instance Show Deadlock where
  showsPrec _ Deadlock = showString "<<deadlock>>"

instance Exception Deadlock where
  exceptionTypeTag _ = "GHC.Base.Deadlock"

instance Show IOException where
  showsPrec _ e = showIOException e

instance Eq IOException where
  IOError h1 _ l1 d1 f1 == IOError h2 _ l2 d2 f2 = h1 == h2 && eqString l1 l2 && eqString d1 d2 && f1 == f2

instance Exception IOException where
  exceptionTypeTag _ = "GHC.Base.IOException"

-- | The exception of exitWith; the top handler turns it into the status.
data ExitCode = ExitSuccess | ExitFailure Int

instance Eq ExitCode where
  ExitSuccess == ExitSuccess = True
  ExitFailure a == ExitFailure b = primIntEq a b
  _ == _ = False

instance Show ExitCode where
  showsPrec _ ExitSuccess = showString "ExitSuccess"
  showsPrec d (ExitFailure n) = showParen (primIntGe d 11) (showString "ExitFailure " . showsPrec 11 n)

instance Exception ExitCode where
  exceptionTypeTag _ = "GHC.Exception.ExitCode"

data PatternMatchFail = PatternMatchFail String
data RecSelError = RecSelError String
data RecConError = RecConError String
data NoMethodError = NoMethodError String
data AssertionFailed = AssertionFailed String

instance Show PatternMatchFail where
  showsPrec _ (PatternMatchFail s) = showString s
instance Exception PatternMatchFail where
  exceptionTypeTag _ = "GHC.Exception.PatternMatchFail"

instance Show RecSelError where
  showsPrec _ (RecSelError s) = showString s
instance Exception RecSelError where
  exceptionTypeTag _ = "GHC.Exception.RecSelError"

instance Show RecConError where
  showsPrec _ (RecConError s) = showString s
instance Exception RecConError where
  exceptionTypeTag _ = "GHC.Exception.RecConError"

instance Show NoMethodError where
  showsPrec _ (NoMethodError s) = showString s
instance Exception NoMethodError where
  exceptionTypeTag _ = "GHC.Exception.NoMethodError"

instance Show AssertionFailed where
  showsPrec _ (AssertionFailed s) = showString s
instance Exception AssertionFailed where
  exceptionTypeTag _ = "GHC.Exception.AssertionFailed"

-- Wired-in exception values the runtime raises or throws.

divZeroException :: SomeException
divZeroException = toException DivideByZero

overflowException :: SomeException
overflowException = toException Overflow

stackOverflow :: SomeException
stackOverflow = toException StackOverflow

heapOverflow :: SomeException
heapOverflow = toException HeapOverflow

nonTermination :: SomeException
nonTermination = toException NonTermination

blockedIndefinitelyOnMVar :: SomeException
blockedIndefinitelyOnMVar = toException BlockedIndefinitelyOnMVar

userInterrupt :: SomeException
userInterrupt = toException UserInterrupt

threadKilled :: SomeException
threadKilled = toException ThreadKilled

-- Errors the compiler inserts; each takes GHC's whole message.

patError :: String -> a
patError s = throw (PatternMatchFail s)

recSelError :: String -> a
recSelError s = throw (RecSelError s)

recConError :: String -> a
recConError s = throw (RecConError s)

noMethodBindingError :: String -> a
noMethodBindingError s = throw (NoMethodError s)
