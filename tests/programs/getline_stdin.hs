-- getLine and getContents: read a count, then that many numbers, then the rest.
-- tags: io stdin
module Main where

import Control.Monad (replicateM)
import System.IO

main :: IO ()
main = do
  hSetBuffering stdout NoBuffering
  n <- fmap read getLine :: IO Int
  nums <- replicateM n (fmap read getLine) :: IO [Integer]
  putStrLn ("sum of " ++ show n ++ " numbers: " ++ show (sum nums))
  name <- getLine
  putStr "Hello, "
  putStrLn name
  hFlush stdout
  rest <- getContents
  let ws = words rest
  print (length ws, map length ws)
  hPutStrLn stderr "done reading"
