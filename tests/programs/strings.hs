-- String processing: lines, words, unlines, unwords, show of strings, simple parsing and formatting.
-- tags: strings
module Main where

import Data.Char (isDigit, isSpace, toUpper)
import Data.List (intercalate)

splitOn :: Char -> String -> [String]
splitOn sep s = case break (== sep) s of
  (a, []) -> [a]
  (a, _ : rest) -> a : splitOn sep rest

trim :: String -> String
trim = f . f where f = reverse . dropWhile isSpace

padLeft :: Int -> String -> String
padLeft n s = replicate (n - length s) ' ' ++ s

capitalise :: String -> String
capitalise [] = []
capitalise (c : cs) = toUpper c : cs

csv :: String
csv = "name,qty,price\napple,3,0.5\nbanana,12,0.25\ncherry,100,0.1\n"

main :: IO ()
main = do
  print (lines "one\ntwo\n\nthree", lines "trailing\n", lines "", lines "\n")
  print (words "  hello   world\t\nagain ", words "")
  print (unlines ["a", "b"], unwords ["a", "b", ""], unlines [])
  print (splitOn ',' "a,b,,c", trim "  padded  ")
  let rows = map (splitOn ',') (lines csv)
  mapM_ (putStrLn . intercalate " | " . map (padLeft 8)) rows
  let total = sum [read q * read p | [_, q, p] <- tail rows] :: Double
  putStrLn ("total: " ++ show total)
  putStrLn (unwords (map capitalise (words "the quick brown fox")))
  print (filter isDigit "a1b2c3", reverse "hello", concatMap show [1, 2, 3 :: Int])
  print (show "nested \"quotes\"", read "\"a\\nb\"" :: String)
  print (zip "abc" (tail "abc"), lookup "b" (zip (words "a b c") [1 :: Int ..]))
  putStr (unlines (zipWith (\n l -> show n ++ ": " ++ l) [1 :: Int ..] ["first", "second"]))
  print (length (concat (replicate 1000 "abc")), take 10 (cycle "xy"))
