-- The node demo of the JavaScript FFI (docs/browser.md): an export that
-- waits on a JavaScript Promise (an asynchronous import over setTimeout)
-- and then computes.
--
--   hsrts build --reactor --export=fib fib.hs -o fib.wasm
--   hsrts post-link -i fib.wasm -o fib.js
--   node --single-threaded-gc examples/jsffi/node/loader.mjs --glue fib.js fib.wasm fib 20
module Main where

import Control.Exception (evaluate)
import GHC.Wasm.Prim

-- Resolves with its argument after `ms` milliseconds of the event loop.
foreign import javascript safe "new Promise(resolve => setTimeout(() => resolve($2), $1))"
  js_later :: Int -> Int -> IO Int

foreign export javascript "fib" fibLater :: Int -> IO Int

fibLater :: Int -> IO Int
fibLater n = do
  m <- js_later 5 n >>= evaluate
  return (fib m)

fib :: Int -> Int
fib k = go k 0 1
  where
    go 0 a _ = a
    go i a b = go (i - 1) b (a + b)

main :: IO ()
main = return ()
