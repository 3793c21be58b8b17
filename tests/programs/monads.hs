-- The Maybe, Either and list monads with do-notation; Functor and Applicative on them.
-- tags: monads
module Main where

data Expr = Num Int | Add Expr Expr | Div Expr Expr | Var String

eval :: [(String, Int)] -> Expr -> Either String Int
eval _ (Num n) = Right n
eval env (Var v) = maybe (Left ("unbound " ++ v)) Right (lookup v env)
eval env (Add a b) = do
  x <- eval env a
  y <- eval env b
  return (x + y)
eval env (Div a b) = do
  x <- eval env a
  y <- eval env b
  if y == 0 then Left "divide by zero" else Right (x `div` y)

lookupChain :: [(Int, Int)] -> Int -> Maybe Int
lookupChain tbl k = do
  a <- lookup k tbl
  b <- lookup a tbl
  lookup b tbl

queensLike :: Int -> [[Int]]
queensLike n = go n
  where
    go 0 = [[]]
    go k = do
      qs <- go (k - 1)
      q <- [1 .. n]
      if safe q qs then return (q : qs) else []
    safe q qs = and [q /= c && abs (q - c) /= d | (d, c) <- zip [1 ..] qs]

triples :: Int -> [(Int, Int, Int)]
triples n = do
  a <- [1 .. n]
  b <- [a .. n]
  let c2 = a * a + b * b
  c <- [b .. n]
  if c * c == c2 then [(a, b, c)] else []

main :: IO ()
main = do
  let env = [("x", 10), ("y", 0)]
  print (eval env (Add (Num 1) (Var "x")))
  print (eval env (Div (Var "x") (Var "y")))
  print (eval env (Add (Var "z") (Num 1)))
  print (map (lookupChain [(1, 2), (2, 3), (3, 4), (4, 1)]) [1, 2, 5])
  print (length (queensLike 6), head (queensLike 8))
  print (triples 20)
  print (pure 3 :: [Int], (+) <$> Just 3 <*> Just (4 :: Int), (+) <$> [1, 2] <*> [10, 20 :: Int])
  print (Just 1 *> Just (2 :: Int), Just (1 :: Int) <* Just 'x', Nothing <* Just 'x' :: Maybe Int)
  print ((Left "e" :: Either String (Int -> Int)) <*> Right 1, fmap (* 2) [1, 2, 3 :: Int])
  print (sequence [Just 1, Just (2 :: Int)], mapM (\x -> if x > 0 then Right x else Left x) [1, 2, -3, 4 :: Int])
  print ([1, 2, 3] >>= \x -> [x, x * 10 :: Int], Just 5 >> (Nothing :: Maybe Int), return 'r' :: Maybe Char)
  print (do { x <- [1, 2]; y <- "ab"; return (x :: Int, y) })
