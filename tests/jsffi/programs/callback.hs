-- Dynamic exports, `foreign import javascript "wrapper"` (docs/jsffi.md,
-- "Dynamic exports"): Haskell functions made into JavaScript functions,
-- called from JavaScript imports (sync and async) and from the test
-- itself, freed by freeJSVal or by JavaScript's garbage collector; run by
-- tests/jsffi/node/callback.test.mjs.
import GHC.Wasm.Prim
import Control.Concurrent
import Control.Exception
import System.Mem (performMajorGC)

foreign import javascript "wrapper"
  js_wrap_int :: (Int -> IO Int) -> IO JSVal
foreign import javascript "wrapper"
  js_wrap_binop :: (Int -> Int -> Int) -> IO JSVal
foreign import javascript unsafe "wrapper"
  js_wrap_action :: IO () -> IO JSVal
foreign import javascript "wrapper"
  js_wrap_string :: (JSString -> Double -> IO JSString) -> IO JSVal

-- An async import calling the callback several times and awaiting it.
foreign import javascript safe
  "const r = await Promise.all(Array.from({length: $1}, (_, i) => $2(i))); return r.reduce((a, b) => a + b, 0);"
  js_sum_over :: Int -> JSVal -> IO Int
-- A sync import calling it (the calls start once the runtime is back in
-- the event loop); its Promises are awaited by an async import.
foreign import javascript unsafe "Array.from({length: $1}, (_, i) => $2(i))"
  js_call_each :: Int -> JSVal -> IO JSVal
foreign import javascript safe "(await Promise.all($1)).join(',')"
  js_join_all :: JSVal -> IO JSString
foreign import javascript unsafe "setTimeout(() => $1(), $2)"
  js_set_timeout :: JSVal -> Int -> IO ()
foreign import javascript safe "await $1($2, $3)"
  js_call_string :: JSVal -> JSString -> Double -> IO JSString

foreign export javascript "sumOfSquares" sumOfSquares :: Int -> IO Int
foreign export javascript "syncMap" syncMap :: Int -> IO JSString
foreign export javascript "afterTimeout" afterTimeout :: Int -> IO Int
foreign export javascript "roundTrip" roundTrip :: IO JSString
foreign export javascript "makeAdder" makeAdder :: Int -> IO JSVal
foreign export javascript "makePlus" makePlus :: IO JSVal
foreign export javascript "makeThrower" makeThrower :: IO JSVal
foreign export javascript "free" free :: JSVal -> IO ()
foreign export javascript "churn" churn :: Int -> IO ()
foreign export javascript "collect" collect :: IO ()
foreign export javascript "freeThenUse" freeThenUse :: IO Int

sumOfSquares :: Int -> IO Int
sumOfSquares n = do
  square <- js_wrap_int (\x -> return (x * x))
  s <- js_sum_over n square
  _ <- evaluate s
  freeJSVal square
  return s

syncMap :: Int -> IO JSString
syncMap n = do
  plus100 <- js_wrap_int (\x -> return (x + 100))
  promises <- js_call_each n plus100
  s <- js_join_all promises
  _ <- evaluate s
  freeJSVal plus100
  return s

-- The thread waits for an MVar that only the callback fills, when a
-- JavaScript timer calls it.
afterTimeout :: Int -> IO Int
afterTimeout ms = do
  box <- newEmptyMVar
  cb <- js_wrap_action (putMVar box 42)
  js_set_timeout cb ms
  v <- takeMVar box
  freeJSVal cb
  return v

-- Haskell -> JavaScript -> Haskell with strings and doubles.
roundTrip :: IO JSString
roundTrip = do
  cb <- js_wrap_string (\s d -> return (toJSString (fromJSString s ++ "/" ++ show d)))
  r <- js_call_string cb (toJSString "héllo") 2.5
  _ <- evaluate r
  freeJSVal cb
  return r

makeAdder :: Int -> IO JSVal
makeAdder k = js_wrap_int (\x -> return (x + k))

makePlus :: IO JSVal
makePlus = js_wrap_binop (+)

makeThrower :: IO JSVal
makeThrower = js_wrap_int (\x -> throwIO (ErrorCall ("callback boom " ++ show x)))

free :: JSVal -> IO ()
free = freeJSVal

-- Many short-lived callbacks, none freed: the Haskell GC drops their
-- JSVals, JavaScript's collector their functions, and the registry frees
-- their stable pointers.
churn :: Int -> IO ()
churn n = mapM_ (\i -> js_wrap_int (\x -> return (x + i)) >>= \_ -> return ()) [1 .. n]

collect :: IO ()
collect = performMajorGC

-- freeJSVal, then pass the freed JSVal to JavaScript: a runtime error.
freeThenUse :: IO Int
freeThenUse = do
  cb <- js_wrap_int return
  freeJSVal cb
  js_sum_over 1 cb

main :: IO ()
main = return ()
