{-# LANGUAGE NoImplicitPrelude #-}
-- | Reading values from strings (ReadS style; no ReadPrec).
module Text.Read
  ( Read(..), ReadS, reads, read, readMaybe, readEither, readParen, lex
  ) where

import GHC.Read
