-- div/mod/quot/rem/divMod/quotRem on Int and Integer for every sign combination.
-- tags: numbers
module Main where

pairs :: [(Int, Int)]
pairs = [(a, b) | a <- [7, -7, 0, 6, -6], b <- [2, -2, 3, -3, 1]]

main :: IO ()
main = do
  mapM_ (\(a, b) -> putStrLn (show a ++ " " ++ show b ++ ": " ++ show (a `div` b, a `mod` b, a `quot` b, a `rem` b))) pairs
  let ipairs = [(fromIntegral a * 10 ^ 25 + 1, fromIntegral b * 10 ^ 20) | (a, b) <- pairs, a /= 0] :: [(Integer, Integer)]
  mapM_ (\(a, b) -> print (divMod a b, quotRem a b)) ipairs
  print (divMod (-1) (5 :: Int), quotRem (-1) (5 :: Int), (-1) `mod` (-5 :: Int))
  print (map (`mod` 4) [-5 .. 5 :: Int], map (`rem` 4) [-5 .. 5 :: Int])
