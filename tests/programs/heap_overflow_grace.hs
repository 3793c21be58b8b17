-- A forked thread builds a list that outgrows the heap limit (+RTS -M) and
-- keeps it alive until it has summed it. GHC throws HeapOverflow to the main
-- thread once; with -Mgrace larger than everything allocated afterwards it is
-- not thrown again, although the heap stays over the limit, so main catches
-- exactly one and then gets the child's result.
-- rts: -M4m -Mgrace=1g
-- tags: gc memory concurrency exceptions
module Main where

import Control.Concurrent
import Control.Exception

build :: [Int] -> Int -> [Int]
build acc 0 = acc
build acc n = let acc' = n : acc in acc' `seq` build acc' (n - 1)

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

main :: IO ()
main = do
  start <- newEmptyMVar
  done <- newEmptyMVar
  _ <- forkIO $ do
    takeMVar start
    let xs = build [] 300000
    n <- evaluate (length xs)
    putMVar done $! n + sum xs
  (caught, r) <- waitFor (putMVar start () >> takeMVar done) done 0
  putStrLn ("heap overflows caught: " ++ show caught)
  print r
