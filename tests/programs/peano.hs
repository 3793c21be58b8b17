-- Peano arithmetic (after nofib's exp3_8): 3^n with unary naturals.
-- args: 7
-- bench-args: 8
-- tags: benchmark nofib
module Main where

import System.Environment

infix 8 ^^^

data Nat = Z | S Nat deriving (Eq, Ord, Show)

instance Num Nat where
  Z + y = y
  S x + y = S (x + y)
  _ * Z = Z
  x * S y = x * y + x
  fromInteger 0 = Z
  fromInteger n = S (fromInteger (n - 1))
  abs = id
  signum Z = Z
  signum _ = S Z
  negate = id

int :: Nat -> Int
int Z = 0
int (S x) = 1 + int x

(^^^) :: Nat -> Nat -> Nat
_ ^^^ Z = S Z
x ^^^ S y = x * (x ^^^ y)

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a :: Integer
  print (int (3 ^^^ fromInteger n))
  print (int (fromInteger 5 * fromInteger 7 + fromInteger 2), compare (S Z) (S (S Z)))
