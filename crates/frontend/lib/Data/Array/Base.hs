{-# LANGUAGE NoImplicitPrelude #-}
-- | The array types and their operations, shared by Data.Array,
-- Data.Array.IArray/Unboxed, Data.Array.MArray/ST/IO. Arrays are the
-- runtime's boxed arrays (primNewArray ..., rts-core interp/machine/arrays.rs)
-- plus their bounds. See Note [Array classes without multi-parameter classes].
module Data.Array.Base
  ( Array(..), UArray(..), STArray(..), STUArray(..), IOArray(..), IOUArray(..)
  , IArr(..), MArr(..), MonadArr(..), IView(..), MView(..)
  , safeRangeSize, safeIndex, arrEleBottom
    -- immutable (generic over IArr)
  , iarray, ilistArray, iaccumArray, (!.), ibounds, inumElements, iindices, ielems, iassocs
  , ireplace, iaccum, iamap, iixmap, ieq, icompare, ishowsPrec
    -- mutable (generic over MArr and the monad)
  , newArray, newArray_, newListArray, readArray, writeArray, getBounds, getNumElements
  , getElems, getAssocs, freeze, thaw, unsafeFreeze, unsafeThaw, runSTArray, runSTUArray
  ) where

import Prelude
import Data.Ix
import GHC.ST
import GHC.IO (unsafePerformIO)
import Hsrts.Prim

-- Note [Array classes without multi-parameter classes]
-- ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
-- GHC overloads the array operations with the multi-parameter classes
-- IArray a e and MArray a e m. The front end has single-parameter classes
-- only, so the same names are overloaded with three of them:
-- * IArr a: an immutable array type (Array, UArray) as bounds plus a
--   runtime array (IView);
-- * MArr a: a mutable array type (STArray s, STUArray s, IOArray, IOUArray),
--   likewise (MView);
-- * MonadArr m: a monad the operations run in (IO, ST s).
-- So readArray :: (MArr a, MonadArr m, Ix i) => a i e -> i -> m e. Every
-- program GHC accepts with concrete array types type-checks the same way;
-- a program that writes an MArray/IArray constraint itself does not.
-- The "unboxed" arrays (UArray, STUArray, IOUArray) store boxed elements,
-- evaluated to WHNF when stored (strict elements, as GHC's unboxed arrays
-- have), for any element type. Differences from GHC: they take a word plus
-- the element's box per element rather than packed bytes, and newArray_
-- leaves their elements undefined as for boxed arrays (GHC: zero).

-- | A boxed immutable array with bounds (GHC.Arr.Array).
data Array i e = Array !i !i !Int (PrimArray e)
-- | An immutable array with strict elements (Data.Array.Unboxed).
data UArray i e = UArray !i !i !Int (PrimArray e)
-- | A mutable boxed array in ST.
data STArray s i e = STArray !i !i !Int (PrimMutableArray e)
-- | A mutable array with strict elements in ST.
data STUArray s i e = STUArray !i !i !Int (PrimMutableArray e)
-- | A mutable boxed array in IO.
newtype IOArray i e = IOArray (STArray RealWorld i e)
-- | A mutable array with strict elements in IO.
newtype IOUArray i e = IOUArray (STUArray RealWorld i e)

-- | Bounds, element count and the runtime array of an immutable array.
data IView i e = IView !i !i !Int (PrimArray e)
-- | Bounds, element count and the runtime array of a mutable array.
data MView i e = MView !i !i !Int (PrimMutableArray e)

class IArr a where
  iview :: a i e -> IView i e
  imake :: IView i e -> a i e
  -- | Whether elements are evaluated when stored (never forces its argument).
  istrict :: a i e -> Bool

class MArr a where
  mview :: a i e -> MView i e
  mmake :: MView i e -> a i e
  -- | Whether elements are evaluated when stored (never forces its argument).
  mstrict :: a i e -> Bool

class Monad m => MonadArr m where
  liftArr :: IO a -> m a

instance MonadArr IO where
  liftArr m = m

instance MonadArr (ST s) where
  liftArr = unsafeIOToST

instance IArr Array where
  iview (Array l u n a) = IView l u n a
  imake (IView l u n a) = Array l u n a
  istrict _ = False

instance IArr UArray where
  iview (UArray l u n a) = IView l u n a
  imake (IView l u n a) = UArray l u n a
  istrict _ = True

instance MArr (STArray s) where
  mview (STArray l u n a) = MView l u n a
  mmake (MView l u n a) = STArray l u n a
  mstrict _ = False

instance MArr (STUArray s) where
  mview (STUArray l u n a) = MView l u n a
  mmake (MView l u n a) = STUArray l u n a
  mstrict _ = True

instance MArr IOArray where
  mview (IOArray (STArray l u n a)) = MView l u n a
  mmake (MView l u n a) = IOArray (STArray l u n a)
  mstrict _ = False

instance MArr IOUArray where
  mview (IOUArray (STUArray l u n a)) = MView l u n a
  mmake (MView l u n a) = IOUArray (STUArray l u n a)
  mstrict _ = True

-- Equality of mutable arrays is identity, as GHC's.
instance Eq (STArray s i e) where
  STArray _ _ _ a == STArray _ _ _ b = primSameMutableArray a b
instance Eq (STUArray s i e) where
  STUArray _ _ _ a == STUArray _ _ _ b = primSameMutableArray a b
instance Eq (IOArray i e) where
  IOArray a == IOArray b = a == b
instance Eq (IOUArray i e) where
  IOUArray a == IOUArray b = a == b

-- ---------------------------------------------------------------- helpers

-- | The number of elements of the bounds (GHC's message when negative).
safeRangeSize :: Ix i => (i, i) -> Int
safeRangeSize (l, u) =
  let r = rangeSize (l, u)
  in if r < 0 then errorWithoutStackTrace "Negative range size" else r

-- | The element offset of index i, checked against the element count.
safeIndex :: Ix i => (i, i) -> Int -> i -> Int
safeIndex (l, u) n i =
  let i' = index (l, u) i
  in if (0 <= i') && (i' < n)
       then i'
       else errorWithoutStackTrace
              ("Error in array index; " ++ show i' ++ " not in range [0.." ++ show n ++ ")")

arrEleBottom :: a
arrEleBottom = errorWithoutStackTrace "(Array.!): undefined array element"

-- | The array package's message for mutable arrays (GHC adds its own
-- call-stack lines to it).
marrEleBottom :: a
marrEleBottom = errorWithoutStackTrace "MArray: undefined array element"

-- | Store x, evaluated first if the array is strict.
store :: Bool -> PrimMutableArray e -> Int -> e -> IO ()
store strict marr i x
  | strict = x `seq` primWriteArray marr i x
  | otherwise = primWriteArray marr i x

forIO_ :: Int -> Int -> (Int -> IO ()) -> IO ()
forIO_ i n body
  | i >= n = return ()
  | otherwise = body i >> forIO_ (i + 1) n body

-- | The elements from offset i on, read lazily from an immutable array.
elemsFrom :: PrimArray e -> Int -> Int -> [e]
elemsFrom a i n
  | i >= n = []
  | otherwise = unsafePerformIO (primIndexArray a i) : elemsFrom a (i + 1) n

-- | Build an immutable array: fill a fresh mutable one, then freeze it.
build :: IArr a => (i, i) -> Int -> e -> (Bool -> PrimMutableArray e -> IO ()) -> a i e
build (l, u) n fill body = r
  where
    r = unsafePerformIO (do
          marr <- primNewArray n fill
          body (istrict r) marr
          a <- primUnsafeFreezeArray marr
          return (imake (IView l u n a)))

-- ---------------------------------------------------------- immutable arrays

iarray :: (IArr a, Ix i) => (i, i) -> [(i, e)] -> a i e
iarray (l, u) ies =
  let n = safeRangeSize (l, u)
  in build (l, u) n arrEleBottom (\strict marr ->
       mapM_ (\(i, e) -> store strict marr (safeIndex (l, u) n i) e) ies)

ilistArray :: (IArr a, Ix i) => (i, i) -> [e] -> a i e
ilistArray (l, u) es =
  let n = safeRangeSize (l, u)
      go strict marr i xs
        | i >= n = return ()
        | otherwise = case xs of
            [] -> return ()
            (x:rest) -> store strict marr i x >> go strict marr (i + 1) rest
  in build (l, u) n arrEleBottom (\strict marr -> go strict marr 0 es)

-- | accumArray: each combination is evaluated when stored (GHC's too).
iaccumArray :: (IArr a, Ix i) => (e -> v -> e) -> e -> (i, i) -> [(i, v)] -> a i e
iaccumArray f z (l, u) ies =
  let n = safeRangeSize (l, u)
  in build (l, u) n z (\strict marr -> do
       if strict then z `seq` return () else return ()
       mapM_ (\(i, v) -> adjust f marr (safeIndex (l, u) n i) v) ies)

adjust :: (e -> v -> e) -> PrimMutableArray e -> Int -> v -> IO ()
adjust f marr i v = do
  old <- primReadArray marr i
  let combined = f old v
  combined `seq` primWriteArray marr i combined

infixl 9 !.
(!.) :: (IArr a, Ix i) => a i e -> i -> e
arr !. i = case iview arr of
  IView l u n a -> unsafePerformIO (primIndexArray a (safeIndex (l, u) n i))

ibounds :: IArr a => a i e -> (i, i)
ibounds arr = case iview arr of IView l u _ _ -> (l, u)

inumElements :: IArr a => a i e -> Int
inumElements arr = case iview arr of IView _ _ n _ -> n

iindices :: (IArr a, Ix i) => a i e -> [i]
iindices arr = range (ibounds arr)

ielems :: IArr a => a i e -> [e]
ielems arr = case iview arr of IView _ _ n a -> elemsFrom a 0 n

iassocs :: (IArr a, Ix i) => a i e -> [(i, e)]
iassocs arr = zip (iindices arr) (ielems arr)

-- | A copy of the array's runtime array, then the body, then a freeze.
modified :: IArr a => a i e -> (Bool -> Int -> PrimMutableArray e -> IO ()) -> a i e
modified arr body = r
  where
    r = case iview arr of
      IView l u n a -> unsafePerformIO (do
        marr <- primThawArray a 0 n
        body (istrict r) n marr
        a' <- primUnsafeFreezeArray marr
        return (imake (IView l u n a')))

ireplace :: (IArr a, Ix i) => a i e -> [(i, e)] -> a i e
ireplace arr ies = case ibounds arr of
  (l, u) -> modified arr (\strict n marr ->
              mapM_ (\(i, e) -> store strict marr (safeIndex (l, u) n i) e) ies)

iaccum :: (IArr a, Ix i) => (e -> v -> e) -> a i e -> [(i, v)] -> a i e
iaccum f arr ies = case ibounds arr of
  (l, u) -> modified arr (\_ n marr ->
              mapM_ (\(i, v) -> adjust f marr (safeIndex (l, u) n i) v) ies)

iamap :: (IArr a, IArr b) => (e -> e') -> a i e -> b i e'
iamap f arr = case iview arr of
  IView l u n a ->
    build (l, u) n arrEleBottom (\strict marr ->
      forIO_ 0 n (\i -> primIndexArray a i >>= \x -> store strict marr i (f x)))

iixmap :: (IArr a, Ix i, Ix j) => (i, i) -> (i -> j) -> a j e -> a i e
iixmap (l, u) f arr = iarray (l, u) [(i, arr !. f i) | i <- range (l, u)]

ieq :: (IArr a, Ix i, Eq e) => a i e -> a i e -> Bool
ieq a1 a2 =
  let n1 = inumElements a1
      n2 = inumElements a2
  in if n1 == 0 then n2 == 0 else ibounds a1 == ibounds a2 && ielems a1 == ielems a2

icompare :: (IArr a, Ix i, Ord e) => a i e -> a i e -> Ordering
icompare a1 a2 = compare (iassocs a1) (iassocs a2)

ishowsPrec :: (IArr a, Ix i, Show i, Show e) => Int -> a i e -> ShowS
ishowsPrec p a =
  showParen (p > 10) (showString "array " . showsPrec 11 (ibounds a) . showChar ' '
                      . showsPrec 11 (iassocs a))

-- ------------------------------------------------------------ mutable arrays

newArray :: (MArr a, MonadArr m, Ix i) => (i, i) -> e -> m (a i e)
newArray (l, u) x = liftArr (do
  let n = safeRangeSize (l, u)
  marr <- primNewArray n x
  let r = mmake (MView l u n marr)
  if mstrict r && n > 0 then x `seq` return r else return r)

-- | Elements undefined (GHC fills unboxed ones with zeros; see Note
-- [Array classes without multi-parameter classes]).
newArray_ :: (MArr a, MonadArr m, Ix i) => (i, i) -> m (a i e)
newArray_ (l, u) = liftArr (do
  let n = safeRangeSize (l, u)
  marr <- primNewArray n marrEleBottom
  return (mmake (MView l u n marr)))

newListArray :: (MArr a, MonadArr m, Ix i) => (i, i) -> [e] -> m (a i e)
newListArray (l, u) es = liftArr (do
  let n = safeRangeSize (l, u)
  marr <- primNewArray n marrEleBottom
  let r = mmake (MView l u n marr)
      go i xs
        | i >= n = return ()
        | otherwise = case xs of
            [] -> return ()
            (x:rest) -> store (mstrict r) marr i x >> go (i + 1) rest
  go 0 es
  return r)

readArray :: (MArr a, MonadArr m, Ix i) => a i e -> i -> m e
readArray marr i = case mview marr of
  MView l u n a -> liftArr (primReadArray a (safeIndex (l, u) n i))

writeArray :: (MArr a, MonadArr m, Ix i) => a i e -> i -> e -> m ()
writeArray marr i x = case mview marr of
  MView l u n a -> liftArr (store (mstrict marr) a (safeIndex (l, u) n i) x)

getBounds :: (MArr a, MonadArr m) => a i e -> m (i, i)
getBounds marr = case mview marr of MView l u _ _ -> return (l, u)

getNumElements :: (MArr a, MonadArr m) => a i e -> m Int
getNumElements marr = case mview marr of MView _ _ n _ -> return n

getElems :: (MArr a, MonadArr m) => a i e -> m [e]
getElems marr = case mview marr of
  MView _ _ n a -> liftArr (mapM (primReadArray a) [0 .. n - 1])

getAssocs :: (MArr a, MonadArr m, Ix i) => a i e -> m [(i, e)]
getAssocs marr = case mview marr of
  MView l u _ _ -> getElems marr >>= \es -> return (zip (range (l, u)) es)

-- | An immutable copy.
freeze :: (MArr a, IArr b, MonadArr m) => a i e -> m (b i e)
freeze marr = case mview marr of
  MView l u n a -> liftArr (do
    frozen <- primFreezeArray a 0 n
    let r = imake (IView l u n frozen)
    if istrict r && not (mstrict marr)
      then forIO_ 0 n (\i -> primIndexArray frozen i >>= \x -> x `seq` return ())
      else return ()
    return r)

-- | A mutable copy.
thaw :: (IArr a, MArr b, MonadArr m) => a i e -> m (b i e)
thaw arr = case iview arr of
  IView l u n a -> liftArr (do
    marr <- primThawArray a 0 n
    return (mmake (MView l u n marr)))

-- | The same array, immutable from now on (no copy).
unsafeFreeze :: (MArr a, IArr b, MonadArr m) => a i e -> m (b i e)
unsafeFreeze marr = case mview marr of
  MView l u n a -> liftArr (do
    frozen <- primUnsafeFreezeArray a
    return (imake (IView l u n frozen)))

-- | The same array, mutable again (no copy).
unsafeThaw :: (IArr a, MArr b, MonadArr m) => a i e -> m (b i e)
unsafeThaw arr = case iview arr of
  IView l u n a -> liftArr (do
    marr <- primUnsafeThawArray a
    return (mmake (MView l u n marr)))

runSTArray :: ST s (STArray s i e) -> Array i e
runSTArray st = runST (st >>= unsafeFreeze)

runSTUArray :: ST s (STUArray s i e) -> UArray i e
runSTUArray st = runST (st >>= unsafeFreeze)
