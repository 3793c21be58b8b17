-- The nfib function: the number of calls made by the naive doubly recursive Fibonacci.
-- args: 22
-- bench-args: 32
-- tags: benchmark nofib
module Main where

import System.Environment

nfib :: Int -> Int
nfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
  putStrLn ("nfib " ++ show n ++ " = " ++ show (nfib n))
