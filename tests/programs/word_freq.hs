-- Word frequencies over a generated text, counted in a binary search tree.
-- args: 20000
-- bench-args: 100000
-- tags: benchmark nofib strings
module Main where

import System.Environment
import Data.List (sortBy)
import Data.Char (toLower)

data Tree = Leaf | Node Tree String !Int Tree

insertW :: String -> Tree -> Tree
insertW w Leaf = Node Leaf w 1 Leaf
insertW w (Node l k c r) = case compare w k of
  LT -> Node (insertW w l) k c r
  GT -> Node l k c (insertW w r)
  EQ -> Node l k (c + 1) r

toListT :: Tree -> [(String, Int)]
toListT t = go t []
  where
    go Leaf acc = acc
    go (Node l k c r) acc = go l ((k, c) : go r acc)

vocabulary :: [String]
vocabulary = words "The quick brown fox jumps over the lazy dog while a small cat watches from the old wooden fence and thinks about lunch dinner and the meaning of life in a quiet village"

-- A linear congruential generator picks words deterministically.
text :: Int -> [String]
text n = take n (map pick (tail (iterate step 12345)))
  where
    step s = (s * 1103515245 + 12345) `mod` 2147483648
    pick s = vocabulary !! ((s `div` 65536) `mod` length vocabulary)

thenCmp :: Ordering -> Ordering -> Ordering
thenCmp EQ o = o
thenCmp o _ = o

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      ws = map (map toLower) (words (unwords (text n)))
      counts = toListT (foldr insertW Leaf ws)
      byFreq = sortBy (\(w1, c1) (w2, c2) -> thenCmp (compare c2 c1) (compare w1 w2)) counts
  print (length ws, length counts)
  mapM_ (\(w, c) -> putStrLn (w ++ " " ++ show c)) (take 10 byFreq)
