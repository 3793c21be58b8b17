-- JSVal collection, freeJSVal, exports that throw, and exports that sleep
-- (several awaited at once); run by tests/jsffi/node/lifecycle.test.mjs.
import GHC.Wasm.Prim
import Control.Concurrent
import Control.Exception
import System.Mem (performMajorGC)

foreign import javascript unsafe "({n: $1})" js_obj :: Int -> IO JSVal
foreign import javascript unsafe "$1.n" js_n :: JSVal -> IO Int
foreign import javascript unsafe "globalThis.hsEvents.push($1)" js_event :: Int -> IO ()

foreign export javascript "churn" churn :: Int -> IO Int
foreign export javascript "collect" collect :: IO ()
foreign export javascript "useAfterFree" useAfterFree :: IO Int
foreign export javascript "freeOnce" freeOnce :: IO Int
foreign export javascript "boom" boom :: Int -> IO Int
foreign export javascript "pureBoom" pureBoom :: Int -> Int
foreign export javascript "sleepy" sleepy :: Int -> IO Int

churn :: Int -> IO Int
churn n = go 0 0
  where
    go i acc
      | i >= n = return acc
      | otherwise = do
          o <- js_obj i
          v <- js_n o
          go (i + 1) (acc + v)

collect :: IO ()
collect = performMajorGC

useAfterFree :: IO Int
useAfterFree = do
  o <- js_obj 5
  freeJSVal o
  js_n o

freeOnce :: IO Int
freeOnce = do
  o <- js_obj 7
  v <- js_n o
  freeJSVal o
  return v

boom :: Int -> IO Int
boom n = throwIO (ErrorCall ("boom " ++ show n))

pureBoom :: Int -> Int
pureBoom n = if n > 0 then error ("pure boom " ++ show n) else n

-- Sleeps n ms on the Haskell side (the runtime asks the event loop to wake
-- it), recording when it starts and ends.
sleepy :: Int -> IO Int
sleepy n = do
  js_event n
  threadDelay (n * 1000)
  js_event (negate n)
  return (n * 10)

main :: IO ()
main = return ()
