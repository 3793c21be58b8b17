{-# LANGUAGE NoImplicitPrelude #-}
-- | Storable: reading and writing the basic types in raw memory (memory a
-- C function or Foreign.Marshal.Alloc handed out). Sizes are GHC's on
-- x86-64: Int, Word, Double, Int64, Word64, Ptr and FunPtr take 8 bytes,
-- Char and Bool 4 (Bool as a C int), Float, Int32, Word32 4. Values are
-- little-endian (x86-64 and wasm32 both are). On wasm32 a C pointer is 4
-- bytes: read one stored by C as a Word32 and convert, not as a Ptr.
module Foreign.Storable
  ( Storable(..)
  ) where

import Prelude
import Data.Int
import Data.Word
import GHC.Float (float2Double, double2Float)
import GHC.Ptr
import Hsrts.Prim

class Storable a where
  sizeOf :: a -> Int
  alignment :: a -> Int
  peekElemOff :: Ptr a -> Int -> IO a
  pokeElemOff :: Ptr a -> Int -> a -> IO ()
  peekByteOff :: Ptr b -> Int -> IO a
  pokeByteOff :: Ptr b -> Int -> a -> IO ()
  peek :: Ptr a -> IO a
  poke :: Ptr a -> a -> IO ()
  peekElemOff = peekElemOffVia undefined
  pokeElemOff p i x = poke (plusPtr p (i * sizeOf x)) x
  peekByteOff p off = peek (plusPtr p off)
  pokeByteOff p off = poke (plusPtr p off)
  peek p = peekElemOff p 0
  poke p = pokeElemOff p 0

-- The element size comes from the (never evaluated) first argument's type.
peekElemOffVia :: Storable a => a -> Ptr a -> Int -> IO a
peekElemOffVia undef p i = peekByteOff p (i * sizeOf undef)

-- n bytes at p, zero-extended.
readBytes :: Ptr a -> Int -> IO Word
readBytes p n = primReadAddr (ptrToWord p) n

writeBytes :: Ptr a -> Int -> Word -> IO ()
writeBytes p n w = primWriteAddr (ptrToWord p) n w

instance Storable Int where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap primWordToInt (readBytes p 8)
  poke p x = writeBytes p 8 (primIntToWord x)

instance Storable Word where
  sizeOf _ = 8
  alignment _ = 8
  peek p = readBytes p 8
  poke p x = writeBytes p 8 x

instance Storable Int8 where
  sizeOf _ = 1
  alignment _ = 1
  peek p = fmap fromIntegral (readBytes p 1)
  poke p x = writeBytes p 1 (fromIntegral x)

instance Storable Int16 where
  sizeOf _ = 2
  alignment _ = 2
  peek p = fmap fromIntegral (readBytes p 2)
  poke p x = writeBytes p 2 (fromIntegral x)

instance Storable Int32 where
  sizeOf _ = 4
  alignment _ = 4
  peek p = fmap fromIntegral (readBytes p 4)
  poke p x = writeBytes p 4 (fromIntegral x)

instance Storable Int64 where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap fromIntegral (readBytes p 8)
  poke p x = writeBytes p 8 (fromIntegral x)

instance Storable Word8 where
  sizeOf _ = 1
  alignment _ = 1
  peek p = fmap fromIntegral (readBytes p 1)
  poke p x = writeBytes p 1 (fromIntegral x)

instance Storable Word16 where
  sizeOf _ = 2
  alignment _ = 2
  peek p = fmap fromIntegral (readBytes p 2)
  poke p x = writeBytes p 2 (fromIntegral x)

instance Storable Word32 where
  sizeOf _ = 4
  alignment _ = 4
  peek p = fmap fromIntegral (readBytes p 4)
  poke p x = writeBytes p 4 (fromIntegral x)

instance Storable Word64 where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap fromIntegral (readBytes p 8)
  poke p x = writeBytes p 8 (fromIntegral x)

instance Storable Char where
  sizeOf _ = 4
  alignment _ = 4
  peek p = fmap (\w -> toEnum (primWordToInt w)) (readBytes p 4)
  poke p c = writeBytes p 4 (primIntToWord (fromEnum c))

instance Storable Bool where
  sizeOf _ = 4
  alignment _ = 4
  peek p = fmap (/= 0) (readBytes p 4)
  poke p b = writeBytes p 4 (if b then 1 else 0)

instance Storable Double where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap primDoubleFromBits (readBytes p 8)
  poke p x = writeBytes p 8 (primDoubleToBits x)

instance Storable Float where
  sizeOf _ = 4
  alignment _ = 4
  peek p = fmap (\w -> double2Float (primFloatFromBits w)) (readBytes p 4)
  poke p x = writeBytes p 4 (primFloatToBits (float2Double x))

instance Storable (Ptr b) where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap wordToPtr (readBytes p 8)
  poke p x = writeBytes p 8 (ptrToWord x)

instance Storable (FunPtr b) where
  sizeOf _ = 8
  alignment _ = 8
  peek p = fmap (castPtrToFunPtr . wordToPtr) (readBytes p 8)
  poke p x = writeBytes p 8 (ptrToWord (castFunPtrToPtr x))
