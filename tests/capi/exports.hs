-- The Haskell side of tests/capi/exports.c: exported functions of the
-- marshalable types, an IO export with output, one that throws, and a
-- String consumer reached through hsrts_closure.
module Main where

import Foreign.StablePtr (StablePtr)

foreign export ccall triple :: Int -> Int
triple :: Int -> Int
triple x = 3 * x

foreign export ccall halveWord :: Word -> Word
halveWord :: Word -> Word
halveWord w = w `div` 2

foreign export ccall norm2 :: Double -> Double -> Double
norm2 :: Double -> Double -> Double
norm2 a b = sqrt (a * a + b * b)

foreign export ccall upper :: Char -> Char
upper :: Char -> Char
upper c = if c >= 'a' && c <= 'z' then toEnum (fromEnum c - 32) else c

foreign export ccall isEven :: Int -> Bool
isEven :: Int -> Bool
isEven n = n `mod` 2 == 0

foreign export ccall keep :: StablePtr Int -> IO (StablePtr Int)
keep :: StablePtr Int -> IO (StablePtr Int)
keep p = return p

foreign export ccall greet :: Int -> IO ()
greet :: Int -> IO ()
greet n = putStrLn ("hello from Haskell, " ++ show n)

foreign export ccall checked :: Int -> IO Int
checked :: Int -> IO Int
checked n
  | n < 0 = error "negative argument"
  | otherwise = return (n * 2)

foreign export ccall lengthOfShown :: Int -> Int
lengthOfShown :: Int -> Int
lengthOfShown n = countVowels (show n ++ "aeiou")

countVowels :: String -> Int
countVowels s = length (filter (`elem` "aeiou") s)

main :: IO ()
main = putStrLn "main is not run by this test"
