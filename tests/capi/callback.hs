-- The Haskell side of tests/capi/callback.c: callbacks. Haskell calls C
-- (foreign import), C calls Haskell back (foreign export), several levels
-- deep, with collections in C between the levels; an export that fails
-- inside a callback, seen by the C code in the middle; and calls through
-- C function pointers ("dynamic").
module Main where

import Foreign.Ptr (FunPtr)

foreign import ccall "callback_down" cDown :: Int -> IO Int
foreign import ccall "callback_try_fail" cTryFail :: Int -> IO Int

-- hsDown n = n + 1 + hsDown (n - 1), through C at every level. A list
-- built before each C call is summed again after it: the values the
-- interrupted Haskell code holds must survive the collections the
-- callbacks make (roots of the suspended evaluation).
foreign export ccall hsDown :: Int -> IO Int
hsDown :: Int -> IO Int
hsDown n
  | n <= 0 = do
      putStrLn "Haskell: bottom reached"
      return 0
  | otherwise = do
      let xs = map (* 2) [1 .. 2000 * n]
          before = sum xs
      r <- before `seq` cDown (n - 1)
      let after = sum xs
      return (if before == after then r + n + 1 else -1000000)

foreign export ccall hsFail :: Int -> IO Int
hsFail :: Int -> IO Int
hsFail n = if n > 0 then error "hsFail: failing on purpose" else return n

foreign export ccall hsTryFail :: Int -> IO Int
hsTryFail :: Int -> IO Int
hsTryFail n = do
  k <- cTryFail n
  return (k * 10)

-- A C function pointer chosen by C, called from Haskell.
foreign import ccall "callback_pick" cPick :: Int -> IO (FunPtr (Int -> IO Int))
foreign import ccall "dynamic" callIntFun :: FunPtr (Int -> IO Int) -> Int -> IO Int

foreign export ccall hsDynamic :: Int -> Int -> IO Int
hsDynamic :: Int -> Int -> IO Int
hsDynamic which x = do
  f <- cPick which
  callIntFun f x

main :: IO ()
main = putStrLn "main is not run by this test"
