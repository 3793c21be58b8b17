-- Takeuchi's function (nofib's tak).
-- args: 18 12 6
-- bench-args: 24 16 8
-- tags: benchmark nofib
module Main where

import System.Environment

tak :: Int -> Int -> Int -> Int
tak x y z = if not (y < x) then z else tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y)

main :: IO ()
main = do
  [a, b, c] <- fmap (map read) getArgs
  print (tak a b c)
