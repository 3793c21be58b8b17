-- throwTo (killThread) to a thread waiting on a JavaScript Promise
-- (docs/jsffi.md, "Async exceptions"): the exception arrives at once,
-- the Promise is not cancelled, and the runtime keeps working when it
-- settles later; run by tests/jsffi/node/throwto.test.mjs.
import GHC.Wasm.Prim
import Control.Concurrent
import Control.Exception

foreign import javascript safe "new Promise(res => setTimeout(() => res($1), $2))"
  js_later :: Int -> Int -> IO Int
-- A Promise that settles only when the test opens the gate (calls the
-- function it leaves in globalThis.hsGates), so no timing is involved.
foreign import javascript safe "new Promise(res => (globalThis.hsGates ??= []).push(() => res($1)))"
  js_gated :: Int -> IO Int

foreign export javascript "killWaiter" killWaiter :: Int -> IO JSString
foreign export javascript "killThenForce" killThenForce :: Int -> IO JSString
foreign export javascript "ping" ping :: Int -> IO Int

describe :: Either AsyncException Int -> String
describe (Left e) = "killed: " ++ show e
describe (Right n) = "finished: " ++ show n

-- A thread forces an async import's result (waits on the Promise, which
-- settles only when the test opens its gate); this thread kills it
-- meanwhile.
killWaiter :: Int -> IO JSString
killWaiter n = do
  box <- newEmptyMVar
  started <- newEmptyMVar
  t <- forkIO $ do
    v <- js_gated n
    putMVar started ()
    r <- try (evaluate v)
    putMVar box (describe r)
  takeMVar started
  threadDelay 1000 -- let it block on the Promise
  killThread t
  s <- takeMVar box
  return (toJSString s)

-- The killed thread's thunk is restored: another thread forcing it later
-- waits for the same Promise and gets its value.
killThenForce :: Int -> IO JSString
killThenForce ms = do
  v <- js_later 7 ms
  box <- newEmptyMVar
  t <- forkIO $ try (evaluate v) >>= putMVar box . describe
  threadDelay 1000
  killThread t
  first <- takeMVar box
  w <- evaluate v
  return (toJSString (first ++ "; then " ++ show w))

ping :: Int -> IO Int
ping n = return (n + 1)

main :: IO ()
main = return ()
