-- Newtypes and type synonyms, including newtype instances and synonyms with parameters.
-- tags: types
module Main where

type Name = String
type Pair a = (a, a)
type Table k v = [(k, v)]

newtype Meters = Meters Double deriving (Show, Eq, Ord)
newtype Wrapper a = Wrapper { unwrap :: a } deriving Show
newtype Sum' = Sum' Int

instance Show Sum' where
  show (Sum' n) = "Sum' " ++ show n

class Monoidish a where
  mempty' :: a
  mappend' :: a -> a -> a

instance Monoidish Sum' where
  mempty' = Sum' 0
  mappend' (Sum' a) (Sum' b) = Sum' (a + b)

newtype MaxI = MaxI Int deriving Show

instance Monoidish MaxI where
  mempty' = MaxI minBound
  mappend' (MaxI a) (MaxI b) = MaxI (max a b)

mconcat' :: Monoidish a => [a] -> a
mconcat' = foldr mappend' mempty'

swap :: Pair a -> Pair a
swap (a, b) = (b, a)

lookupAll :: Eq k => k -> Table k v -> [v]
lookupAll k t = [v | (k', v) <- t, k == k']

add :: Meters -> Meters -> Meters
add (Meters a) (Meters b) = Meters (a + b)

main :: IO ()
main = do
  let n = "world" :: Name
  putStrLn ("hello " ++ n)
  print (swap (1 :: Int, 2))
  print (lookupAll "a" [("a", 1 :: Int), ("b", 2), ("a", 3)])
  print (add (Meters 1.5) (Meters 2.25))
  print (Meters 1 < Meters 2)
  print (Wrapper (Just 'x'))
  print (unwrap (Wrapper [1, 2, 3 :: Int]))
  print (mconcat' (map Sum' [1 .. 100]))
  print (mconcat' (map MaxI [3, 9, -2, 7]))
  print (map unwrap (map Wrapper "abc"))
