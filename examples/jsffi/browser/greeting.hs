-- The browser demo of the JavaScript FFI (docs/browser.md): JavaScript calls
-- the exported functions; Haskell changes the page through JS imports.
--
--   hsrts build --reactor --export=greet --export=countdown --export=listen greeting.hs -o greeting.wasm
--   hsrts post-link -i greeting.wasm -o greeting.js
--
-- then jsffi.html?wasm=/build/greeting.wasm&glue=/build/greeting.js
-- (served by serve.mjs) has a button that calls greet, and one whose
-- clicks a Haskell handler counts (installed by listen, if exported).
module Main where

import Control.Exception (evaluate)
import Data.IORef
import GHC.Wasm.Prim

-- A synchronous import: runs at once, the whole runtime waits for it.
foreign import javascript unsafe "document.getElementById($1).textContent = $2"
  js_setText :: JSString -> JSString -> IO ()

-- An asynchronous import: only the calling thread waits for the Promise.
foreign import javascript safe "new Promise(resolve => setTimeout(resolve, $1))"
  js_sleep :: Int -> IO ()

-- A dynamic export: a Haskell function as a JavaScript function (an event
-- listener here).
foreign import javascript "wrapper"
  js_listener :: (JSVal -> IO ()) -> IO JSVal
foreign import javascript unsafe "document.getElementById($1).addEventListener('click', $2)"
  js_onClick :: JSString -> JSVal -> IO ()

foreign export javascript "greet" greet :: JSString -> IO Int
foreign export javascript "countdown" countdown :: Int -> IO Int
foreign export javascript "listen" listen :: IO ()

setText :: String -> String -> IO ()
setText element text = js_setText (toJSString element) (toJSString text)

sleep :: Int -> IO ()
sleep ms = js_sleep ms >>= evaluate

-- | Writes a greeting into #greeting; returns its length.
greet :: JSString -> IO Int
greet name = do
  let message = "Hello, " ++ fromJSString name ++ ", from Haskell!"
  setText "greeting" message
  return (length message)

-- | Counts down from n in #countdown, one step per 10 ms of the JS event
-- loop (the page stays responsive in between); returns the steps taken.
countdown :: Int -> IO Int
countdown n = go n 0
  where
    go k steps
      | k <= 0 = setText "countdown" "liftoff" >> return steps
      | otherwise = do
          setText "countdown" (show k)
          sleep 10
          go (k - 1) (steps + 1)

-- | Counts the clicks on #counter in #clicks, with a Haskell click handler
-- (docs/jsffi.md, "Dynamic exports"); the page keeps it as long as the
-- button lives.
listen :: IO ()
listen = do
  clicks <- newIORef (0 :: Int)
  handler <- js_listener (\_event -> do
    modifyIORef clicks (+ 1)
    n <- readIORef clicks
    setText "clicks" (show n))
  js_onClick (toJSString "counter") handler

main :: IO ()
main = return ()
