-- Foreign calls into the C library: sin and abs by name, and C heap memory
-- through malloc/calloc/free with Foreign.Storable's peek and poke.
-- tags: ffi io
module Main where

import Data.Int (Int32, Int8)
import Data.Word (Word8)
import Foreign.Ptr (Ptr, nullPtr, plusPtr)
import Foreign.Storable (peek, poke, peekElemOff, pokeElemOff)
import Foreign.Marshal.Alloc (mallocBytes, callocBytes, free)

foreign import ccall unsafe "sin" c_sin :: Double -> Double
foreign import ccall unsafe "math.h cos" c_cos :: Double -> Double
foreign import ccall unsafe "abs" c_abs :: Int32 -> Int32
foreign import ccall safe "labs" c_labs :: Int -> Int
foreign import ccall unsafe "toupper" c_toupper :: Int32 -> Int32
foreign import ccall unsafe "strlen" c_strlen :: Ptr Word8 -> IO Word

-- Rounded, so the output does not depend on the C library's last bit.
rounded :: Double -> Integer
rounded x = round (x * 1000000)

main :: IO ()
main = do
  print (c_sin 0)
  print (map (rounded . c_sin) [0.5, 1, 2, 3.14159])
  print (rounded (c_cos 1))
  print (map c_abs [-7, 0, 12, minBound + 1])
  print (map c_labs [-123456789012, 5])
  print (map (toEnum . fromIntegral . c_toupper . fromIntegral . fromEnum) "hello, ffi!" :: String)
  -- An array of Ints in C memory.
  p <- mallocBytes (10 * 8) :: IO (Ptr Int)
  print (p /= nullPtr)
  mapM_ (\i -> pokeElemOff p i (i * i - 3)) [0 .. 9]
  xs <- mapM (peekElemOff p) [0 .. 9]
  print xs
  print (sum xs)
  free p
  -- Bytes, a C string, and calloc's zeroes.
  s <- callocBytes 16 :: IO (Ptr Word8)
  zs <- mapM (\i -> peek (s `plusPtr` i) :: IO Word8) [0 .. 15]
  print (all (== 0) zs)
  mapM_ (\(i, c) -> poke (s `plusPtr` i) (fromIntegral (fromEnum c) :: Word8)) (zip [0 ..] "hsrts")
  n <- c_strlen s
  print n
  d <- mallocBytes 8 :: IO (Ptr Double)
  poke d 2.5
  v <- peek d
  print (v * 2)
  b <- mallocBytes 1 :: IO (Ptr Int8)
  poke b (-100)
  w <- peek b
  print w
  free d
  free b
  free s
