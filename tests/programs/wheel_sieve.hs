-- A wheel sieve (after nofib's wheel-sieve1): primes from a rotating wheel of spokes.
-- args: 3000
-- bench-args: 40000
-- tags: benchmark nofib laziness
module Main where

import System.Environment

data Wheel = Wheel Int [Int]

primes :: [Int]
primes = sieve wheels primes squares

sieve :: [Wheel] -> [Int] -> [Int] -> [Int]
sieve (Wheel s ns : ws) ps qs =
  [n' | o <- s : [s * 2, s * 3 .. (head ps - 1) * s], n <- ns, n' <- [n + o], noFactor n']
    ++ sieve ws (tail ps) (tail qs)
  where
    noFactor = if s <= 2 then const True else notDivBy ps qs

notDivBy :: [Int] -> [Int] -> Int -> Bool
notDivBy (p : ps) (q : qs) n = q > n || n `mod` p > 0 && notDivBy ps qs n

squares :: [Int]
squares = [p * p | p <- primes]

wheels :: [Wheel]
wheels = Wheel 1 [1] : zipWith3 nextSize wheels primes squares

nextSize :: Wheel -> Int -> Int -> Wheel
nextSize (Wheel s ns) p q =
  Wheel (s * p) [n' | o <- [0, s .. (p - 1) * s], n <- ns, n' <- [n + o], n' `mod` p > 0]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
  print (primes !! n)
  print (take 12 primes)
