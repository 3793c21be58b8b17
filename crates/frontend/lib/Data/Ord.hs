{-# LANGUAGE NoImplicitPrelude #-}
-- | Orderings: comparing, Down, clamp.
module Data.Ord
  ( Ord(..), Ordering(..), comparing, Down(..), getDown, clamp
  ) where

import Prelude

comparing :: Ord b => (a -> b) -> a -> a -> Ordering
comparing p x y = compare (p x) (p y)

-- | The reversed order.
newtype Down a = Down a

getDown :: Down a -> a
getDown (Down x) = x

instance Eq a => Eq (Down a) where
  Down x == Down y = x == y

instance Ord a => Ord (Down a) where
  compare (Down x) (Down y) = compare y x

instance Show a => Show (Down a) where
  showsPrec d (Down x) = showParen (d >= 11) (showString "Down " . showsPrec 11 x)

clamp :: Ord a => (a, a) -> a -> a
clamp (low, high) a = min high (max a low)
