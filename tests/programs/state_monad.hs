-- A user-defined State newtype with Functor, Applicative and Monad instances.
-- tags: monads classes
module Main where

newtype State s a = State { runState :: s -> (a, s) }

instance Functor (State s) where
  fmap f (State g) = State (\s -> let (a, s') = g s in (f a, s'))

instance Applicative (State s) where
  pure a = State (\s -> (a, s))
  State f <*> State g = State (\s -> let (h, s1) = f s; (a, s2) = g s1 in (h a, s2))

instance Monad (State s) where
  return = pure
  State g >>= k = State (\s -> let (a, s') = g s in runState (k a) s')

get :: State s s
get = State (\s -> (s, s))

put :: s -> State s ()
put s = State (\_ -> ((), s))

modify :: (s -> s) -> State s ()
modify f = State (\s -> ((), f s))

evalState :: State s a -> s -> a
evalState m s = fst (runState m s)

execState :: State s a -> s -> s
execState m s = snd (runState m s)

fresh :: State Int String
fresh = do
  n <- get
  put (n + 1)
  return ("v" ++ show n)

data Tree a = Leaf a | Node (Tree a) (Tree a) deriving Show

label :: Tree a -> State Int (Tree (Int, a))
label (Leaf x) = do
  n <- get
  put (n + 1)
  return (Leaf (n, x))
label (Node l r) = Node <$> label l <*> label r

mapMState :: (a -> State s b) -> [a] -> State s [b]
mapMState _ [] = return []
mapMState f (x : xs) = do
  y <- f x
  ys <- mapMState f xs
  return (y : ys)

-- A pseudo-random generator threaded through State.
rand :: State Int Int
rand = do
  s <- get
  let s' = (s * 1103515245 + 12345) `mod` 2147483648
  put s'
  return (s' `div` 65536)

counter :: Int -> State Int Int
counter 0 = get
counter k = modify (+ k) >> counter (k - 1)

main :: IO ()
main = do
  print (runState fresh 0)
  print (evalState (sequence [fresh, fresh, fresh]) 10)
  print (evalState (label (Node (Node (Leaf 'a') (Leaf 'b')) (Leaf 'c'))) 100)
  print (evalState (mapMState (const rand) [1 .. 8 :: Int]) 42)
  print (execState (counter 1000) 0)
  print (runState (fmap (* 2) get) (21 :: Int))
  print (evalState ((,) <$> fresh <*> fresh) 5)
