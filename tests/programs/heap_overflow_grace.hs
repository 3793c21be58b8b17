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

waitFor :: MVar Int -> Int -> IO (Int, Int)
waitFor done caught =
  (takeMVar done >>= \r -> return (caught, r))
    `catch` \e -> case e of
      HeapOverflow -> waitFor done (caught + 1)
      _ -> throwIO e

main :: IO ()
main = do
  done <- newEmptyMVar
  _ <- forkIO $ do
    let xs = build [] 300000
    n <- evaluate (length xs)
    putMVar done $! n + sum xs
  (caught, r) <- waitFor done 0
  putStrLn ("heap overflows caught: " ++ show caught)
  print r
