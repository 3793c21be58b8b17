-- NonTermination from a self-dependent thunk, caught; then the program goes on.
-- tags: exceptions laziness blackhole
module Main where

import Control.Exception

onLoop :: NonTermination -> IO ()
onLoop e = putStrLn ("caught: " ++ show e)

main :: IO ()
main = do
  let xs = 1 : map (* 2) (tail' xs) :: [Int]
      tail' (_ : t) = t
      tail' [] = []
  (evaluate (length (take 5 xs)) >>= print) `catch` onLoop
  let y = head (filter (> 100) (map (+ y) [1 :: Int ..]))
  (evaluate y >>= print) `catch` onLoop
  putStrLn "still running"
