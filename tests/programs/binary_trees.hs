-- Binary trees (after the benchmarks game): allocate and walk many short-lived trees
-- next to one long-lived tree. Heavy on the garbage collector (the variant with a 64 KB nursery collects often).
-- args: 10
-- bench-args: 16
-- rts-variants: -A64k
-- tags: benchmark nofib gc
module Main where

import System.Environment
import Control.Monad (forM_)
import Data.Bits (shiftL)

-- The leaves hold the iteration number, so that an optimising compiler cannot
-- float the short-lived trees out of the loop and build each only once (GHC
-- -O2's full laziness does that to `check (make d)`, timing nothing).
data Tree = Leaf Int | Node Tree Tree

make :: Int -> Int -> Tree
make i 0 = Node (Leaf i) (Leaf i)
make i d = Node (make i (d - 1)) (make i (d - 1))

check :: Tree -> Int
check (Leaf _) = 0
check (Node l r) = 1 + check l + check r

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      maxD = max 6 n
      stretch = maxD + 1
  putStrLn ("stretch tree of depth " ++ show stretch ++ "\t check: " ++ show (check (make 0 stretch)))
  let long = make 0 maxD
  forM_ [4, 6 .. maxD] $ \d -> do
    let iters = 1 `shiftL` (maxD - d + 4) :: Int
        total = sum [check (make i d) | i <- [1 .. iters]]
    putStrLn (show iters ++ "\t trees of depth " ++ show d ++ "\t check: " ++ show total)
  putStrLn ("long lived tree of depth " ++ show maxD ++ "\t check: " ++ show (check long))
