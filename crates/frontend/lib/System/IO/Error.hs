{-# LANGUAGE NoImplicitPrelude #-}
-- | I/O errors.
module System.IO.Error
  ( IOError, ioError, userError, catchIOError
  , isDoesNotExistError, isAlreadyInUseError, isPermissionError, isEOFError, isUserError
  , isAlreadyExistsError, isIllegalOperation, ioeGetErrorString, ioeGetFileName
  ) where

import GHC.Base (IOError)
import GHC.IO
