-- Data.Bits on Int and Integer: logic, shifts (arithmetic for negatives), bit tests, popCount.
-- tags: library bits
module Main where

import Data.Bits

main :: IO ()
main = do
  let a = 0xF0F0 :: Int
      b = 0x0FF0 :: Int
  print (a .&. b, a .|. b, xor a b, complement a)
  print (shiftL 1 10 :: Int, shiftR 1024 3 :: Int, shiftR (-16) 2 :: Int, shiftL (-1) 63 :: Int)
  print (shift 5 2 :: Int, shift 20 (-2) :: Int, 1 `shiftL` 64 :: Int)
  print (testBit a 4, testBit a 0, setBit (0 :: Int) 7, clearBit a 4, complementBit (5 :: Int) 1)
  print (popCount a, popCount (-1 :: Int), popCount (0 :: Int), bit 5 :: Int)
  print (zeroBits :: Int, finiteBitSize (0 :: Int), countLeadingZeros (1 :: Int), countTrailingZeros (8 :: Int))
  print (rotateL (1 :: Int) 65, rotateR (1 :: Int) 1)
  let big = 2 ^ 100 + 12345 :: Integer
  print (big .&. 0xFFFF, big .|. 1, xor big big, shiftR big 90, shiftL big 3)
  print (testBit big 100, testBit big 99, popCount (2 ^ 70 - 1 :: Integer), complement (0 :: Integer))
  print ((-12345) .&. (0xFF :: Integer), shiftR (-1000) 3 :: Integer, (-7) .|. (2 :: Integer))
  print (foldr xor 0 [1 .. 1000 :: Int], sum [popCount i | i <- [0 .. 1023 :: Int]])
