{-# LANGUAGE BangPatterns #-}
-- seq, $!, bang patterns, strict constructor fields and foldl' keep space constant.
-- args: 1000000
-- tags: strictness bangpatterns
module Main where

import Data.List (foldl')
import System.Environment
import Control.Exception

data P = P !Int !Int deriving Show

data Lazy = Lazy Int Int

mean :: [Double] -> Double
mean xs = s / fromIntegral n
  where
    (s, n) = foldl' step (0, 0 :: Int) xs
    step (!a, !c) x = (a + x, c + 1)

sumTo :: Int -> Int
sumTo n = go 0 1
  where
    go !acc i
      | i > n = acc
      | otherwise = go (acc + i) (i + 1)

sumStrict :: [Int] -> Int
sumStrict = go 0
  where
    go acc [] = acc
    go acc (x : xs) = let acc' = acc + x in acc' `seq` go acc' xs

onErr :: ErrorCall -> IO ()
onErr (ErrorCall m) = putStrLn ("forced: " ++ m)

main :: IO ()
main = do
  args <- getArgs
  let n = case args of { (a : _) -> read a; [] -> 1000000 }
  print (sumTo n)
  print (sumStrict [1 .. n])
  print (foldl' (+) 0 [1 .. n])
  print (mean (map fromIntegral [1 .. n]))
  print (foldl' (\(P a b) x -> P (a + x) (b + 1)) (P 0 0) [1 .. n])
  let Lazy a _ = Lazy 5 undefined
  print a
  (evaluate (P 1 undefined) >> putStrLn "strict field not forced?") `catch` onErr
  (evaluate (Lazy 1 (error "lazy field")) >> putStrLn "lazy field not forced") `catch` onErr
  (evaluate ((error "seq" :: Int) `seq` ()) >> putStrLn "no") `catch` onErr
  (evaluate (const () $! (error "dollar-bang" :: Int)) >> putStrLn "no") `catch` onErr
  (evaluate (const () $ (error "dollar" :: Int)) >> putStrLn "lazy dollar not forced") `catch` onErr
  let f !_ = "bang forced"
  (evaluate (length (f (error "bang" :: Int))) >>= print) `catch` onErr
  print (seq (Just undefined :: Maybe Int) "whnf only")
