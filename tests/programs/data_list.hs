-- Data.List: sorting, grouping, searching, folding, set operations and transpositions.
-- tags: library lists
module Main where

import Data.List

data P = P String Int deriving Show

main :: IO ()
main = do
  let xs = [5, 3, 9, 1, 5, 7, 3, 3, 8, 0, -2] :: [Int]
  print (sort xs, reverse (sort xs))
  print (sortBy (\a b -> compare b a) xs)
  print (sortBy (\(P _ a) (P _ b) -> compare a b) [P "x" 3, P "y" 1, P "z" 3, P "w" 1])
  print (nub xs, group (sort xs), map length (group "aaabccddddd"))
  print (partition even xs, span (< 9) xs, break (> 5) xs)
  print (foldl' (+) 0 [1 .. 100000 :: Int], foldl (flip (:)) [] "abc")
  print (insert 4 [1, 3, 5, 7 :: Int], delete 3 xs, xs \\ [3, 5, 0])
  print (union [1, 2, 3] [3, 4, 1 :: Int], intersect [1, 2, 3, 4] [2, 4, 6 :: Int])
  print (intercalate ", " ["a", "b", "c"], intersperse '-' "abc")
  print (transpose ["abc", "de", "f"], transpose [[1, 2, 3], [4, 5, 6 :: Int]])
  print (isPrefixOf "ab" "abc", isSuffixOf "bc" "abc", isInfixOf "xy" "abxyc", isInfixOf "yx" "abxyc")
  print (lookup 2 [(1, "one"), (2, "two")], elemIndex 9 xs, findIndex (< 0) xs, find (> 6) xs)
  print (elemIndices 3 xs, zip3 "ab" [1, 2 :: Int] [True, False], unzip3 [(1 :: Int, 'a', "x"), (2, 'b', "y")])
  print (tails [1, 2, 3 :: Int], inits "abc", subsequences "abc")
  print (permutations [1, 2, 3 :: Int])
  print (splitAt 3 xs, takeWhile (/= 1) xs, dropWhile (/= 1) xs, dropWhileEnd (== ' ') "trim   ")
  print (maximumBy (\a b -> compare (snd a) (snd b)) [(1, 'a'), (2, 'c'), (3 :: Int, 'b')])
  print (minimumBy (\a b -> compare (abs a) (abs b)) [-3, 2, -1, 4 :: Int])
  print (groupBy (\a b -> even a == even b) [2, 4, 1, 3, 6, 8, 5 :: Int])
  print (nubBy (\a b -> a `mod` 3 == b `mod` 3) [1 .. 10 :: Int], insertBy (\a b -> compare b a) 4 [7, 5, 3, 1 :: Int])
  print (zipWith3 (,,) [1 :: Int ..] "xy" [True], unwords (words "  a  b c "), replicate 3 'z')
  print (scanl (+) 0 [1 .. 5 :: Int], scanl1 max [3, 1, 4, 1, 5 :: Int], scanr (+) 0 [1, 2, 3 :: Int], scanr1 (-) [1, 2, 3 :: Int])
  print (iterate (* 2) 1 !! 20 :: Int, genericLength "abcd" :: Integer, and [], or [], all even [2, 4 :: Int], any odd [2, 4 :: Int])
  print (mapAccumL (\acc x -> (acc + x, acc * x)) 0 [1 .. 5 :: Int], mapAccumR (\acc x -> (acc + x, acc * x)) 0 [1 .. 5 :: Int])
  print (unfoldr (\n -> if n > 100 then Nothing else Just (n, n * 2)) (1 :: Int))
  print (stripPrefix "foo" "foobar", stripPrefix "x" "foobar", lines "a\n\nb\n", zip [1 :: Int ..] (sortOn negate [3, 1, 2 :: Int]))
  print (foldr1 (-) [10, 3, 2 :: Int], foldl1 (-) [10, 3, 2 :: Int], concat [[1], [], [2, 3 :: Int]], sum [] :: Int, product [1 .. 10 :: Int])
  print (last xs, init "abc", null [], length xs, reverse "stressed", lookup 'z' (zip "abc" [1 :: Int ..]))
