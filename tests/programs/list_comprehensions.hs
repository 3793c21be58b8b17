-- List comprehensions: generators, guards, local lets, nested patterns, dependent generators.
-- tags: lists syntax
module Main where

pythag :: Int -> [(Int, Int, Int)]
pythag n = [(a, b, c) | c <- [1 .. n], b <- [1 .. c], a <- [1 .. b], a * a + b * b == c * c]

main :: IO ()
main = do
  print [x * x | x <- [1 .. 10 :: Int], odd x]
  print (pythag 30)
  print [(i, c) | (i, c) <- zip [0 :: Int ..] "hello", c /= 'l']
  print [y | Just y <- [Just 1, Nothing, Just (3 :: Int)]]
  print [s | x <- [1 .. 5 :: Int], let s = x * x, s > 5]
  print [[(r, c) | c <- [r .. 3]] | r <- [1 .. 3 :: Int]]
  print (concat [[x, y] | (x, y) <- [(1, 2), (3, 4 :: Int)]])
  print [if even x then 'e' else 'o' | x <- [1 .. 9 :: Int]]
  print (length [() | _ <- [1 .. 7 :: Int], _ <- "ab"])
  print [x | x <- "Mississippi", x `elem` "sp"]
  print (take 5 [(a, b) | a <- [1 :: Int ..], b <- [1 .. a], gcd a b == 1, a + b > 6])
