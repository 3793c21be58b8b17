-- The naive lazy list sieve: print the n-th prime.
-- args: 1000
-- bench-args: 5000
-- tags: benchmark nofib laziness
module Main where

import System.Environment

primes :: [Int]
primes = sieve [2 ..]
  where
    sieve (p : xs) = p : sieve [x | x <- xs, x `mod` p /= 0]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
  print (primes !! (n - 1))
