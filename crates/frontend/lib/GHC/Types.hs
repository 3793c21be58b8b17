{-# LANGUAGE NoImplicitPrelude #-}
-- | The data types the primitive wrappers and the compiler's sugar need by
-- name (Bool, Ordering). Int, Char, lists, tuples... are built in (see
-- crates/frontend/src/prim/builtins.rs) and come from the pseudo-module
-- Hsrts.Prim.
module GHC.Types
  ( Bool(..), Ordering(..)
  , (&&), (||), not, otherwise
  ) where

infixr 3 &&
infixr 2 ||

data Bool = False | True

data Ordering = LT | EQ | GT

(&&) :: Bool -> Bool -> Bool
True  && x = x
False && _ = False

(||) :: Bool -> Bool -> Bool
True  || _ = True
False || x = x

not :: Bool -> Bool
not True = False
not False = True

otherwise :: Bool
otherwise = True
