{-# LANGUAGE NoImplicitPrelude #-}
-- | Mutable references in IO.
module Data.IORef
  ( IORef, newIORef, readIORef, writeIORef, modifyIORef, modifyIORef'
  , atomicModifyIORef, atomicModifyIORef', atomicWriteIORef
  ) where

import Prelude
import Hsrts.Prim

instance Eq (IORef a) where
  (==) = primEqIORef

newIORef :: a -> IO (IORef a)
newIORef = primNewIORef

readIORef :: IORef a -> IO a
readIORef = primReadIORef

writeIORef :: IORef a -> a -> IO ()
writeIORef = primWriteIORef

modifyIORef :: IORef a -> (a -> a) -> IO ()
modifyIORef ref f = readIORef ref >>= writeIORef ref . f

modifyIORef' :: IORef a -> (a -> a) -> IO ()
modifyIORef' ref f = do
  x <- readIORef ref
  let x' = f x
  x' `seq` writeIORef ref x'

atomicModifyIORef :: IORef a -> (a -> (a, b)) -> IO b
atomicModifyIORef = primAtomicModifyIORef

atomicModifyIORef' :: IORef a -> (a -> (a, b)) -> IO b
atomicModifyIORef' ref f = do
  b <- atomicModifyIORef ref (\a -> case f a of
                                      v@(a', _) -> a' `seq` v)
  b `seq` return b

atomicWriteIORef :: IORef a -> a -> IO ()
atomicWriteIORef ref a = atomicModifyIORef ref (\_ -> (a, ())) >>= \x -> x `seq` return ()
