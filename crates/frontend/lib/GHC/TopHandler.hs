{-# LANGUAGE NoImplicitPrelude #-}
-- | How the runtime runs `main` and finalizers (wired-in: run-main,
-- run-finalizer). Uncaught exceptions end the program as in GHC.
module GHC.TopHandler
  ( runMainIO, runFinalizer, runFinalizerBatch, topHandler
  ) where

import GHC.Base
import GHC.Num
import GHC.Show
import GHC.Exception
import GHC.IO
import GHC.Conc
import Hsrts.Prim

-- | Runs main; afterwards flushes stdout and stderr and exits 0. An
-- uncaught exception goes to 'topHandler'.
runMainIO :: IO a -> IO ()
runMainIO main = primCatch (main >> flushStdHandles >> primExit 0) topHandler

flushStdHandles :: IO ()
flushStdHandles = hFlush stdout >> hFlush stderr

-- | GHC's top-level handler: ExitCode exits with its status; StackOverflow
-- and HeapOverflow print the runtime's messages (exit 2 and 251);
-- UserInterrupt ends the process by SIGINT; anything else prints
-- `prog: <show exception>` on stderr and exits 1. An exception raised while
-- handling (e.g. by show) is handled the same way.
topHandler :: SomeException -> IO ()
topHandler se = primCatch (realHandler se) topHandler

realHandler :: SomeException -> IO ()
realHandler se = case fromException se of
  Just ExitSuccess -> flushStdHandles >> primExit 0
  Just (ExitFailure n) -> flushStdHandles >> primExit n
  Nothing -> case fromException se of
    Just StackOverflow -> flushStdHandles >> primReportStackOverflow >> primExit 2
    Just HeapOverflow -> flushStdHandles >> primReportHeapOverflow >> primExit 251
    Just UserInterrupt -> flushStdHandles >> primExit (primIntNegate 2)
    _ -> hFlush stdout >> getProgName >>= \name ->
           let msg = name ++ ": " ++ show se ++ "\n"
           in primSeq (forceString msg) (hPutStr stderr msg) >> hFlush stderr >> primExit 1

-- | Runs a weak pointer's finalizer; its exceptions are reported like a
-- forked thread's.
runFinalizer :: IO () -> IO ()
runFinalizer fin = primCatch fin reportChildException

-- | Runs one collection's finalizers one after another (the runtime forks
-- one thread for them, as GHC's runFinalizerBatch); one that fails does
-- not stop the rest.
runFinalizerBatch :: [IO ()] -> IO ()
runFinalizerBatch [] = return ()
runFinalizerBatch (fin : fins) = runFinalizer fin >> runFinalizerBatch fins
