-- N queens with lists (nofib's queens): count all solutions.
-- args: 8
-- bench-args: 10
-- tags: benchmark nofib lists
module Main where

import System.Environment

queens :: Int -> [[Int]]
queens n = go n
  where
    go 0 = [[]]
    go k = [q : qs | qs <- go (k - 1), q <- [1 .. n], safe q qs]

safe :: Int -> [Int] -> Bool
safe q qs = and [q /= c && abs (q - c) /= d | (d, c) <- zip [1 ..] qs]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      sols = queens n
  print (length sols)
  print (head sols)
