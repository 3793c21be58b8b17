-- Type classes: superclasses, default methods, user instances, polymorphic use.
-- tags: classes
module Main where

class Shape a where
  area :: a -> Double
  perimeter :: a -> Double
  name :: a -> String
  name _ = "shape"
  describe :: a -> String
  describe x = name x ++ " with area " ++ show (area x)

class Shape a => Solid a where
  height :: a -> Double
  volume :: a -> Double
  volume x = area x * height x

data Circle = Circle Double
data Rect = Rect Double Double
data Prism = Prism Rect Double

instance Shape Circle where
  area (Circle r) = 3 * r * r
  perimeter (Circle r) = 6 * r
  name _ = "circle"

instance Shape Rect where
  area (Rect w h) = w * h
  perimeter (Rect w h) = 2 * (w + h)

instance Shape Prism where
  area (Prism r _) = area r
  perimeter (Prism r _) = perimeter r
  name _ = "prism"
  describe p = "a prism of volume " ++ show (volume p)

instance Solid Prism where
  height (Prism _ h) = h

-- A class with a method polymorphic in another type variable.
class Container f where
  empty :: f a
  insert :: a -> f a -> f a
  toL :: f a -> [a]

newtype Stack a = Stack [a]
newtype Queue a = Queue ([a], [a])

instance Container Stack where
  empty = Stack []
  insert x (Stack xs) = Stack (x : xs)
  toL (Stack xs) = xs

instance Container Queue where
  empty = Queue ([], [])
  insert x (Queue (f, b)) = Queue (f, x : b)
  toL (Queue (f, b)) = f ++ reverse b

fill :: Container f => [a] -> f a
fill = foldr insert empty

-- Eq and Ord instances written by hand.
data Version = Version [Int] String

instance Eq Version where
  Version a _ == Version b _ = a == b

instance Ord Version where
  compare (Version a _) (Version b _) = compare a b

instance Show Version where
  show (Version ns tag) = concatMap (\n -> show n ++ ".") ns ++ tag

-- A class whose default method refers to the other method (minimal complete definition).
class Pretty a where
  pretty :: a -> String
  pretty x = prettyPrec 0 x
  prettyPrec :: Int -> a -> String
  prettyPrec _ x = pretty x

instance Pretty Bool where
  pretty True = "yes"
  pretty False = "no"

instance Pretty Int where
  prettyPrec d n = if d > 5 && n < 0 then "(" ++ show n ++ ")" else show n

instance Pretty a => Pretty [a] where
  pretty xs = "[" ++ concatMap (\x -> prettyPrec 6 x ++ ";") xs ++ "]"

instance (Pretty a, Pretty b) => Pretty (a, b) where
  pretty (a, b) = "<" ++ pretty a ++ "|" ++ pretty b ++ ">"

sumAreas :: Shape a => [a] -> Double
sumAreas = sum . map area

main :: IO ()
main = do
  putStrLn (describe (Circle 2))
  putStrLn (describe (Rect 3 4))
  putStrLn (describe (Prism (Rect 1 2) 5))
  print (perimeter (Rect 3 4), perimeter (Circle 1))
  print (sumAreas [Rect 1 1, Rect 2 2, Rect 3 3])
  print (volume (Prism (Rect 2 3) 4))
  print (toL (fill [1, 2, 3 :: Int] :: Stack Int))
  print (toL (fill "abc" :: Queue Char))
  let vs = [Version [1, 2] "a", Version [1, 10] "b", Version [1, 3] "c", Version [0, 9] "d"]
  print (maximum vs, minimum vs)
  print (Version [1] "x" == Version [1] "y", Version [1] "x" < Version [1, 0] "z")
  putStrLn (pretty [True, False])
  putStrLn (pretty [1, -2, 3 :: Int])
  putStrLn (pretty (True, [-7 :: Int]))
