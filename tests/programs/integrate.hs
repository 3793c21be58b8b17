-- Numerical integration with the trapezoid rule over lazy lists (after nofib's integrate).
-- args: 20000
-- bench-args: 100000
-- tags: benchmark nofib double
module Main where

import System.Environment

integrate :: (Double -> Double) -> Double -> Double -> Int -> Double
integrate f a b n = h * (sum (map f inner) + (f a + f b) / 2)
  where
    h = (b - a) / fromIntegral n
    inner = [a + h * fromIntegral i | i <- [1 .. n - 1]]

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
      results = [integrate (\x -> x * x) 0 3 n, integrate sin 0 pi n, integrate (\x -> 4 / (1 + x * x)) 0 1 n, integrate exp 0 1 n]
  mapM_ (\r -> putStrLn (show (fromIntegral (round (r * 1e8)) / 1e8 :: Double))) results
