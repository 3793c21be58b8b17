{-# LANGUAGE NoImplicitPrelude #-}
-- | The core classes (Eq, Ord, Semigroup, Monoid, Functor, Applicative,
-- Monad, MonadFail), Maybe and Either, the basic list and function
-- combinators, and the exception representation (see Note [Exception
-- tags] in GHC.Exception).
module GHC.Base
  ( module GHC.Types
  , String, Maybe(..), Either(..)
  , Eq(..), Ord(..)
  , Semigroup(..), Monoid(..)
  , Functor(..), Applicative(..), Monad(..), MonadFail(..), Alternative(..), MonadPlus(..)
  , (<$>), (=<<), liftA, liftA3, liftM, liftM2, ap, join, when, unless
  , mapM_, mapM, sequence, sequence_, forM, forM_, foldM, replicateM, replicateM_, void
  , id, const, (.), flip, ($), ($!), seq, until, asTypeOf, fst, snd, curry, uncurry
  , maybe, either, map, (++), foldr, concatMap, concat, forceString
  , Any, SomeException(..), ErrorCall(..), ArithException(..), AsyncException(..)
  , BlockedIndefinitelyOnMVar(..), NonTermination(..), Deadlock(..)
  , errorWithoutStackTrace, error, undefined, errorAt, undefinedAt
  , showArithException, showAsyncException, mkSomeException, divZeroError, overflowError
  , ord, unsafeChr, eqString
  , IOErrorType(..), IOException(..), IOError, userError, ioException, ioError, showIOException
  ) where

import GHC.Types
import Hsrts.Prim

infixr 9 .
infixr 5 ++
infixl 4 <$, <$>, <*>, *>, <*
infixl 1 >>, >>=
infixr 1 =<<
infixr 0 $, $!, `seq`
infix 4 ==, /=, <, <=, >=, >
infixr 6 <>
infixl 3 <|>

type String = [Char]

data Maybe a = Nothing | Just a

data Either a b = Left a | Right b

-- ---------------------------------------------------------------------------
-- Eq and Ord

class Eq a where
  (==), (/=) :: a -> a -> Bool
  x /= y = not (x == y)
  x == y = not (x /= y)

class Eq a => Ord a where
  compare :: a -> a -> Ordering
  (<), (<=), (>), (>=) :: a -> a -> Bool
  max, min :: a -> a -> a
  compare x y = if x == y then EQ else if x <= y then LT else GT
  x <  y = case compare x y of { LT -> True;  _ -> False }
  x <= y = case compare x y of { GT -> False; _ -> True }
  x >  y = case compare x y of { GT -> True;  _ -> False }
  x >= y = case compare x y of { LT -> False; _ -> True }
  max x y = if x <= y then y else x
  min x y = if x <= y then x else y

instance Eq Int where
  (==) = primIntEq
  (/=) = primIntNe

instance Ord Int where
  compare x y = if primIntLt x y then LT else if primIntEq x y then EQ else GT
  (<) = primIntLt
  (<=) = primIntLe
  (>) = primIntGt
  (>=) = primIntGe
  max x y = if primIntLe x y then y else x
  min x y = if primIntLe x y then x else y

instance Eq Word where
  (==) = primWordEq
  (/=) = primWordNe

instance Ord Word where
  compare x y = if primWordLt x y then LT else if primWordEq x y then EQ else GT
  (<) = primWordLt
  (<=) = primWordLe
  (>) = primWordGt
  (>=) = primWordGe

instance Eq Char where
  (==) = primCharEq
  (/=) = primCharNe

instance Ord Char where
  compare x y = if primCharLt x y then LT else if primCharEq x y then EQ else GT
  (<) = primCharLt
  (<=) = primCharLe
  (>) = primCharGt
  (>=) = primCharGe

instance Eq Double where
  (==) = primDoubleEq
  (/=) = primDoubleNe

instance Ord Double where
  compare x y = if primDoubleLt x y then LT else if primDoubleEq x y then EQ else GT
  (<) = primDoubleLt
  (<=) = primDoubleLe
  (>) = primDoubleGt
  (>=) = primDoubleGe

instance Eq Integer where
  (==) = primIntegerEq
  (/=) = primIntegerNe

instance Ord Integer where
  compare x y = case primIntegerCompare x y of
                  0 -> EQ
                  n -> if primIntLt n 0 then LT else GT
  (<) = primIntegerLt
  (<=) = primIntegerLe
  (>) = primIntegerGt
  (>=) = primIntegerGe

instance Eq Bool where
  True == True = True
  False == False = True
  _ == _ = False

instance Ord Bool where
  compare False True = LT
  compare True False = GT
  compare _ _ = EQ

instance Eq Ordering where
  LT == LT = True
  EQ == EQ = True
  GT == GT = True
  _ == _ = False

instance Ord Ordering where
  compare x y = compare (ordTag x) (ordTag y)

ordTag :: Ordering -> Int
ordTag LT = 0
ordTag EQ = 1
ordTag GT = 2

instance Eq () where
  _ == _ = True

instance Ord () where
  compare _ _ = EQ

instance Eq a => Eq [a] where
  [] == [] = True
  (x:xs) == (y:ys) = x == y && xs == ys
  _ == _ = False

instance Ord a => Ord [a] where
  compare [] [] = EQ
  compare [] (_:_) = LT
  compare (_:_) [] = GT
  compare (x:xs) (y:ys) = case compare x y of
                            EQ -> compare xs ys
                            other -> other

-- | String equality without the dictionary (exception tags, the library).
eqString :: String -> String -> Bool
eqString [] [] = True
eqString (c:cs) (d:ds) = primCharEq c d && eqString cs ds
eqString _ _ = False

instance Eq a => Eq (Maybe a) where
  Nothing == Nothing = True
  Just x == Just y = x == y
  _ == _ = False

instance Ord a => Ord (Maybe a) where
  compare Nothing Nothing = EQ
  compare Nothing (Just _) = LT
  compare (Just _) Nothing = GT
  compare (Just x) (Just y) = compare x y

instance (Eq a, Eq b) => Eq (Either a b) where
  Left x == Left y = x == y
  Right x == Right y = x == y
  _ == _ = False

instance (Ord a, Ord b) => Ord (Either a b) where
  compare (Left x) (Left y) = compare x y
  compare (Left _) (Right _) = LT
  compare (Right _) (Left _) = GT
  compare (Right x) (Right y) = compare x y

instance (Eq a, Eq b) => Eq (a, b) where
  (x0, x1) == (y0, y1) = x0 == y0 && x1 == y1

instance (Eq a, Eq b, Eq c) => Eq (a, b, c) where
  (x0, x1, x2) == (y0, y1, y2) = x0 == y0 && x1 == y1 && x2 == y2

instance (Eq a, Eq b, Eq c, Eq d) => Eq (a, b, c, d) where
  (x0, x1, x2, x3) == (y0, y1, y2, y3) = x0 == y0 && x1 == y1 && x2 == y2 && x3 == y3

instance (Eq a, Eq b, Eq c, Eq d, Eq e) => Eq (a, b, c, d, e) where
  (x0, x1, x2, x3, x4) == (y0, y1, y2, y3, y4) = x0 == y0 && x1 == y1 && x2 == y2 && x3 == y3 && x4 == y4

instance (Eq a, Eq b, Eq c, Eq d, Eq e, Eq f) => Eq (a, b, c, d, e, f) where
  (x0, x1, x2, x3, x4, x5) == (y0, y1, y2, y3, y4, y5) = x0 == y0 && x1 == y1 && x2 == y2 && x3 == y3 && x4 == y4 && x5 == y5

instance (Eq a, Eq b, Eq c, Eq d, Eq e, Eq f, Eq g) => Eq (a, b, c, d, e, f, g) where
  (x0, x1, x2, x3, x4, x5, x6) == (y0, y1, y2, y3, y4, y5, y6) = x0 == y0 && x1 == y1 && x2 == y2 && x3 == y3 && x4 == y4 && x5 == y5 && x6 == y6

instance (Ord a, Ord b) => Ord (a, b) where
  compare (x0, x1) (y0, y1) = compare x0 y0 <> compare x1 y1

instance (Ord a, Ord b, Ord c) => Ord (a, b, c) where
  compare (x0, x1, x2) (y0, y1, y2) = compare x0 y0 <> compare x1 y1 <> compare x2 y2

instance (Ord a, Ord b, Ord c, Ord d) => Ord (a, b, c, d) where
  compare (x0, x1, x2, x3) (y0, y1, y2, y3) = compare x0 y0 <> compare x1 y1 <> compare x2 y2 <> compare x3 y3

instance (Ord a, Ord b, Ord c, Ord d, Ord e) => Ord (a, b, c, d, e) where
  compare (x0, x1, x2, x3, x4) (y0, y1, y2, y3, y4) = compare x0 y0 <> compare x1 y1 <> compare x2 y2 <> compare x3 y3 <> compare x4 y4

instance (Ord a, Ord b, Ord c, Ord d, Ord e, Ord f) => Ord (a, b, c, d, e, f) where
  compare (x0, x1, x2, x3, x4, x5) (y0, y1, y2, y3, y4, y5) = compare x0 y0 <> compare x1 y1 <> compare x2 y2 <> compare x3 y3 <> compare x4 y4 <> compare x5 y5

instance (Ord a, Ord b, Ord c, Ord d, Ord e, Ord f, Ord g) => Ord (a, b, c, d, e, f, g) where
  compare (x0, x1, x2, x3, x4, x5, x6) (y0, y1, y2, y3, y4, y5, y6) = compare x0 y0 <> compare x1 y1 <> compare x2 y2 <> compare x3 y3 <> compare x4 y4 <> compare x5 y5 <> compare x6 y6

-- ---------------------------------------------------------------------------
-- Semigroup and Monoid

class Semigroup a where
  (<>) :: a -> a -> a

class Semigroup a => Monoid a where
  mempty :: a
  mappend :: a -> a -> a
  mconcat :: [a] -> a
  mappend = (<>)
  mconcat = foldr mappend mempty

instance Semigroup [a] where
  (<>) = (++)

instance Monoid [a] where
  mempty = []

instance Semigroup Ordering where
  LT <> _ = LT
  EQ <> y = y
  GT <> _ = GT

instance Monoid Ordering where
  mempty = EQ

instance Semigroup () where
  _ <> _ = ()

instance Monoid () where
  mempty = ()

instance Semigroup a => Semigroup (Maybe a) where
  Nothing <> b = b
  a <> Nothing = a
  Just a <> Just b = Just (a <> b)

instance Semigroup a => Monoid (Maybe a) where
  mempty = Nothing

-- ---------------------------------------------------------------------------
-- Functor, Applicative, Monad

class Functor f where
  fmap :: (a -> b) -> f a -> f b
  (<$) :: a -> f b -> f a
  (<$) = fmap . const

class Functor f => Applicative f where
  pure :: a -> f a
  (<*>) :: f (a -> b) -> f a -> f b
  (*>) :: f a -> f b -> f b
  (<*) :: f a -> f b -> f a
  liftA2 :: (a -> b -> c) -> f a -> f b -> f c
  (<*>) = liftA2 id
  liftA2 f x y = fmap f x <*> y
  a1 *> a2 = (id <$ a1) <*> a2
  a <* b = liftA2 const a b

class Applicative m => Monad m where
  (>>=) :: m a -> (a -> m b) -> m b
  (>>) :: m a -> m b -> m b
  return :: a -> m a
  m >> k = m >>= \_ -> k
  return = pure

class Monad m => MonadFail m where
  fail :: String -> m a

class Applicative f => Alternative f where
  empty :: f a
  (<|>) :: f a -> f a -> f a

class (Alternative m, Monad m) => MonadPlus m where
  mzero :: m a
  mplus :: m a -> m a -> m a
  mzero = empty
  mplus = (<|>)

instance Alternative Maybe where
  empty = Nothing
  Nothing <|> r = r
  l <|> _ = l

instance MonadPlus Maybe

instance Alternative [] where
  empty = []
  (<|>) = (++)

instance MonadPlus []

(<$>) :: Functor f => (a -> b) -> f a -> f b
(<$>) = fmap

(=<<) :: Monad m => (a -> m b) -> m a -> m b
f =<< x = x >>= f

liftA :: Applicative f => (a -> b) -> f a -> f b
liftA f a = pure f <*> a

liftA3 :: Applicative f => (a -> b -> c -> d) -> f a -> f b -> f c -> f d
liftA3 f a b c = liftA2 f a b <*> c

liftM :: Monad m => (a1 -> r) -> m a1 -> m r
liftM f m1 = m1 >>= \x1 -> return (f x1)

liftM2 :: Monad m => (a1 -> a2 -> r) -> m a1 -> m a2 -> m r
liftM2 f m1 m2 = m1 >>= \x1 -> m2 >>= \x2 -> return (f x1 x2)

ap :: Monad m => m (a -> b) -> m a -> m b
ap mf mx = mf >>= \f -> mx >>= \x -> return (f x)

join :: Monad m => m (m a) -> m a
join x = x >>= id

when :: Applicative f => Bool -> f () -> f ()
when p s = if p then s else pure ()

unless :: Applicative f => Bool -> f () -> f ()
unless p s = if p then pure () else s

-- The Foldable/Traversable functions of GHC's Prelude, for lists only.
mapM_ :: Monad m => (a -> m b) -> [a] -> m ()
mapM_ f = go
  where go [] = return ()
        go (x:xs) = f x >> go xs

forM_ :: Monad m => [a] -> (a -> m b) -> m ()
forM_ xs f = mapM_ f xs

mapM :: Monad m => (a -> m b) -> [a] -> m [b]
mapM f = go
  where go [] = return []
        go (x:xs) = f x >>= \y -> go xs >>= \ys -> return (y : ys)

forM :: Monad m => [a] -> (a -> m b) -> m [b]
forM xs f = mapM f xs

sequence :: Monad m => [m a] -> m [a]
sequence = mapM id

sequence_ :: Monad m => [m a] -> m ()
sequence_ = mapM_ id

foldM :: Monad m => (b -> a -> m b) -> b -> [a] -> m b
foldM f = go
  where go z [] = return z
        go z (x:xs) = f z x >>= \z' -> go z' xs

replicateM :: Applicative m => Int -> m a -> m [a]
replicateM cnt0 f = loop cnt0
  where loop cnt = if primIntLe cnt 0 then pure [] else liftA2 (:) f (loop (primIntSub cnt 1))

replicateM_ :: Applicative m => Int -> m a -> m ()
replicateM_ cnt0 f = loop cnt0
  where loop cnt = if primIntLe cnt 0 then pure () else f *> loop (primIntSub cnt 1)

void :: Functor f => f a -> f ()
void x = () <$ x

instance Functor [] where
  fmap = map

instance Applicative [] where
  pure x = [x]
  fs <*> xs = concatMap (\f -> map f xs) fs
  liftA2 f xs ys = concatMap (\x -> map (f x) ys) xs
  xs *> ys = concatMap (\_ -> ys) xs

instance Monad [] where
  xs >>= f = concatMap f xs
  (>>) = (*>)

instance MonadFail [] where
  fail _ = []

instance Functor Maybe where
  fmap _ Nothing = Nothing
  fmap f (Just a) = Just (f a)

instance Applicative Maybe where
  pure = Just
  Just f <*> m = fmap f m
  Nothing <*> _ = Nothing
  liftA2 f (Just x) (Just y) = Just (f x y)
  liftA2 _ _ _ = Nothing
  Just _ *> m = m
  Nothing *> _ = Nothing

instance Monad Maybe where
  (Just x) >>= k = k x
  Nothing >>= _ = Nothing
  (>>) = (*>)

instance MonadFail Maybe where
  fail _ = Nothing

instance Functor (Either e) where
  fmap _ (Left x) = Left x
  fmap f (Right y) = Right (f y)

instance Applicative (Either e) where
  pure = Right
  Left e <*> _ = Left e
  Right f <*> r = fmap f r

instance Monad (Either e) where
  Left l >>= _ = Left l
  Right r >>= k = k r

instance Functor IO where
  fmap f m = primBindIO m (\a -> primReturnIO (f a))

instance Applicative IO where
  pure = primReturnIO
  mf <*> mx = primBindIO mf (\f -> primBindIO mx (\x -> primReturnIO (f x)))
  liftA2 f ma mb = primBindIO ma (\a -> primBindIO mb (\b -> primReturnIO (f a b)))
  m *> k = primBindIO m (\_ -> k)

instance Monad IO where
  (>>=) = primBindIO
  m >> k = primBindIO m (\_ -> k)
  return = primReturnIO

instance MonadFail IO where
  fail s = ioException (userError s)

instance Semigroup a => Semigroup (IO a) where
  a <> b = liftA2 (<>) a b

instance Monoid a => Monoid (IO a) where
  mempty = pure mempty

-- ---------------------------------------------------------------------------
-- Functions

id :: a -> a
id x = x

const :: a -> b -> a
const x _ = x

(.) :: (b -> c) -> (a -> b) -> a -> c
(.) f g = \x -> f (g x)

flip :: (a -> b -> c) -> b -> a -> c
flip f x y = f y x

($) :: (a -> b) -> a -> b
f $ x = f x

($!) :: (a -> b) -> a -> b
f $! x = x `seq` f x

seq :: a -> b -> b
seq = primSeq

until :: (a -> Bool) -> (a -> a) -> a -> a
until p f = go
  where go x | p x = x
             | otherwise = go (f x)

asTypeOf :: a -> a -> a
asTypeOf = const

fst :: (a, b) -> a
fst (x, _) = x

snd :: (a, b) -> b
snd (_, y) = y

curry :: ((a, b) -> c) -> a -> b -> c
curry f x y = f (x, y)

uncurry :: (a -> b -> c) -> ((a, b) -> c)
uncurry f p = f (fst p) (snd p)

maybe :: b -> (a -> b) -> Maybe a -> b
maybe n _ Nothing = n
maybe _ f (Just x) = f x

either :: (a -> c) -> (b -> c) -> Either a b -> c
either f _ (Left x) = f x
either _ g (Right y) = g y

map :: (a -> b) -> [a] -> [b]
map _ [] = []
map f (x:xs) = f x : map f xs

(++) :: [a] -> [a] -> [a]
(++) [] ys = ys
(++) (x:xs) ys = x : xs ++ ys

foldr :: (a -> b -> b) -> b -> [a] -> b
foldr k z = go
  where go [] = z
        go (y:ys) = y `k` go ys

concatMap :: (a -> [b]) -> [a] -> [b]
concatMap f = go
  where go [] = []
        go (x:xs) = f x ++ go xs

concat :: [[a]] -> [a]
concat = foldr (++) []

-- | Evaluates a string's spine and characters (primop wrappers call it
-- before passing a String to the runtime).
forceString :: String -> ()
forceString [] = ()
forceString (c:cs) = c `seq` forceString cs

ord :: Char -> Int
ord = primCharToInt

unsafeChr :: Int -> Char
unsafeChr = primIntToChar

-- ---------------------------------------------------------------------------
-- Exceptions: the representation (the class is in GHC.Exception)

-- | A value of some type, hidden in a SomeException.
data Any

-- | An exception: the type tag of the payload's type (its qualified name),
-- the payload, and the payload's showsPrec. See Note [Exception tags] in
-- GHC.Exception.
data SomeException = SomeException String Any (Int -> String -> String)

mkSomeException :: String -> Any -> (Int -> String -> String) -> SomeException
mkSomeException = SomeException

-- | The exception of 'error'.
data ErrorCall = ErrorCall String

data ArithException
  = Overflow | Underflow | LossOfPrecision | DivideByZero | Denormal
  | RatioZeroDenominator

showArithException :: ArithException -> String
showArithException Overflow = "arithmetic overflow"
showArithException Underflow = "arithmetic underflow"
showArithException LossOfPrecision = "loss of precision"
showArithException DivideByZero = "divide by zero"
showArithException Denormal = "denormal"
showArithException RatioZeroDenominator = "Ratio has zero denominator"

data AsyncException = StackOverflow | HeapOverflow | ThreadKilled | UserInterrupt

showAsyncException :: AsyncException -> String
showAsyncException StackOverflow = "stack overflow"
showAsyncException HeapOverflow = "heap overflow"
showAsyncException ThreadKilled = "thread killed"
showAsyncException UserInterrupt = "user interrupt"

data BlockedIndefinitelyOnMVar = BlockedIndefinitelyOnMVar

data NonTermination = NonTermination

data Deadlock = Deadlock

arithException :: ArithException -> a
arithException e = primRaise (SomeException "GHC.Base.ArithException" (primUnsafeCoerce e)
                                (\_ r -> showArithException e ++ r))

divZeroError :: a
divZeroError = arithException DivideByZero

overflowError :: a
overflowError = arithException Overflow

-- | 'error' without a call stack (what the library's own errors use).
errorWithoutStackTrace :: [Char] -> a
errorWithoutStackTrace s =
  primRaise (SomeException "GHC.Base.ErrorCall" (primUnsafeCoerce (ErrorCall s)) (\_ r -> s ++ r))

-- | 'error' where the call site is unknown. The compiler replaces 'error'
-- in user code by errorAt with the call site, so that the
-- message ends with GHC's CallStack lines.
error :: [Char] -> a
error = errorWithoutStackTrace

undefined :: a
undefined = errorWithoutStackTrace "Prelude.undefined"

-- | Kinds of I/O error (GHC's, minus the ones hsrts never raises).
data IOErrorType
  = AlreadyExists | NoSuchThing | ResourceBusy | ResourceExhausted | EOF
  | IllegalOperation | PermissionDenied | UserError | OtherError

-- | An I/O error: handle name, kind, location (the failing function),
-- description, file name. GHC's record, without the record syntax and
-- with the handle's name in place of the handle.
data IOException = IOError (Maybe String) IOErrorType String String (Maybe String)

type IOError = IOException

showIOErrorType :: IOErrorType -> String
showIOErrorType e = case e of
  AlreadyExists -> "already exists"
  NoSuchThing -> "does not exist"
  ResourceBusy -> "resource busy"
  ResourceExhausted -> "resource exhausted"
  EOF -> "end of file"
  IllegalOperation -> "illegal operation"
  PermissionDenied -> "permission denied"
  UserError -> "user error"
  OtherError -> "failed"

-- | GHC's rendering: @file: location: kind (description)@.
showIOException :: IOException -> String -> String
showIOException (IOError hdl iot loc s fn) rest =
  prefix ++ location ++ showIOErrorType iot ++ detail ++ rest
  where
    prefix = case fn of
      Just name -> name ++ ": "
      Nothing -> case hdl of
        Just h -> "{handle: " ++ h ++ "}: "
        Nothing -> ""
    location = case loc of
      [] -> ""
      _ -> loc ++ ": "
    detail = case s of
      [] -> ""
      _ -> " (" ++ s ++ ")"

userError :: String -> IOError
userError s = IOError Nothing UserError "" s Nothing

ioException :: IOException -> IO a
ioException e = primRaiseIO (SomeException "GHC.Base.IOException" (primUnsafeCoerce e)
                               (\_ r -> showIOException e r))

ioError :: IOError -> IO a
ioError = ioException

-- ---------------------------------------------------------------------------
-- Errors with GHC 9.0's call-stack lines (the compiler passes the call site)

callStackHeader :: String
callStackHeader = "\nCallStack (from HasCallStack):\n  error, called at "

-- | 'error' at a known call site ("t.hs:10:23 in main:Main"): GHC 9.0's
-- message with its CallStack lines. The payload is the plain ErrorCall.
errorAt :: String -> String -> a
errorAt loc msg = primRaise (SomeException "GHC.Base.ErrorCall" (primUnsafeCoerce (ErrorCall msg))
                               (\_ r -> msg ++ callStackHeader ++ loc ++ r))

-- | 'undefined' at a known call site.
undefinedAt :: String -> a
undefinedAt loc = primRaise (SomeException "GHC.Base.ErrorCall" (primUnsafeCoerce (ErrorCall msg))
                               (\_ r -> msg ++ callStackHeader
                                        ++ "libraries/base/GHC/Err.hs:75:14 in base:GHC.Err\n  undefined, called at "
                                        ++ loc ++ r))
  where msg = "Prelude.undefined"
