-- getArgs and getProgName.
-- args: alpha beta 42 -x
-- tags: io args
module Main where

import System.Environment

main :: IO ()
main = do
  args <- getArgs
  name <- getProgName
  putStrLn (name ++ ": my name")
  print args
  print (length args)
  mapM_ putStrLn (reverse args)
  let nums = [read a :: Int | a <- args, all (`elem` "0123456789") a]
  print (sum nums)
