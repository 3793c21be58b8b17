{-# LANGUAGE NoImplicitPrelude #-}
-- | The JavaScript FFI's types (the seed user guide's GHC.Wasm.Prim):
-- JSVal, a runtime object holding a key of the JavaScript-side table, and
-- JSString, a newtype of it. The operations are primitives that the
-- runtime provides only in a wasm build linked with the JavaScript FFI
-- (issue 9); elsewhere isJSFFIUsed is False and the others are a clear
-- runtime error.
module GHC.Wasm.Prim
  ( JSVal, freeJSVal
  , JSString(..), toJSString, fromJSString
  , isJSFFIUsed
  , JSException(..), WouldBlockException(..)
  , jsffiRunExport, jsffiRunPureExport, jsffiAwaitWith
  ) where

import Prelude
import GHC.Exception (Exception(..))
import Control.Exception (SomeException, try, evaluate, throwIO, mask, catch)
import Control.Concurrent (myThreadId, throwTo)
import Control.Concurrent.MVar (MVar, putMVar, newEmptyMVar, takeMVar)
import Foreign.StablePtr (StablePtr, newStablePtr, freeStablePtr)
import Hsrts.Prim (JSVal, primFreeJSVal, primToJSString, primFromJSString, primJSFFIUsed, primUnsafePerformIO)

-- | Drop the JavaScript reference now (at most once; later use is a
-- runtime error).
freeJSVal :: JSVal -> IO ()
freeJSVal = primFreeJSVal

-- | A JavaScript string.
newtype JSString = JSString JSVal

toJSString :: String -> JSString
toJSString s = case forceString s of () -> JSString (primToJSString s)

-- The primitive reads an evaluated list of evaluated characters.
forceString :: String -> ()
forceString [] = ()
forceString (c:cs) = c `seq` forceString cs

fromJSString :: JSString -> String
fromJSString (JSString v) = primFromJSString v

-- | Whether the program runs as a wasm module linked with the JavaScript
-- FFI (hsrts build --reactor and the post-linker).
isJSFFIUsed :: Bool
isJSFFIUsed = primUnsafePerformIO primJSFFIUsed

-- | A rejected Promise of an async import, or a JavaScript exception.
data JSException = JSException JSVal

instance Show JSException where
  showsPrec _ _ = showString "JSException"

instance Exception JSException where
  exceptionTypeTag _ = "GHC.Wasm.Prim.JSException"

-- | Thrown to a thread bound to a C export that forces an async import.
data WouldBlockException = WouldBlockException String

instance Show WouldBlockException where
  showsPrec p (WouldBlockException s) =
    showParen (p >= 11) (showString "WouldBlockException " . showsPrec 11 s)

instance Exception WouldBlockException where
  exceptionTypeTag _ = "GHC.Wasm.Prim.WouldBlockException"

-- | How the runtime runs a call of a @foreign export javascript@ of an IO
-- type (docs/jsffi.md, "Exports"): the action's result, evaluated to
-- WHNF, goes to @done@; an exception's text to @failed@ (the runtime
-- rejects the call's Promise with it).
jsffiRunExport :: IO a -> MVar a -> MVar JSString -> IO ()
jsffiRunExport act done failed = do
  r <- try (act >>= evaluate)
  case r of
    Right v -> putMVar done v
    Left e -> do
      let msg = toJSString (exceptionText e)
      _ <- evaluate msg
      putMVar failed msg

-- | 'jsffiRunExport' for an export of a non-IO type.
jsffiRunPureExport :: a -> MVar a -> MVar JSString -> IO ()
jsffiRunPureExport x = jsffiRunExport (evaluate x)

exceptionText :: SomeException -> String
exceptionText = displayException

-- The runtime's side of asynchronous imports (docs/jsffi.md, "Foreign
-- imports"). The front end turns a safe import's result into the thunk
-- @jsffiAwaitWith promise convert@: forcing it blocks the forcing thread
-- on an MVar that the ES module fills (through the runtime's
-- hsrts_jsffi_settled export) when the Promise settles, then converts the
-- settled value with a sync identity import, or throws JSException.
foreign import javascript unsafe "__hsrts.await($1, $2)"
  js_await :: JSVal -> StablePtr (MVar ()) -> IO Bool
foreign import javascript unsafe "__hsrts.failed($1)"
  js_await_failed :: JSVal -> IO Bool
foreign import javascript unsafe "__hsrts.take($1)"
  js_await_take :: JSVal -> IO JSVal
foreign import javascript unsafe "__hsrts.forget($1)"
  js_await_forget :: JSVal -> IO ()

jsffiAwaitWith :: JSVal -> (JSVal -> IO a) -> a
jsffiAwaitWith p convert = primUnsafePerformIO (jsffiAwait p >>= convert)

-- The stable pointer and the ES module's bookkeeping for the Promise are
-- freed however the wait ends: settled, or interrupted by an asynchronous
-- exception (throwTo; the Promise is not cancelled, the ES module then
-- ignores its settling). The runtime answers False to js_await, without
-- calling JavaScript, when the thread is bound to a C export
-- (Note [Would block] in rts-core's jsffi.rs): such a thread cannot wait.
jsffiAwait :: JSVal -> IO JSVal
jsffiAwait p = mask (\restore -> do
  m <- newEmptyMVar
  sp <- newStablePtr m
  waiting <- js_await p sp
  if waiting then return () else do
    freeStablePtr sp
    throwIO (WouldBlockException wouldBlockText)
  restore (takeMVar m) `catch` \e -> do
    freeStablePtr sp
    js_await_forget p
    rethrowAsync e
  freeStablePtr sp
  failed <- js_await_failed p
  v <- js_await_take p
  if failed then throwIO (JSException v) else return v)

-- Only an asynchronous exception reaches the wait (takeMVar). It is
-- thrown on as one (throwTo to ourselves), not with throwIO: a thunk being
-- forced (jsffiAwaitWith's) is then restored for a later force, as for
-- any interrupted evaluation, instead of being updated to rethrow it.
rethrowAsync :: SomeException -> IO ()
rethrowAsync e = myThreadId >>= \t -> throwTo t e

wouldBlockText :: String
wouldBlockText =
  "a thread bound to a C export (a call through the C API) forced an asynchronous "
    ++ "JavaScript import's result; it cannot wait for a Promise"
