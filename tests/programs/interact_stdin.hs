-- interact over the standard input: number the lines and count words and characters.
-- tags: io stdin
module Main where

process :: String -> String
process input =
  let ls = lines input
      numbered = zipWith (\n l -> show n ++ "\t" ++ reverse l) [1 :: Int ..] ls
      summary = "lines=" ++ show (length ls) ++ " words=" ++ show (length (words input)) ++ " chars=" ++ show (length input)
   in unlines (numbered ++ [summary])

main :: IO ()
main = interact process
