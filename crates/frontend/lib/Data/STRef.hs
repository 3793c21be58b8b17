{-# LANGUAGE NoImplicitPrelude #-}
-- | Mutable references in the ST monad (GHC's Data.STRef), over IORef.
module Data.STRef
  ( STRef, newSTRef, readSTRef, writeSTRef, modifySTRef, modifySTRef'
  ) where

import Prelude
import Data.IORef
import GHC.ST

-- | A mutable variable in state thread s.
newtype STRef s a = STRef (IORef a)

instance Eq (STRef s a) where
  STRef a == STRef b = a == b

newSTRef :: a -> ST s (STRef s a)
newSTRef x = ST (fmap STRef (newIORef x))

readSTRef :: STRef s a -> ST s a
readSTRef (STRef r) = ST (readIORef r)

writeSTRef :: STRef s a -> a -> ST s ()
writeSTRef (STRef r) x = ST (writeIORef r x)

modifySTRef :: STRef s a -> (a -> a) -> ST s ()
modifySTRef (STRef r) f = ST (modifyIORef r f)

modifySTRef' :: STRef s a -> (a -> a) -> ST s ()
modifySTRef' (STRef r) f = ST (modifyIORef' r f)
