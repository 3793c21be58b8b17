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
  ) where

import Prelude
import GHC.Exception (Exception(..))
import Hsrts.Prim (JSVal, primFreeJSVal, primToJSString, primFromJSString, primJSFFIUsed, primUnsafePerformIO)

-- | Drop the JavaScript reference now (at most once; later use is a
-- runtime error).
freeJSVal :: JSVal -> IO ()
freeJSVal = primFreeJSVal

-- | A JavaScript string.
newtype JSString = JSString JSVal

toJSString :: String -> JSString
toJSString s = JSString (primToJSString s)

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
