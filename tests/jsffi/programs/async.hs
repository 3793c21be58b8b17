-- Asynchronous (safe) imports: Promises over setTimeout, await in a body,
-- rejections as JSException, re-entrance (JavaScript calling an export
-- while an import waits); run by tests/jsffi/node/async.test.mjs.
import GHC.Wasm.Prim
import Control.Exception

foreign import javascript safe "new Promise(res => setTimeout(res, $1))"
  js_sleep :: Int -> IO ()
foreign import javascript safe "await new Promise(r => setTimeout(r, 5)); return $1 * 2;"
  js_slow_double :: Int -> IO Int
foreign import javascript safe "throw new Error('nope ' + $1)"
  js_fail :: Int -> IO Int
foreign import javascript "Promise.reject(new Error('rejected'))"
  js_reject :: IO JSVal
foreign import javascript safe "return await __exports.triple($1);"
  js_reenter :: Int -> IO Int
foreign import javascript unsafe "$1.message"
  js_message :: JSVal -> JSString
foreign import javascript unsafe "globalThis.hsEvents.push($1)"
  js_event :: Int -> IO ()

foreign export javascript "sleepThenAdd" sleepThenAdd :: Int -> IO Int
foreign export javascript "caught" caught :: Int -> IO JSString
foreign export javascript "uncaught" uncaught :: IO Int
foreign export javascript "lazyThunk" lazyThunk :: IO Int
foreign export javascript "reenter" reenter :: Int -> IO Int
foreign export javascript "triple" triple :: Int -> IO Int

sleep :: Int -> IO ()
sleep t = evaluate =<< js_sleep t

sleepThenAdd :: Int -> IO Int
sleepThenAdd n = do
  js_event n
  sleep n
  d <- js_slow_double n
  js_event (negate n)
  return (d + 1)

caught :: Int -> IO JSString
caught n = do
  r <- try (evaluate =<< js_fail n)
  case r of
    Left (JSException e) -> return (js_message e)
    Right v -> return (toJSString (show v))

uncaught :: IO Int
uncaught = do
  v <- js_reject
  _ <- evaluate v
  return 1

-- The import returns at once; the thunk is never forced, so the thread
-- does not wait for the Promise.
lazyThunk :: IO Int
lazyThunk = do
  _ <- js_slow_double 21
  return 7

reenter :: Int -> IO Int
reenter n = do
  r <- js_reenter n
  evaluate (r + 1)

triple :: Int -> IO Int
triple n = return (3 * n)

main :: IO ()
main = return ()
