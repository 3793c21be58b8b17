-- where, guards, case, let, if, local functions, as-patterns, irrefutable patterns, lambdas with patterns.
-- tags: syntax
module Main where

classify :: Int -> String
classify n
  | n < 0 = "negative"
  | n == 0 = "zero"
  | even n, n > 100 = "big even"
  | isSmall = "small"
  | otherwise = "other"
  where
    isSmall = n < 10

collatz :: Int -> Int
collatz = go 0
  where
    go acc 1 = acc
    go acc m
      | even m = go (acc + 1) (m `div` 2)
      | otherwise = go (acc + 1) (3 * m + 1)

describeList :: Show a => [a] -> String
describeList xs = case xs of
  [] -> "empty"
  [x] -> "one: " ++ show x
  all'@(x : _ : rest)
    | null rest -> "two, first " ++ show x
    | otherwise -> show (length all') ++ " items"

roots :: Double -> Double -> Double -> Maybe (Double, Double)
roots a b c =
  let d = b * b - 4 * a * c
      sq = sqrt d
   in if d < 0 then Nothing else Just ((-b + sq) / (2 * a), (-b - sq) / (2 * a))

lazyPair :: (Int, Int) -> Int
lazyPair ~(a, _) = 42

firstWord :: String -> String
firstWord s = let (w, _) = break (== ' ') s in w

fizz :: Int -> String
fizz n = case (n `mod` 3, n `mod` 5) of
  (0, 0) -> "FizzBuzz"
  (0, _) -> "Fizz"
  (_, 0) -> "Buzz"
  _ -> show n

nested :: Int -> Int
nested x =
  let f y = y + k
        where k = x * 2
      g = \z -> case z of { 0 -> 1; _ -> z * f z }
   in g x + g 0

main :: IO ()
main = do
  mapM_ (putStrLn . classify) [-5, 0, 200, 3, 55]
  print (map collatz [1, 7, 27, 97])
  putStrLn (describeList ([] :: [Int]))
  putStrLn (describeList "a")
  putStrLn (describeList [True, False])
  putStrLn (describeList [1, 2, 3, 4 :: Int])
  print (roots 1 (-3) 2, roots 1 0 1)
  print (lazyPair undefined)
  putStrLn (firstWord "hello there")
  putStrLn (unwords (map fizz [1 .. 15]))
  print (nested 3, nested 0)
  print (map (\(a, b) -> a * b) [(1, 2), (3, 4 :: Int)])
  let go 0 acc = acc
      go n acc = go (n - 1) (acc + n)
  print (go (100 :: Int) 0)
  if sum [1 .. 10 :: Int] > 50 then putStrLn "big" else putStrLn "small"
