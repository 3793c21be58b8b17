-- Foreign.Storable and Foreign.Marshal.Alloc: write and read back every
-- basic type through malloc'd memory; byte order; alloca.
module Main where

import Data.Int
import Data.Word
import Foreign.Ptr
import Foreign.Storable
import Foreign.Marshal.Alloc

main :: IO ()
main = do
  p <- mallocBytes 64 :: IO (Ptr Word8)
  pokeByteOff p 0 (0x11223344 :: Word32)
  bytes <- mapM (peekByteOff p) [0 .. 3] :: IO [Word8]
  print bytes
  pokeByteOff p 8 (-2 :: Int)
  pokeByteOff p 16 (3.25 :: Double)
  pokeByteOff p 24 (0.1 :: Float)
  pokeByteOff p 28 'λ'
  pokeByteOff p 32 True
  pokeByteOff p 36 (-5 :: Int16)
  pokeByteOff p 38 (200 :: Word8)
  pokeByteOff p 40 (maxBound :: Word64)
  i <- peekByteOff p 8 :: IO Int
  d <- peekByteOff p 16 :: IO Double
  f <- peekByteOff p 24 :: IO Float
  c <- peekByteOff p 28 :: IO Char
  b <- peekByteOff p 32 :: IO Bool
  s <- peekByteOff p 36 :: IO Int16
  u <- peekByteOff p 36 :: IO Word16
  w <- peekByteOff p 38 :: IO Word8
  n <- peekByteOff p 38 :: IO Int8
  m <- peekByteOff p 40 :: IO Word64
  k <- peekByteOff p 40 :: IO Int64
  print (i, d, f, c, b)
  print (s, u, w, n, m, k)
  print (sizeOf (0 :: Int), sizeOf 'x', sizeOf (0 :: Float), sizeOf (0 :: Int16), sizeOf p, alignment (0 :: Double))
  let q = castPtr p :: Ptr Int32
  mapM_ (\j -> pokeElemOff q j (fromIntegral (j * j))) [0 .. 9]
  xs <- mapM (peekElemOff q) [0 .. 9]
  print xs
  print (plusPtr p 8 `minusPtr` p, castPtr (plusPtr p 3) == plusPtr p 3, nullPtr == (nullPtr :: Ptr Int))
  free p
  r <- alloca (\ptr -> do
    poke ptr (42 :: Word16)
    v <- peek ptr
    return (v + 1))
  print r
  t <- allocaBytes 16 (\ptr -> do
    poke ptr (1.5 :: Double)
    pokeElemOff ptr 1 2.5
    a <- peek ptr
    bb <- peekElemOff ptr 1
    return (a * bb))
  print t
