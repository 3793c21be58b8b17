-- Pattern matching: literal (Int, negative, Char, String, Double) patterns, nested and as-patterns,
-- list and tuple patterns, and guards that fall through to the next equation or alternative.
-- tags: patterns syntax
module Main where

data Shape = Circle Double | Rect Double Double | Tri Double Double Double deriving Show

sign :: Int -> String
sign 0 = "zero"
sign (-1) = "minus one"
sign n | n < 0 = "negative"
sign 1 = "one"
sign _ = "positive"

vowel :: Char -> Bool
vowel 'a' = True
vowel 'e' = True
vowel 'i' = True
vowel 'o' = True
vowel 'u' = True
vowel _ = False

command :: String -> String
command "quit" = "bye"
command "help" = "no help"
command ('s' : 'a' : 'y' : ' ' : rest) = rest
command other = "unknown: " ++ other

half :: Double -> String
half 0.5 = "a half"
half 0 = "nothing"
half x = show x

-- A guard that fails falls through to the next equation.
classify :: Shape -> String
classify (Circle r) | r > 10 = "big circle"
classify (Rect w h) | w == h = "square"
classify (Rect _ _) = "rectangle"
classify s@(Tri a b c)
  | a == b && b == c = "equilateral " ++ show s
  | a == b || b == c || a == c = "isosceles"
classify _ = "something else"

listShape :: [Int] -> String
listShape [] = "empty"
listShape [x] = "singleton " ++ show x
listShape [x, y] | x == y = "pair of equals"
listShape (x : rest@(y : _)) | x > y = "starts descending, rest " ++ show rest
listShape (_ : _ : _ : []) = "three"
listShape xs = "long: " ++ show (length xs)

-- Fall-through inside case alternatives.
caseFall :: (Int, Maybe Int) -> String
caseFall p = case p of
  (0, _) -> "first zero"
  (n, Just m) | n == m -> "equal"
              | n > m -> "greater"
  (_, Just 7) -> "seven"
  (_, Nothing) -> "nothing"
  _ -> "other"

nestedMaybe :: Maybe (Maybe (Either Int String)) -> String
nestedMaybe (Just (Just (Left n))) | even n = "even left"
nestedMaybe (Just (Just (Left _))) = "odd left"
nestedMaybe (Just (Just (Right s@(c : _)))) = "right starting " ++ [c] ++ " of " ++ s
nestedMaybe (Just _) = "just something"
nestedMaybe Nothing = "nothing"

swapPairs :: [(a, b)] -> [(b, a)]
swapPairs xs = [(b, a) | (a, b) <- xs]

firstTwo :: [a] -> Maybe (a, a)
firstTwo (a : b : _) = Just (a, b)
firstTwo _ = Nothing

lazyMatch :: Int -> Int
lazyMatch n = let (q, r) = n `divMod` 10; [d1, d2] = [q * 2, r * 2] in d1 + d2

main :: IO ()
main = do
  print (map sign [0, -1, -5, 1, 9])
  print (filter vowel "programming language")
  print (map command ["quit", "help", "say hello", "dance"])
  print (map half [0.5, 0, 1.25])
  mapM_ (putStrLn . classify) [Circle 11, Circle 1, Rect 2 2, Rect 2 3, Tri 1 1 1, Tri 1 2 2, Tri 3 4 5]
  mapM_ (putStrLn . listShape) [[], [4], [5, 5], [3, 2, 1], [1, 2, 3], [1, 2, 3, 4]]
  print (map caseFall [(0, Nothing), (3, Just 3), (5, Just 2), (1, Just 7), (1, Nothing), (1, Just 9)])
  print (map nestedMaybe [Just (Just (Left 2)), Just (Just (Left 3)), Just (Just (Right "xyz")), Just (Just (Right "")), Just Nothing, Nothing])
  print (swapPairs [(1 :: Int, 'a'), (2, 'b')], firstTwo "hello", firstTwo "h")
  print (lazyMatch 47)
  let (a, b) : _ = zip "xy" [True, False]
      Just c = lookup 2 [(1, "one"), (2, "two")]
  print (a, b, c)
