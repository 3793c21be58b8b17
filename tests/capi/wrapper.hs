-- The Haskell side of tests/capi/wrapper.c: "wrapper" imports (C function
-- pointers for Haskell closures). A Haskell comparison sorts a C array
-- with C's qsort; many more wrappers are made and freed than the pool of
-- trampolines an interp-static build has (wrapper_hs.c is generated with
-- `--wrapper-pool 4`), some freed by Haskell (freeHaskellFunPtr), some by
-- C (hs_free_fun_ptr); a wrapper of a pure function of Double.
module Main where

import Data.Int (Int32, Int64)
import Foreign.Ptr
import Foreign.Storable
import Foreign.Marshal.Alloc (mallocBytes, free)

type Compare = Ptr Int64 -> Ptr Int64 -> IO Int32

foreign import ccall "wrapper" mkCompare :: Compare -> IO (FunPtr Compare)
foreign import ccall "wrapper" mkAdder :: (Int -> IO Int) -> IO (FunPtr (Int -> IO Int))
foreign import ccall "wrapper" mkScale :: (Double -> Double) -> IO (FunPtr (Double -> Double))

-- C: qsort(xs, n, sizeof *xs, cmp).
foreign import ccall "wrapper_sort" cSort :: Ptr Int64 -> Int -> FunPtr Compare -> IO ()
-- C: f(x).
foreign import ccall "wrapper_apply" cApply :: FunPtr (Int -> IO Int) -> Int -> IO Int
-- C: r = f(x); hs_free_fun_ptr(f); r.
foreign import ccall "wrapper_apply_and_free" cApplyAndFree :: FunPtr (Int -> IO Int) -> Int -> IO Int
-- C: f(x) + f(2 * x).
foreign import ccall "wrapper_scale_twice" cScaleTwice :: FunPtr (Double -> Double) -> Double -> IO Double

-- Counts its calls in a list it keeps (allocation in the callback).
byKey :: (Int64 -> Int64) -> Compare
byKey key a b = do
  x <- peek a
  y <- peek b
  return (case compare (key x) (key y) of
            LT -> -1
            EQ -> 0
            GT -> 1)

sortWith :: String -> (Int64 -> Int64) -> [Int64] -> IO ()
sortWith label key xs = do
  let n = length xs
  buf <- mallocBytes (8 * n)
  mapM_ (\(i, x) -> pokeElemOff buf i x) (zip [0 ..] xs)
  cmp <- mkCompare (byKey key)
  cSort buf n cmp
  freeHaskellFunPtr cmp
  ys <- mapM (peekElemOff buf) [0 .. n - 1]
  free buf
  putStrLn (label ++ ": " ++ show ys)

foreign export ccall sortDemo :: IO ()
sortDemo :: IO ()
sortDemo = do
  let xs = [31, -4, 15, 9, 26, -5, 3, 58, 0, 97, -93, 23, 84, 62, 64, 33]
  sortWith "ascending" id xs
  sortWith "descending" negate xs
  sortWith "by last digit" (\x -> x `mod` 10) [7, 12, 45, 3, 98, 21, 60]
  -- A bigger array: the callbacks allocate, so collections happen while
  -- qsort (C) is on the stack.
  let big = [ (i * 7919) `mod` 1009 | i <- [1 .. 600] ]
  n <- return (length big)
  buf <- mallocBytes (8 * n)
  mapM_ (\(i, x) -> pokeElemOff buf i x) (zip [0 ..] big)
  cmp <- mkCompare (\a b -> do
                      x <- peek a
                      y <- peek b
                      let junk = map (+ x) [1 .. 50]
                      return (if sum junk > 0 && x < y then -1 else if x == y then 0 else 1))
  cSort buf n cmp
  freeHaskellFunPtr cmp
  ys <- mapM (peekElemOff buf) [0 .. n - 1]
  free buf
  putStrLn ("600 sorted: " ++ show (and (zipWith (<=) ys (drop 1 ys))) ++ ", sum "
            ++ show (sum ys) ++ " = " ++ show (sum big))

foreign export ccall reuseDemo :: Int -> IO Int
reuseDemo :: Int -> IO Int
reuseDemo rounds = go 0 0
  where
    go i acc
      | i >= rounds = return acc
      | otherwise = do
          -- Four live at once (the whole pool of an interp-static build).
          fs <- mapM (\k -> mkAdder (\x -> return (x + k + i))) [1 .. 4]
          rs <- mapM (\f -> cApply f 100) fs
          mapM_ freeHaskellFunPtr (take 3 fs)
          -- The fourth is freed by C, after a last call.
          r <- cApplyAndFree (fs !! 3) 1000
          go (i + 1) (acc + sum rs + r)

foreign export ccall scaleDemo :: Double -> IO Double
scaleDemo :: Double -> IO Double
scaleDemo k = do
  f <- mkScale (\x -> x * k)
  r <- cScaleTwice f 1.5
  freeHaskellFunPtr f
  return r

main :: IO ()
main = return ()
