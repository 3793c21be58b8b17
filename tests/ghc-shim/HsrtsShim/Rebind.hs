{-# LANGUAGE NoImplicitPrelude, PackageImports #-}
-- | What RebindableSyntax needs besides the library's own names: GHC's
-- if-then-else on (GHC's, hence the library's) Bool.
module HsrtsShim.Rebind (ifThenElse) where

import "base" Prelude (Bool(..))

ifThenElse :: Bool -> a -> a -> a
ifThenElse True t _ = t
ifThenElse False _ e = e
