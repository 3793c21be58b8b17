-- An uncaught user-defined exception thrown with throwIO: GHC shows it with its Show instance, exit 1.
-- tags: exceptions exit
module Main where

import Control.Exception

data ConfigError = MissingKey String | BadValue String Int
  deriving Show

instance Exception ConfigError

main :: IO ()
main = do
  putStrLn "loading"
  (throwIO (MissingKey "port") :: IO ()) `catch` (\e -> putStrLn ("recovered from " ++ show (e :: ConfigError)))
  _ <- throwIO (BadValue "timeout" (-5))
  putStrLn "not reached"
