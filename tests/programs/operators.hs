-- User operators and fixities, sections, backquoted functions, negative literals.
-- tags: syntax
module Main where

infixl 6 |+|
(|+|) :: (Int, Int) -> (Int, Int) -> (Int, Int)
(a, b) |+| (c, d) = (a + c, b + d)

infixr 5 +++
(+++) :: [a] -> [a] -> [a]
xs +++ ys = foldr (:) ys xs

infix 4 ~=
(~=) :: Double -> Double -> Bool
a ~= b = abs (a - b) < 1e-9

infixl 7 `times`
times :: Int -> Int -> Int
times = (*)

infixr 0 $$
($$) :: (a -> b) -> a -> b
f $$ x = f x

infixl 1 &
(&) :: a -> (a -> b) -> b
x & f = f x

(.:) :: (c -> d) -> (a -> b -> c) -> a -> b -> d
(.:) f g x y = f (g x y)

main :: IO ()
main = do
  print ((1, 2) |+| (3, 4) |+| (10, 20))
  print ([1, 2] +++ [3] +++ [4, 5 :: Int])
  print (0.1 + 0.2 ~= 0.3, 0.1 + 0.2 == (0.3 :: Double))
  print (2 + 3 `times` 4, (2 + 3) `times` 4)
  print (map (subtract 1) [1, 2, 3 :: Int], map (\x -> x - 1) [1, 2, 3 :: Int])
  print (map (2 ^) [1 .. 5 :: Int], map (^ 2) [1 .. 5 :: Int])
  print (map (`div` 2) [10, 11, -11 :: Int], map (100 `div`) [3, 7 :: Int])
  print (filter (> 3) [1 .. 6 :: Int], filter (3 >) [1 .. 6 :: Int])
  print (negate 5 :: Int, -5 + 3 :: Int, 3 - (-5) :: Int, abs (-7) :: Int)
  print (- 2 ^ 2 :: Int, (-2) ^ 2 :: Int)
  print (show $$ 1 + 2 * 3)
  print ([3, 1, 2] & map (* 10) & filter (> 10) & sum)
  print ((length .: (++)) "abc" "de")
  print (foldr (.) id [(+ 1), (* 2), subtract 3] (10 :: Int))
  print ((`elem` "aeiou") 'e', ('x' `elem`) "xyz")
  print (zipWith3 (\a b c -> a + b * c) [1, 2] [3, 4] [5, 6 :: Int])
  print (let (+) = (-) in 10 + 3 :: Int)
