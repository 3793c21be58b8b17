-- tags: numeric ffi-types
-- Data.Int, Data.Word and Float: wrap-around arithmetic, bounds, bits,
-- enumerations, conversions and show/read at every size. (Sequences are
-- written as enumFromTo etc.: tests/ghc-shim/check.sh can then run the
-- program against the library, arithmetic sequences not being rebindable.)
module Main where

import Data.Bits
import Data.Int
import Data.Word

showAll :: Show a => String -> [a] -> IO ()
showAll label xs = putStrLn (label ++ ": " ++ unwords (map show xs))

int8s :: [Int8]
int8s = [minBound, -1, 0, 1, 100, maxBound]

word8s :: [Word8]
word8s = [minBound, 1, 100, 200, maxBound]

main :: IO ()
main = do
  showAll "Int8 bounds" [minBound :: Int8, maxBound]
  showAll "Int16 bounds" [minBound :: Int16, maxBound]
  showAll "Int32 bounds" [minBound :: Int32, maxBound]
  showAll "Int64 bounds" [minBound :: Int64, maxBound]
  showAll "Word8 bounds" [minBound :: Word8, maxBound]
  showAll "Word16 bounds" [minBound :: Word16, maxBound]
  showAll "Word32 bounds" [minBound :: Word32, maxBound]
  showAll "Word64 bounds" [minBound :: Word64, maxBound]
  showAll "Int8 +1" (map (+ 1) int8s)
  showAll "Int8 *3" (map (* 3) int8s)
  showAll "Int8 negate" (map negate int8s)
  showAll "Int8 abs" (map abs int8s)
  showAll "Word8 +100" (map (+ 100) word8s)
  showAll "Word8 negate" (map negate word8s)
  showAll "Word16 sq" (map (\x -> x * x) [255, 256, 1000 :: Word16])
  showAll "Int32 sq" (map (\x -> x * x) [46340, 46341, 100000 :: Int32])
  showAll "Word32 sum" [sum (enumFromTo 1 (100000 :: Word32))]
  showAll "Int64 wrap" [maxBound + 1 :: Int64]
  showAll "fromIntegral Int->Int8" (map fromIntegral [127, 128, 255, 256, -129 :: Int] :: [Int8])
  showAll "fromIntegral Int->Word8" (map fromIntegral [-1, 255, 256, 1000 :: Int] :: [Word8])
  showAll "fromIntegral Int8->Int" (map fromIntegral int8s :: [Int])
  showAll "fromIntegral Word8->Int16" (map fromIntegral word8s :: [Int16])
  showAll "fromIntegral Int16->Word32" (map fromIntegral [-1, 300 :: Int16] :: [Word32])
  showAll "toInteger Word64" [toInteger (maxBound :: Word64)]
  showAll "quot/rem Int8" [(-7) `quot` 2, (-7) `rem` 2, (-7) `div` 2, (-7) `mod` (2 :: Int8)]
  showAll "divMod Word16" [fst (divMod 1000 7 :: (Word16, Word16)), snd (divMod 1000 7)]
  showAll "shift Int8" [shiftL 1 7 :: Int8, shiftR (-128) 3, shiftL 3 8, complement 0]
  showAll "shift Word8" [shiftL 1 7 :: Word8, shiftR 128 3, shiftL 3 7, complement 0]
  showAll "rotate Word8" [rotateL 0x81 1 :: Word8, rotateR 0x81 1, rotate 0x0f 4]
  showAll "rotate Int16" [rotateL (-32768) 1 :: Int16, rotateR 1 1]
  showAll "popCount" [popCount (-1 :: Int8), popCount (255 :: Word8), popCount (-1 :: Int32), popCount (maxBound :: Word64)]
  showAll "clz/ctz" [countLeadingZeros (1 :: Word8), countTrailingZeros (0 :: Int16), countLeadingZeros (-1 :: Int32), countTrailingZeros (8 :: Word64)]
  showAll "bits" [finiteBitSize (0 :: Int8), finiteBitSize (0 :: Word16), finiteBitSize (0 :: Int32), finiteBitSize (0 :: Word64)]
  showAll "testBit" [testBit (-1 :: Int8) 7, testBit (-1 :: Int8) 8, testBit (128 :: Word8) 7, isSigned (0 :: Word32)]
  showAll "xor/and/or" [xor 0x0f 0xff :: Word8, 0x3c .&. 0x0f, 0x30 .|. 0x03]
  showAll "enum Int8" (enumFrom (120 :: Int8))
  showAll "enum Word8 step" (enumFromThenTo 250 252 (maxBound :: Word8))
  showAll "enum Int16 down" (enumFromThenTo 3 1 (-5 :: Int16))
  showAll "succ/pred" [succ (1 :: Word32), pred (1 :: Word32)]
  showAll "fromEnum" [fromEnum (200 :: Word8), fromEnum (-5 :: Int16)]
  showAll "toEnum" [toEnum 65 :: Word8, toEnum 255]
  showAll "read Int8" [read "-128" :: Int8, read "127", read "300"]
  showAll "read Word16" [read "65535" :: Word16, read "65536"]
  showAll "compare" [compare (1 :: Word8) 255, compare (-1 :: Int8) 1, compare (maxBound :: Word64) 0]
  showAll "showsPrec" [Just (-3 :: Int8), Just 4]
  showAll "max/min" [max (-3) (2 :: Int32), min 7 9]
  showAll "gcd/lcm" [gcd 12 18 :: Word16, lcm 4 6]
  -- Float
  showAll "Float lits" [0.1 :: Float, 1 / 3, 2 / 3, 100, 1.0e-2, 1.0e7, 1.0e8, 16777217, 3.4028235e38]
  showAll "Float arith" [0.1 + 0.2 :: Float, 1.5 * 1.5, 10 - 0.1, sqrt 2, 1 / 0, negate 0]
  showAll "Float vs Double" [realToFrac (0.1 :: Float) :: Double, realToFrac (1 / 3 :: Float)]
  showAll "Double->Float" [realToFrac (0.1 :: Double) :: Float, realToFrac (1.0e40 :: Double)]
  showAll "Float rounding" [truncate (2.7 :: Float), round (2.5 :: Float), round (3.5 :: Float), floor (-2.5 :: Float), ceiling (2.1 :: Float) :: Int]
  showAll "Float decode" [decodeFloat (1.5 :: Float), decodeFloat (0.1 :: Float)]
  showAll "Float digits" [floatDigits (1 :: Float), floatDigits (1 :: Double)]
  showAll "Float predicates" [isNaN (0 / 0 :: Float), isInfinite (1 / 0 :: Float), isNegativeZero (-0 :: Float), isDenormalized (1.0e-40 :: Float)]
  showAll "Float enum" (enumFromThenTo 1.0 1.5 (3 :: Float))
  showAll "Float read" [read "2.5" :: Float, read "0.1", read "-1e10"]
  showAll "Float sum" [sum (map fromIntegral (enumFromTo 1 (1000 :: Int))) / 7 :: Float]
  showAll "Float properFraction" [snd (properFraction (3.75 :: Float) :: (Int, Float))]
  showAll "Float min/max" [max 1.5 (2.5 :: Float), min 1.5 2.5]
