-- Mutual recursion between top-level functions, local functions and data types.
-- tags: recursion
module Main where

isEven', isOdd' :: Int -> Bool
isEven' 0 = True
isEven' n = isOdd' (n - 1)
isOdd' 0 = False
isOdd' n = isEven' (n - 1)

data Forest a = Forest [Tree a]
data Tree a = Tree a (Forest a)

sizeT :: Tree a -> Int
sizeT (Tree _ f) = 1 + sizeF f

sizeF :: Forest a -> Int
sizeF (Forest ts) = sum (map sizeT ts)

flattenT :: Tree a -> [a]
flattenT (Tree x (Forest ts)) = x : concatMap flattenT ts

mkTree :: Int -> Tree Int
mkTree 0 = Tree 0 (Forest [])
mkTree d = Tree d (Forest [mkTree (d - 1), mkTree (max 0 (d - 2))])

-- A tiny recursive-descent parser: expr, term and factor call each other.
expr :: String -> (Int, String)
expr s = let (t, rest) = term s in exprTail t rest
  where
    exprTail acc ('+' : r) = let (t, r') = term r in exprTail (acc + t) r'
    exprTail acc ('-' : r) = let (t, r') = term r in exprTail (acc - t) r'
    exprTail acc r = (acc, r)

term :: String -> (Int, String)
term s = let (f, rest) = factor s in termTail f rest
  where
    termTail acc ('*' : r) = let (f, r') = factor r in termTail (acc * f) r'
    termTail acc r = (acc, r)

factor :: String -> (Int, String)
factor ('(' : r) = case expr r of
  (v, ')' : r') -> (v, r')
  (v, r') -> (v, r')
factor s = let (ds, r) = span (`elem` "0123456789") s in (read ds, r)

main :: IO ()
main = do
  print (isEven' 100001, isOdd' 7777, map isEven' [0 .. 5])
  print (sizeT (mkTree 12), take 10 (flattenT (mkTree 4)))
  print (fst (expr "2+3*(4-1)*2-10"), expr "(1+2)*(3+4)rest")
  let go 0 = "done"
      go n = stop (n - 1)
      stop 0 = "stopped"
      stop n = go (n - 1)
  print (go (10 :: Int), go (11 :: Int))
