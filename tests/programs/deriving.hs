-- Derived Eq, Ord, Show, Enum and Bounded: records, infix constructors,
-- negative fields, nesting and precedence in derived show.
-- tags: deriving classes
module Main where

data Color = Red | Green | Blue
  deriving (Eq, Ord, Show, Enum, Bounded)

data Suit = Hearts | Diamonds | Clubs | Spades
  deriving (Eq, Ord, Show, Enum, Bounded)

data Point = Point { px :: Int, py :: Int }
  deriving (Eq, Ord, Show)

data Shape = Circle Point Double | Poly [Point] | Empty
  deriving (Eq, Ord, Show)

infixr 5 :+:
data Expr = Lit Int | Expr :+: Expr | Neg Expr
  deriving (Eq, Ord, Show)

infixl 6 :*
data Pair a b = a :* b
  deriving (Eq, Ord, Show)

data Wrap a = Wrap a | Nada
  deriving (Eq, Ord, Show)

data T = T (Maybe Int) (Either String Double) [Wrap Int] (Int, Char)
  deriving (Eq, Ord, Show)

newtype Age = Age Int deriving (Eq, Ord, Show)

data Op = Op { (<+>) :: Int, opName :: String } deriving (Show, Eq)

main :: IO ()
main = do
  print [minBound .. maxBound :: Color]
  print (succ Red, pred Blue, fromEnum Blue, toEnum 1 :: Color)
  print [Red ..]
  print [Hearts, Clubs ..]
  print (maxBound :: Suit, minBound :: Suit)
  print (compare Red Blue, Red < Green, max Green Blue, Red == Red)
  print (Point 1 (-2))
  print (Point { px = -1, py = 2 })
  print (Just (Point 3 4))
  print (Circle (Point 0 0) (-1.5))
  print (Poly [Point 1 1, Point (-1) (-1)])
  print (Lit 1 :+: Lit 2 :+: Neg (Lit (-3)))
  print ((Lit 1 :+: Lit 2) :+: Lit 3)
  print (Neg (Lit 1 :+: Lit 2))
  print (Just (Lit 5 :+: Lit 6))
  print (1 :* 2 :* (3 :: Int))
  print ((1 :: Int) :* ((2 :: Int) :* (3 :: Int)))
  print (Wrap (Wrap (-3 :: Int)))
  print (T (Just (-1)) (Left "x\ny") [Wrap 1, Nada] (-5, 'q'))
  print (T Nothing (Right (-0.5)) [] (0, '\''))
  print (Age 30, Age 3 < Age 30)
  print (Op 1 "plus")
  print (compare (Point 1 2) (Point 1 3), Point 2 0 > Point 1 9)
  print (compare (Lit 1) (Lit 0 :+: Lit 0), Empty > Poly [], Circle (Point 0 0) 1 < Empty)
  print (Wrap 3 < Nada, [Wrap 1, Nada] < [Wrap 1], (Nada :: Wrap Int) == Nada)
  print (showsPrec 11 (Point 1 2) "", showsPrec 11 (-5 :: Int) "")
