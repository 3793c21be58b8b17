-- Weak pointers: deRefWeak while the key is alive, an explicit finalize runs the
-- finalizer exactly once, and afterwards the weak pointer is dead.
-- tags: gc memory weak
module Main where

import System.Mem
import System.Mem.Weak
import Data.IORef

main :: IO ()
main = do
  key <- newIORef "the key"
  log' <- newIORef []
  w <- mkWeak key "the value" (Just (modifyIORef log' ("finalizer ran" :)))
  performGC
  v1 <- deRefWeak w
  print v1
  readIORef key >>= putStrLn
  finalize w
  finalize w
  v2 <- deRefWeak w
  print v2
  readIORef log' >>= print
  -- mkWeakPtr with no finalizer; the key is still used afterwards so it stays alive.
  let xs = [1 .. 10 :: Int]
  wp <- mkWeakPtr xs Nothing
  performGC
  r <- deRefWeak wp
  print (fmap sum r)
  print (length xs)
  wpair <- mkWeakPair key (42 :: Int) Nothing
  deRefWeak wpair >>= print . fmap snd
  readIORef key >>= putStrLn
