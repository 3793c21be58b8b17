{-# LANGUAGE NoImplicitPrelude #-}
-- | Entry point of a program compiled against the library in check.sh: runs
-- the program's main under the library's own top-level handler, as hsrts
-- does (wired-in role run-main), so exit codes and uncaught-exception
-- messages come from the library too.
module HsrtsShim.Main (shimMain) where

import GHC.Base
import Hsrts.Prim (IO)
import GHC.TopHandler (runMainIO)
import qualified Main

shimMain :: IO ()
shimMain = runMainIO Main.main
