-- Laziness: infinite lists, knot-tying, CAFs, iterate, cyclic data, unused undefined arguments.
-- tags: laziness
module Main where

primes :: [Int]
primes = sieve [2 ..] where sieve (p : xs) = p : sieve [x | x <- xs, x `mod` p /= 0]

fibs :: [Integer]
fibs = 0 : 1 : zipWith (+) fibs (tail fibs)

hamming :: [Integer]
hamming = 1 : merge3 (map (* 2) hamming) (map (* 3) hamming) (map (* 5) hamming)
  where
    merge3 a b c = merge a (merge b c)
    merge xa@(x : xs) ya@(y : ys)
      | x < y = x : merge xs ya
      | x > y = y : merge xa ys
      | otherwise = x : merge xs ys

-- A CAF that is expensive the first time and shared afterwards.
bigTable :: [Int]
bigTable = map (\i -> i * i) [0 .. 100000]

data Node = Node { nodeName :: String, next :: Node, prev :: Node }

-- A doubly-linked ring tied with one letrec.
ring :: [String] -> Node
ring names = first
  where
    (first, lst) = build lst names first
    build p [n] nxt = let node = Node n nxt p in (node, node)
    build p (n : ns) nxt = let node = Node n rest p
                               (rest, l) = build node ns nxt
                            in (node, l)

walk :: Int -> (Node -> Node) -> Node -> [String]
walk 0 _ _ = []
walk k step n = nodeName n : walk (k - 1) step (step n)

-- Replace every element by the list minimum in one pass (the classic repmin knot).
repMin :: [Int] -> [Int]
repMin xs = result
  where
    (m, result) = go xs
    go [] = (maxBound, [])
    go (y : ys) = let (m', r) = go ys in (min y m', m : r)

lazyArgs :: Int -> Int -> Int
lazyArgs x _ = x

main :: IO ()
main = do
  print (take 15 primes, primes !! 500)
  print (fibs !! 200)
  print (take 20 hamming, hamming !! 1500)
  print (bigTable !! 100000, sum (take 10 bigTable), bigTable !! 99999)
  print (take 7 (iterate (\x -> x * 3 `mod` 17) (1 :: Int)))
  print (takeWhile (< 60) (map (^ 2) [1 :: Int ..]))
  let cyc = 1 : 2 : 3 : cyc :: [Int]
  print (take 10 cyc, take 5 (cycle [True, False]), take 3 (repeat 'x'))
  let r = ring ["a", "b", "c", "d"]
  print (walk 9 next r, walk 9 prev r)
  print (repMin [5, 3, 8, 1, 9, 2])
  print (lazyArgs 7 undefined, fst (1 :: Int, error "never forced" :: Int), length [undefined, undefined :: Int])
  let (evens, odds) = (filter even nats, filter odd nats)
      nats = [0 :: Int ..]
  print (take 5 evens, take 5 odds)
  print (head (dropWhile (< 10 ^ (12 :: Int)) (iterate (* 7) (1 :: Integer))))
  print (zip [1 :: Int ..] "abc", lookup 1000 (zip [1 :: Int ..] (map (* 2) [1 :: Int ..])))
  let xs = [1 ..] :: [Integer]
  print (sum (takeWhile (< 1000) (filter odd (map (^ 2) xs))))
  print (or (map (> 1000) [1 :: Int ..]), True || any even [1, 3 ..], elem 99 [1, 3 :: Int ..])
  let ~(a, b) = undefined :: (Int, Int)
  putStrLn "irrefutable binding not forced"
  print (null (undefined : undefined :: [()]))
