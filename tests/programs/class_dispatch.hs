-- Type-class dispatch: return-type polymorphism, instances with contexts, polymorphic recursion
-- through dictionaries, superclass methods used from a subclass context, and higher-order use.
-- tags: classes
module Main where

class Default a where
  def :: a

instance Default Int where
  def = 0

instance Default Bool where
  def = False

instance Default [a] where
  def = []

instance (Default a, Default b) => Default (a, b) where
  def = (def, def)

instance Default a => Default (Maybe a) where
  def = Just def

class Describe a where
  describe :: a -> String
  describeList :: [a] -> String
  describeList xs = "[" ++ concatMap describe xs ++ "]"

instance Describe Char where
  describe c = [c]
  describeList s = "\"" ++ s ++ "\""

instance Describe Int where
  describe n = "#" ++ show n

instance Describe Bool where
  describe b = if b then "T" else "F"

instance Describe a => Describe [a] where
  describe = describeList

instance Describe a => Describe (Maybe a) where
  describe Nothing = "-"
  describe (Just x) = "+" ++ describe x

instance (Describe a, Describe b) => Describe (Either a b) where
  describe (Left a) = "L" ++ describe a
  describe (Right b) = "R" ++ describe b

class (Eq a, Describe a) => Token a where
  weight :: a -> Int
  heavier :: a -> a -> a
  heavier x y = if weight x >= weight y then x else y
  same :: a -> a -> String
  same x y = if x == y then describe x ++ " twice" else describe x ++ "/" ++ describe y

instance Token Int where
  weight = abs

instance Token Char where
  weight = fromEnum

heaviest :: Token a => [a] -> a
heaviest = foldr1 heavier

-- A function polymorphic in the class, used at many types through one definition.
showAll :: Describe a => [a] -> [String]
showAll = map describe

-- Nested data whose Describe instance recurses at a different type each level.
data Nested a = Flat a | Nest (Nested [a])

describeNested :: Describe a => Nested a -> String
describeNested (Flat x) = describe x
describeNested (Nest n) = "nest:" ++ describeNested n

applyTwice :: (a -> a -> a) -> a -> a
applyTwice f x = f x x

main :: IO ()
main = do
  print (def :: Int, def :: Bool, def :: String, def :: (Int, [Bool]), def :: Maybe (Bool, Int))
  putStrLn (describe "chars")
  putStrLn (describe [1, 2, 3 :: Int])
  putStrLn (describe [Just True, Nothing])
  putStrLn (describe [Left 'x', Right (Just (5 :: Int))] )
  print (heaviest [3, -9, 4 :: Int], heaviest "haskell")
  putStrLn (same 'a' 'a' ++ ", " ++ same (1 :: Int) 2)
  print (showAll [[True], [], [False, True]])
  putStrLn (describeNested (Nest (Nest (Flat [[1, 2], [3 :: Int]]))))
  print (applyTwice heavier (7 :: Int), applyTwice (+) (2.5 :: Double), applyTwice (++) "ab")
