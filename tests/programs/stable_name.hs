-- StableName: the same object gives equal names (also after a GC), distinct objects differ.
-- tags: memory stablename
module Main where

import System.Mem
import System.Mem.StableName
import Control.Exception (evaluate)

main :: IO ()
main = do
  xs <- evaluate [1, 2, 3 :: Int]
  ys <- evaluate (map (+ 1) xs)
  _ <- evaluate (length ys)
  n1 <- makeStableName xs
  n2 <- makeStableName xs
  n3 <- makeStableName ys
  print (n1 == n2, n1 == n3, eqStableName n1 n2)
  print (hashStableName n1 == hashStableName n2)
  performGC
  n4 <- makeStableName xs
  print (n1 == n4, hashStableName n1 == hashStableName n4)
  names <- mapM makeStableName [xs, ys, xs, ys]
  print [a == b | a <- names, b <- names]
  print (sum xs + sum ys)
