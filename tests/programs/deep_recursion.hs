-- Deep non-tail recursion: the stack must grow well past its first chunk.
-- args: 1000000
-- tags: stack recursion
module Main where

import System.Environment

mySum :: [Int] -> Int
mySum [] = 0
mySum (x : xs) = x + mySum xs

build :: Int -> [Int]
build 0 = []
build n = n : build (n - 1)

depth :: Int -> Int
depth 0 = 0
depth n = 1 + depth (n - 1)

main :: IO ()
main = do
  args <- getArgs
  let n = case args of { (a : _) -> read a; [] -> 1000000 }
  print (foldr (+) 0 [1 .. n])
  print (mySum (build n))
  print (depth n)
  -- A lazy left fold builds a chain of thunks that is forced at the end.
  print (foldl (+) 0 [1 .. n `div` 4])
