-- exitSuccess from a nested action, and catching ExitCode as an exception first.
-- tags: io exit exceptions
module Main where

import System.Exit
import Control.Exception

report :: ExitCode -> IO ()
report e = putStrLn ("caught exit: " ++ show e)

main :: IO ()
main = do
  exitWith (ExitFailure 7) `catch` report
  exitFailure `catch` report
  mapM_ (\i -> if i == 3 then exitSuccess else print i) [1 :: Int ..]
