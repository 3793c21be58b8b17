-- exitWith (ExitFailure 3) after writing to stdout and stderr; output is flushed at exit.
-- tags: io exit
module Main where

import System.Exit
import System.IO
import Control.Exception (finally)

main :: IO ()
main = do
  putStrLn "before exit"
  putStr "no newline yet"
  hPutStrLn stderr "a message on stderr"
  (exitWith (ExitFailure 3) >> putStrLn "not reached") `finally` putStrLn " (finally ran)"
  putStrLn "not reached either"
