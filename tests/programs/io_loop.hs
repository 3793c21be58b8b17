-- Long-running IO loops (forM_, mapM_, recursion in IO) must run in constant stack.
-- args: 300000
-- tags: io stack
module Main where

import Control.Monad
import Data.IORef
import System.Environment

countdown :: IORef Int -> Int -> IO ()
countdown _ 0 = return ()
countdown ref n = modifyIORef' ref (+ n) >> countdown ref (n - 1)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Int
  ref <- newIORef 0
  forM_ [1 .. n] $ \i -> modifyIORef' ref (+ i)
  readIORef ref >>= print
  writeIORef ref 0
  mapM_ (\i -> when (i `mod` 3 == 0) (modifyIORef' ref (+ 1))) [1 .. n]
  readIORef ref >>= print
  writeIORef ref 0
  countdown ref n
  readIORef ref >>= print
  total <- foldM (\acc i -> return $! acc + i) 0 [1 .. n]
  print total
  let loop i acc
        | i > n = return acc
        | otherwise = loop (i + 1) $! acc + i * i `mod` 7
  loop 1 (0 :: Int) >>= print
