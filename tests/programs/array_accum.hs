-- Data.Array: array, listArray, accumArray histograms, (//), accum, ixmap, fmap, bounds/indices/elems/assocs, two-dimensional and Char indices, Show/Eq/Ord, and GHC's index errors.
-- tags: arrays
module Main where

import Control.Exception
import Data.Array
import Data.Char (ord, toLower, isAlpha)

text :: String
text = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness"

letterCounts :: Array Char Int
letterCounts = accumArray (+) 0 ('a', 'z') [(toLower c, 1) | c <- text, isAlpha c]

histogram :: Array Int Int
histogram = accumArray (+) 0 (0, 9) [(x `mod` 10, 1) | x <- takeWhile (< 500) (map (\k -> k * k + 3 * k) [0 ..])]

grid :: Array (Int, Int) Int
grid = array ((0, 0), (3, 4)) [((r, c), r * 10 + c) | r <- [0 .. 3], c <- [0 .. 4]]

transposed :: Array (Int, Int) Int
transposed = ixmap ((0, 0), (4, 3)) (\(c, r) -> (r, c)) grid

showErr :: ErrorCall -> IO ()
showErr (ErrorCall msg) = putStrLn ("error: " ++ msg)

main :: IO ()
main = do
  print [(c, n) | (c, n) <- assocs letterCounts, n > 5]
  print histogram
  print (sum (elems histogram), bounds histogram)
  print (grid ! (2, 3), transposed ! (3, 2), bounds transposed)
  print [transposed ! (c, 1) | c <- [0 .. 4]]
  let a = listArray (1, 6) "haskel" :: Array Int Char
  print a
  print (a // [(1, 'H'), (6, 'L')])
  print (accum (flip (:)) (listArray (0, 2) ["", "", ""]) [(0, 'x'), (2, 'y'), (0, 'z')] :: Array Int String)
  print (fmap ord a)
  print (indices a, elems (fmap succ a))
  print (listArray (0, 3) [1, 2, 3, 4] == (listArray (0, 3) [1, 2, 3, 4] :: Array Int Int))
  print (compare (listArray (0, 1) [1, 2]) (listArray (0, 1) [1, 3] :: Array Int Int))
  print (listArray (5, 4) [] :: Array Int Int)
  print (showsPrec 11 (listArray (0, 1) [True, False] :: Array Int Bool) "")
  -- Lazy elements: only the one read is evaluated.
  let lazy = listArray (0, 2) [1, undefined, 3] :: Array Int Int
  print (lazy ! 0 + lazy ! 2)
  -- Knot-tied array: each element refers to earlier ones.
  let fibs = listArray (0, 60) [if i < 2 then toInteger i else fibs ! (i - 1) + fibs ! (i - 2) | i <- [0 .. 60]] :: Array Int Integer
  print (fibs ! 60)
  handle showErr (print (a ! 7))
  handle showErr (print (grid ! (4, 0)))
  handle showErr (print (listArray (0, 3) [1, 2] ! (3 :: Int) :: Int))
  handle showErr (print (array (0, 2) [(0, 'a'), (3, 'b')] ! (0 :: Int)))
