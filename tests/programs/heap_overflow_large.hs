-- Large objects past the heap limit (+RTS -M): a forked thread allocates
-- arrays of 100,000 elements (800 KB each, each smaller than the limit) and
-- keeps them all. As GHC, each array is granted although the heap is over
-- the limit; the collection that finds the live data over it throws
-- HeapOverflow to the main thread, once (-Mgrace is larger than what is
-- allocated afterwards). An array larger than the limit on its own is
-- refused at once, in the thread that asks for it.
-- rts: -M8m -Mgrace=1g
-- tags: gc memory concurrency exceptions arrays
module Main where

import Control.Concurrent
import Control.Exception
import Data.Array.IO

-- Runs `wait` (at first: let the child start, then wait for it) under a
-- handler that counts heap overflows and then waits again. The child starts
-- only once main is inside the handler, so the overflow cannot arrive
-- before it, whatever the scheduler does.
waitFor :: IO Int -> MVar Int -> Int -> IO (Int, Int)
waitFor wait done caught =
  (wait >>= \r -> return (caught, r))
    `catch` \e -> case e of
      HeapOverflow -> waitFor (takeMVar done) done (caught + 1)
      _ -> throwIO e

keep :: Int -> [IOUArray Int Int] -> IO Int
keep 0 arrays = sum <$> mapM (\a -> readArray a 0) arrays
keep n arrays = do
  a <- newArray (0, 99999) n
  keep (n - 1) (a : arrays)

main :: IO ()
main = do
  start <- newEmptyMVar
  done <- newEmptyMVar
  _ <- forkIO (takeMVar start >> keep 20 [] >>= putMVar done)
  (caught, r) <- waitFor (putMVar start () >> takeMVar done) done 0
  putStrLn ("heap overflows caught: " ++ show caught)
  print r
  tooBig <- try (newArray (0, 2000000) 0 :: IO (IOUArray Int Int))
  case tooBig of
    Left HeapOverflow -> putStrLn "an array larger than the limit: heap overflow"
    Left e -> putStrLn ("an array larger than the limit: " ++ show e)
    Right _ -> putStrLn "an array larger than the limit: allocated"
