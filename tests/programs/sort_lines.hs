-- Read text from stdin, count distinct lines (like sort | uniq -c) and report the longest line.
-- tags: io stdin strings
module Main where

import Data.List (sort, group, sortBy, maximumBy)

main :: IO ()
main = do
  input <- getContents
  let ls = lines input
      counted = map (\g -> (length g, head g)) (group (sort ls))
      byCount = sortBy (\(c1, l1) (c2, l2) -> if c1 /= c2 then compare c2 c1 else compare l1 l2) counted
  mapM_ (\(c, l) -> putStrLn (pad 4 (show c) ++ " " ++ l)) byCount
  putStrLn ("longest: " ++ show (maximumBy (\x y -> compare (length x) (length y)) ls))
  putStrLn ("total " ++ show (length ls) ++ ", distinct " ++ show (length counted))
  where
    pad n s = replicate (n - length s) ' ' ++ s
