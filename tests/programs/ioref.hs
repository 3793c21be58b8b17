-- Data.IORef: mutable references, modifyIORef, atomicModifyIORef', references in data.
-- tags: library io
module Main where

import Data.IORef
import Control.Monad

data Counter = Counter (IORef Int) String

bump :: Counter -> IO ()
bump (Counter r _) = modifyIORef r (+ 1)

main :: IO ()
main = do
  r <- newIORef (0 :: Int)
  forM_ [1 .. 100] $ \i -> modifyIORef' r (+ i)
  readIORef r >>= print
  writeIORef r 7
  old <- atomicModifyIORef' r (\x -> (x * 6, x))
  new <- readIORef r
  print (old, new)
  acc <- newIORef []
  mapM_ (\c -> modifyIORef acc (c :)) "hello"
  readIORef acc >>= putStrLn
  cs <- mapM (\n -> fmap (\ref -> Counter ref n) (newIORef 0)) ["a", "b"]
  replicateM_ 3 (bump (head cs))
  bump (last cs)
  forM_ cs $ \(Counter ref n) -> do
    v <- readIORef ref
    putStrLn (n ++ "=" ++ show v)
  fib <- newIORef (0 :: Integer, 1 :: Integer)
  replicateM_ 90 (modifyIORef' fib (\(x, y) -> (y, x + y)))
  readIORef fib >>= print . fst
  x <- atomicModifyIORef r (\v -> (v + 1, v + 100))
  readIORef r >>= \v -> print (x, v)
