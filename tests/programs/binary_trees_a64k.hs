-- Binary trees (after the benchmarks game): allocate and walk many short-lived trees
-- next to one long-lived tree, with a 64 KB nursery so that GCs are frequent.
-- args: 10
-- rts: -A64k
-- tags: benchmark nofib gc
module Main where

import System.Environment
import Control.Monad (forM_)
import Data.Bits (shiftL)

data Tree = Nil | Node Tree Tree

make :: Int -> Tree
make 0 = Node Nil Nil
make d = Node (make (d - 1)) (make (d - 1))

check :: Tree -> Int
check Nil = 0
check (Node l r) = 1 + check l + check r

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      maxD = max 6 n
      stretch = maxD + 1
  putStrLn ("stretch tree of depth " ++ show stretch ++ "\t check: " ++ show (check (make stretch)))
  let long = make maxD
  forM_ [4, 6 .. maxD] $ \d -> do
    let iters = 1 `shiftL` (maxD - d + 4) :: Int
        total = sum [check (make d) | _ <- [1 .. iters]]
    putStrLn (show iters ++ "\t trees of depth " ++ show d ++ "\t check: " ++ show total)
  putStrLn ("long lived tree of depth " ++ show maxD ++ "\t check: " ++ show (check long))
