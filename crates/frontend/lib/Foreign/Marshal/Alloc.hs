{-# LANGUAGE NoImplicitPrelude #-}
-- | Foreign.Marshal.Alloc: C heap memory through the C library's malloc
-- and free (foreign imports; the runtime resolves them like any other C
-- symbol). alloca frees its block also when the action throws.
module Foreign.Marshal.Alloc
  ( malloc, mallocBytes, calloc, callocBytes, free, alloca, allocaBytes
  ) where

import Prelude
import Control.Exception (bracket)
import GHC.Ptr
import Foreign.Storable

foreign import ccall unsafe "malloc" c_malloc :: Word -> IO (Ptr a)
foreign import ccall unsafe "calloc" c_calloc :: Word -> Word -> IO (Ptr a)
foreign import ccall unsafe "free" free :: Ptr a -> IO ()

mallocBytes :: Int -> IO (Ptr a)
mallocBytes n = c_malloc (fromIntegral n) >>= checkNull "mallocBytes"

callocBytes :: Int -> IO (Ptr a)
callocBytes n = c_calloc 1 (fromIntegral n) >>= checkNull "callocBytes"

malloc :: Storable a => IO (Ptr a)
malloc = mallocOf undefined
  where
    mallocOf :: Storable b => b -> IO (Ptr b)
    mallocOf x = mallocBytes (sizeOf x)

calloc :: Storable a => IO (Ptr a)
calloc = callocOf undefined
  where
    callocOf :: Storable b => b -> IO (Ptr b)
    callocOf x = callocBytes (sizeOf x)

alloca :: Storable a => (Ptr a -> IO b) -> IO b
alloca = allocaOf undefined
  where
    allocaOf :: Storable a => a -> (Ptr a -> IO b) -> IO b
    allocaOf x = allocaBytes (sizeOf x)

allocaBytes :: Int -> (Ptr a -> IO b) -> IO b
allocaBytes n = bracket (mallocBytes n) free

checkNull :: String -> Ptr a -> IO (Ptr a)
checkNull what p =
  if p == nullPtr then ioError (userError ("Foreign.Marshal.Alloc." ++ what ++ ": out of memory")) else return p
