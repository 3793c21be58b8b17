-- Parametric polymorphism, higher-order functions, let-polymorphism and a user Functor.
-- tags: types classes
module Main where

data Tree a = Leaf | Node (Tree a) a (Tree a)

instance Show a => Show (Tree a) where
  showsPrec _ Leaf = showString "."
  showsPrec d (Node l x r) = showParen (d > 10) $
    showString "N " . showsPrec 11 l . showChar ' ' . showsPrec 11 x . showChar ' ' . showsPrec 11 r

instance Functor Tree where
  fmap _ Leaf = Leaf
  fmap f (Node l x r) = Node (fmap f l) (f x) (fmap f r)

insertT :: Ord a => a -> Tree a -> Tree a
insertT x Leaf = Node Leaf x Leaf
insertT x t@(Node l y r)
  | x < y = Node (insertT x l) y r
  | x > y = Node l y (insertT x r)
  | otherwise = t

fromList :: Ord a => [a] -> Tree a
fromList = foldr insertT Leaf

toList :: Tree a -> [a]
toList Leaf = []
toList (Node l x r) = toList l ++ [x] ++ toList r

foldTree :: (b -> a -> b -> b) -> b -> Tree a -> b
foldTree _ z Leaf = z
foldTree f z (Node l x r) = f (foldTree f z l) x (foldTree f z r)

compose :: [a -> a] -> a -> a
compose = foldr (.) id

twice :: (a -> a) -> a -> a
twice f = f . f

pairUp :: a -> b -> (a, b)
pairUp = (,)

main :: IO ()
main = do
  let t = fromList [5, 2, 8, 1, 9, 3 :: Int]
  print t
  print (toList (fmap (* 10) t), toList (fmap show t))
  print (foldTree (\l x r -> l + x + r) 0 t, foldTree (\l _ r -> 1 + max l r) (0 :: Int) t)
  print (toList (fromList "mississippi"))
  let ident x = x
  print (ident 'c', ident True, ident (3 :: Int))
  print (twice (* 2) (5 :: Int), twice tail "abcd", twice (map succ) [1, 2 :: Int])
  print (compose [(+ 1), (* 2)] (10 :: Int), compose [] "same")
  print (map (uncurry pairUp) [(1 :: Int, 'a')], zipWith pairUp "ab" [True, False])
  print (fmap length (Just [1, 2, 3 :: Int]), fmap (fmap negate) [Just 1, Nothing :: Maybe Int])
  print (flip (-) 1 (10 :: Int), curry fst 'x' 'y', uncurry max (3, 7 :: Int), until (> 1000) (* 2) (1 :: Int))
