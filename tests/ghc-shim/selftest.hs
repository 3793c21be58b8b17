-- Library self-test: compiled once against hsrts's library (through the
-- shim) and once against GHC's base; check.sh requires identical output.
module Main (main) where

import Data.Char (toUpper, isDigit, ord, chr, isSpace, digitToInt)
import Data.List (sort, sortBy, nub, group, partition, foldl', insert, intercalate, transpose,
                  isPrefixOf, isInfixOf, permutations, subsequences, sortOn, unfoldr, tails)
import Data.Maybe (fromMaybe, mapMaybe, catMaybes)
import Data.Bits ((.&.), (.|.), xor, shiftL, shiftR, popCount, testBit, complement)
import Data.IORef
import Control.Monad (forM_, when, unless, foldM, replicateM, zipWithM_, filterM)
import Control.Exception
import qualified Data.Ord as O
import Numeric (showHex, showOct, showFFloat, showEFloat, showGFloat)
import Text.Read (readMaybe)

data Shape = Circle Double | Rect Double Double

area :: Shape -> Double
area (Circle r) = pi * r * r
area (Rect w h) = w * h

doubles :: [Double]
doubles = [0, -0.0, 0.1, 1.0e-2, 1.2345678e7, 123456.7, 1e7, 9999999, 12345678.9, 5.0e-324,
           1/0, -1/0, 0/0, 1/3, 2/3, 100, 1e22, 1e21, 123.456, -5.5, 3.0e-5, 0.5, 1.7976931348623157e308]

main :: IO ()
main = do
  print (map show doubles)
  print (showsPrec 7 (-2.5 :: Double) "", Just (-1.5 :: Double), [Left 1.0, Right (-2 :: Int)] :: [Either Double Int])
  print [showFFloat (Just 2) x "" | x <- [3.14159, 2.675, 0.005, 1234.5, -0.125, 1e10, 0.0 :: Double]]
  print [showEFloat (Just 3) x "" | x <- [3.14159, 0.0001234, 123456789, 0 :: Double]]
  print [showGFloat (Just 2) x "" | x <- [0.05, 3.5, 1.0e8 :: Double]]
  print [showFFloat Nothing x "" | x <- [1.0e-4, 12.5, 1.0e8 :: Double]]
  print [showEFloat Nothing x "" | x <- [1.0e-4, 12.5, 0 :: Double]]
  print (sqrt 2 :: Double, exp 1 :: Double, 2 ** 0.5 :: Double, logBase 2 1024 :: Double, atan2 1 (-1) :: Double)
  print (map (\x -> (truncate x, round x, floor x, ceiling x)) [2.5, 3.5, -2.5, -0.5, 1.7, -1.7 :: Double] :: [(Int, Int, Int, Int)])
  print (properFraction (3.75 :: Double) :: (Int, Double), properFraction (-3.75 :: Double) :: (Integer, Double))
  print (decodeFloat (0.1 :: Double), significand (8 :: Double), exponent (8 :: Double), isNaN (0/0 :: Double))
  print (toRational (0.75 :: Double), fromRational (7 / 4) :: Double, realToFrac (1.5 :: Double) :: Double)
  print (fromIntegral (3 :: Int) / (2 :: Double), fromIntegral (2 ^ (70 :: Int) :: Integer) :: Double)
  print (minBound :: Int, maxBound :: Int, (maxBound :: Int) + 1, negate (minBound :: Int))
  print (7 `div` 2 :: Int, (-7) `div` 2 :: Int, (-7) `mod` 2 :: Int, (-7) `quot` 2 :: Int, (-7) `rem` 2 :: Int, divMod (-7) (2 :: Int), quotRem 7 (-2 :: Int))
  print (2 ^ (100 :: Int) :: Integer, product [1 .. 25 :: Integer], (-2) ^ (63 :: Int) :: Integer, 3 ^ (40 :: Int) `div` 7 ^ (12 :: Int) :: Integer)
  print (gcd 12 18 :: Int, lcm 4 6 :: Integer, (-17) `divMod` 5 :: (Integer, Integer), (-17) `quotRem` 5 :: (Integer, Integer))
  print (fromInteger (2 ^ (64 :: Int) + 5) :: Int, toInteger (maxBound :: Int) + 1, abs (-3 :: Integer), signum (-3 :: Int))
  print (read "  ( 3 ) " :: Int, read "-3" :: Int, read "3.5e2" :: Double, read "[1,2,3]" :: [Int], read "(1,\"a\")" :: (Int, String))
  print (read "0x1F" :: Int, read "12345678901234567890123" :: Integer, read " Just (-2) " :: Maybe Int, read "2.5" :: Double)
  print (readMaybe "12x" :: Maybe Int, readMaybe "'x'" :: Maybe Char, read "\"a\\nb\\\"c\"" :: String, reads "17 rest" :: [(Int, String)])
  print (show 'x', show '\'', show "a\"b\n\1234x\SOH", show '\DEL', show "\200\&1", showsPrec 11 (-5 :: Int) "")
  print (words " a  b\tc\n ", lines "a\n\nb\n", lines "x", unwords ["a", "b"], unlines ["a", "b"])
  print (sort [3, 1, 2, 5, 4, 1 :: Int], sortBy (O.comparing negate) [3, 1, 2 :: Int], sortOn snd [(1 :: Int, 'b'), (2, 'a')], nub [1, 1, 2, 3, 2 :: Int])
  print (group "aabccc", partition even [1 .. 10 :: Int], foldl' (+) 0 [1 .. 100000 :: Int], insert 3 [1, 2, 4, 5 :: Int])
  print (intercalate ", " ["x", "y"], transpose ["abc", "de", "f"], "ab" `isPrefixOf` "abc", "bc" `isInfixOf` "abcd")
  print (take 5 (permutations [1, 2, 3 :: Int]), subsequences "abc", unfoldr (\n -> if n > 5 then Nothing else Just (n, n + 1)) (1 :: Int))
  print (take 3 (tails "abc"), zip3 [1, 2 :: Int] "ab" [True, False], unzip [(1 :: Int, 'a'), (2, 'b')], lookup 2 [(1, "a"), (2 :: Int, "b")])
  print ([1, 3 .. 11 :: Int], [10, 8 .. 1 :: Int], take 3 [5 :: Int ..], ['a' .. 'f'], [1.0, 1.5 .. 3.0 :: Double], [0.1, 0.2 .. 0.5 :: Double])
  print ([LT ..], [False ..], succ 'a', pred 10 :: Int, fromEnum 'A', toEnum 66 :: Char, [x * y | x <- [1 .. 3], y <- [x .. 3 :: Int], odd (x + y)])
  print (map toUpper "hello", filter isDigit "a1b2", ord 'z', chr 65, all isSpace " \t", digitToInt 'f')
  print (fromMaybe 0 (Just (3 :: Int)), mapMaybe (\x -> if x > 1 then Just (x * 2) else Nothing) [1, 2, 3 :: Int], catMaybes [Just 'a', Nothing])
  print (5 .&. 3 :: Int, 5 .|. 3 :: Int, xor 5 3 :: Int, shiftL 1 10 :: Int)
  print (shiftR (-16) 2 :: Int, popCount (255 :: Int), testBit (5 :: Int) 2, complement 0 :: Int)
  print (showHex (255 :: Int) "", showOct (64 :: Int) "", maximum [3, 1, 4 :: Int], minimum "hello", sum [1 .. 10 :: Integer], product [1 .. 5 :: Int])
  print (compare (1 :: Int, 'a') (1, 'b'), max "abc" "abd", (3 :: Int, "x", True, 'c', Just ()), [Just [1 :: Int]], (Left 3 :: Either Int String))
  print (map area [Circle 1, Rect 2 3.5], concatMap show [1, 2, 3 :: Int], iterate (* 2) 1 !! 10 :: Int, takeWhile (< 10) (map (^ (2 :: Int)) [1 ..]) :: [Int])
  print (replicate 3 'x', splitAt 2 [1, 2, 3 :: Int], span even [2, 4, 5, 6 :: Int], reverse [1, 2, 3 :: Int])
  print (length "four", null "", and [], or [True])
  print (scanl (+) 0 [1, 2, 3 :: Int], scanr (+) 0 [1, 2, 3 :: Int], scanl1 max [3, 1, 4 :: Int], foldr1 (-) [10, 3, 2 :: Int], zipWith3 (\a b c -> a + b + c) [1] [2] [3 :: Int])
  print (fmap (+ 1) (Just 2 :: Maybe Int), (+) <$> Just 3 <*> Just (4 :: Int), Just 5 >>= \x -> if x > (3 :: Int) then Just x else Nothing, sequence [Just 1, Just (2 :: Int)], mapM (\x -> [x, x * 10]) [1, 2 :: Int])
  print (mconcat ["ab", "cd"], [1, 2] <> [3 :: Int], compare 'a' 'b' <> EQ, mempty :: String)
  r <- newIORef (0 :: Int)
  forM_ [1 .. 10] $ \i -> modifyIORef' r (+ i)
  readIORef r >>= print
  x <- atomicModifyIORef r (\v -> (v * 2, v + 1))
  readIORef r >>= \v -> print (x, v)
  n <- foldM (\acc i -> do { when (i == 3) (putStrLn "three"); return (acc + i) }) 0 [1 .. 5 :: Int]
  print n
  xs <- replicateM 2 (return 'q')
  zipWithM_ (\i s -> putStrLn (show i ++ ": " ++ s)) [1 :: Int ..] ["one", "two"]
  print (xs, filterM (const [True, False]) [1, 2 :: Int])
  res <- try (evaluate (head ([] :: [Int])))
  case res of
    Left (ErrorCall m) -> putStrLn ("caught: " ++ m)
    Right v -> print v
  res2 <- try (throwIO (userError "boom")) :: IO (Either IOException ())
  print res2
  handle (\e -> putStrLn ("handled: " ++ show (e :: ArithException))) (throwIO Overflow)
  (putStrLn "body" >> throwIO DivideByZero) `catch` (\e -> putStrLn ("arith: " ++ show (e :: ArithException))) `finally` putStrLn "finally"
  r3 <- try (bracket (putStrLn "acquire" >> return 5) (\_ -> putStrLn "release") (\v -> evaluate (v `div` (1 :: Int))))
  print (r3 :: Either SomeException Int)
  r4 <- try (evaluate (length [1 .. 5 :: Int] + error "inner"))
  case r4 of
    Left e -> putStrLn ("error call: " ++ takeWhile (/= '\n') (show (e :: ErrorCall)))
    Right v -> print v
  print =<< (try (throwIO (ErrorCall "nested")) :: IO (Either ArithException ())) `catch` (\e -> return (Left (const Overflow (e :: ErrorCall))))
  unless False $ putStrLn "done"
