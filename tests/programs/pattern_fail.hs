-- Non-exhaustive patterns in a function, uncaught, after a caught one in a case expression.
-- tags: exceptions exit
module Main where

import Control.Exception

data Colour = Red | Green | Blue deriving Show

warm :: Colour -> String
warm Red = "warm"
warm Green = "cool"

onPat :: PatternMatchFail -> IO ()
onPat _ = putStrLn "caught a pattern match failure"

main :: IO ()
main = do
  putStrLn (warm Red)
  (evaluate (case Blue of { Red -> 1 :: Int }) >>= print) `catch` onPat
  putStrLn (warm Blue)
