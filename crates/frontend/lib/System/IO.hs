{-# LANGUAGE NoImplicitPrelude #-}
-- | Handles and text I/O.
module System.IO
  ( IO, FilePath, Handle, IOMode(..), BufferMode(..)
  , stdin, stdout, stderr
  , hPutChar, hPutStr, hPutStrLn, hPrint, putChar, putStr, putStrLn, print
  , hGetChar, hGetLine, hGetContents, hIsEOF, hFlush, hClose, hSetBuffering
  , getChar, getLine, getContents, isEOF, interact, readIO, readLn
  , openFile, withFile, readFile, writeFile, appendFile
  ) where

import GHC.IO
