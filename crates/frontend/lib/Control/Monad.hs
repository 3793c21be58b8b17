{-# LANGUAGE NoImplicitPrelude #-}
-- | Monad utilities (list-based where GHC's are Foldable/Traversable).
module Control.Monad
  ( Functor(..), Applicative(..), Monad(..), MonadFail(..), MonadPlus(..), Alternative(..)
  , mapM, mapM_, forM, forM_, sequence, sequence_, (=<<), (>=>), (<=<), forever, void
  , join, msum, guard, filterM, mapAndUnzipM, zipWithM, zipWithM_
  , foldM, foldM_, replicateM, replicateM_, when, unless, liftM, liftM2, liftM3, ap, (<$!>), (<$>)
  ) where

import Prelude
import GHC.Base (Alternative(..), MonadPlus(..), join, when, unless, liftM, liftM2, ap,
                 forM, forM_, foldM, replicateM, replicateM_, void)

infixr 1 >=>, <=<
infixl 4 <$!>

(>=>) :: Monad m => (a -> m b) -> (b -> m c) -> a -> m c
f >=> g = \x -> f x >>= g

(<=<) :: Monad m => (b -> m c) -> (a -> m b) -> a -> m c
g <=< f = f >=> g

forever :: Applicative f => f a -> f b
forever a = let a' = a *> a' in a'

msum :: MonadPlus m => [m a] -> m a
msum = foldr mplus mzero

guard :: Alternative f => Bool -> f ()
guard True = pure ()
guard False = empty

filterM :: Applicative m => (a -> m Bool) -> [a] -> m [a]
filterM p = foldr (\x -> liftA2 (\flg -> if flg then (x :) else id) (p x)) (pure [])

mapAndUnzipM :: Applicative m => (a -> m (b, c)) -> [a] -> m ([b], [c])
mapAndUnzipM f xs = unzip <$> traverse f xs

zipWithM :: Applicative m => (a -> b -> m c) -> [a] -> [b] -> m [c]
zipWithM f xs ys = sequenceA (zipWith f xs ys)

zipWithM_ :: Applicative m => (a -> b -> m c) -> [a] -> [b] -> m ()
zipWithM_ f xs ys = foldr (*>) (pure ()) (zipWith f xs ys)

foldM_ :: Monad m => (b -> a -> m b) -> b -> [a] -> m ()
foldM_ f a xs = foldM f a xs >> return ()

liftM3 :: Monad m => (a1 -> a2 -> a3 -> r) -> m a1 -> m a2 -> m a3 -> m r
liftM3 f m1 m2 m3 = do { x1 <- m1; x2 <- m2; x3 <- m3; return (f x1 x2 x3) }

(<$!>) :: Monad m => (a -> b) -> m a -> m b
f <$!> m = do
  x <- m
  let z = f x
  z `seq` return z
