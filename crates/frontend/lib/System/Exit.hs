{-# LANGUAGE NoImplicitPrelude #-}
-- | Ending the program: exitWith throws an ExitCode, which the top-level
-- handler turns into the exit status.
module System.Exit
  ( ExitCode(..), exitWith, exitFailure, exitSuccess, die
  ) where

import Prelude
import GHC.Exception (ExitCode(..))
import GHC.IO

die :: String -> IO a
die err = hPutStrLn stderr err >> exitFailure
