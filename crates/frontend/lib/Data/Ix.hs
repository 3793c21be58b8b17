{-# LANGUAGE NoImplicitPrelude #-}
-- | The class of array index types (GHC's Data.Ix / GHC.Ix), with GHC's
-- out-of-range messages.
module Data.Ix
  ( Ix(range, index, inRange, rangeSize), unsafeIndex, unsafeRangeSize, indexError
  ) where

import Prelude

-- | Types that map a contiguous subrange onto integers 0..n-1.
-- `unsafeIndex`/`unsafeRangeSize` are class methods in GHC; here they are
-- methods with the same meaning, exported as plain names.
class Ord a => Ix a where
  range :: (a, a) -> [a]
  index :: (a, a) -> a -> Int
  ixUnsafeIndex :: (a, a) -> a -> Int
  inRange :: (a, a) -> a -> Bool
  rangeSize :: (a, a) -> Int
  ixUnsafeRangeSize :: (a, a) -> Int

  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = hopelessIndexError
  ixUnsafeIndex b i = index b i
  rangeSize b@(_, h)
    | inRange b h = ixUnsafeIndex b h + 1
    | otherwise = 0
  ixUnsafeRangeSize b@(_, h) = ixUnsafeIndex b h + 1

unsafeIndex :: Ix a => (a, a) -> a -> Int
unsafeIndex = ixUnsafeIndex

unsafeRangeSize :: Ix a => (a, a) -> Int
unsafeRangeSize = ixUnsafeRangeSize

-- | GHC's message: @Ix{Int}.index: Index (7) out of range ((0,4))@.
indexError :: Show a => (a, a) -> a -> String -> b
indexError rng i tp =
  errorWithoutStackTrace
    (showString "Ix{" . showString tp . showString "}.index: Index "
      . showParen True (showsPrec 0 i) . showString " out of range "
      $ showParen True (showsPrec 0 rng) "")

hopelessIndexError :: Int
hopelessIndexError = errorWithoutStackTrace "Error in array index"

instance Ix Int where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = i - m
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Int"
  inRange (m, n) i = m <= i && i <= n

instance Ix Word where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = fromIntegral (i - m)
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Word"
  inRange (m, n) i = m <= i && i <= n

instance Ix Integer where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = fromInteger (i - m)
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Integer"
  inRange (m, n) i = m <= i && i <= n

instance Ix Char where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = fromEnum i - fromEnum m
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Char"
  inRange (m, n) i = m <= i && i <= n

instance Ix Bool where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = fromEnum i - fromEnum m
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Bool"
  inRange (m, n) i = m <= i && i <= n

instance Ix Ordering where
  range (m, n) = [m .. n]
  ixUnsafeIndex (m, _) i = fromEnum i - fromEnum m
  index b i
    | inRange b i = ixUnsafeIndex b i
    | otherwise = indexError b i "Ordering"
  inRange (m, n) i = m <= i && i <= n

instance Ix () where
  range ((), ()) = [()]
  ixUnsafeIndex ((), ()) () = 0
  inRange ((), ()) () = True
  index b i = ixUnsafeIndex b i

instance (Ix a, Ix b) => Ix (a, b) where
  range ((l1, l2), (u1, u2)) = [(i1, i2) | i1 <- range (l1, u1), i2 <- range (l2, u2)]
  ixUnsafeIndex ((l1, l2), (u1, u2)) (i1, i2) =
    ixUnsafeIndex (l1, u1) i1 * ixUnsafeRangeSize (l2, u2) + ixUnsafeIndex (l2, u2) i2
  inRange ((l1, l2), (u1, u2)) (i1, i2) = inRange (l1, u1) i1 && inRange (l2, u2) i2

instance (Ix a, Ix b, Ix c) => Ix (a, b, c) where
  range ((l1, l2, l3), (u1, u2, u3)) =
    [(i1, i2, i3) | i1 <- range (l1, u1), i2 <- range (l2, u2), i3 <- range (l3, u3)]
  ixUnsafeIndex ((l1, l2, l3), (u1, u2, u3)) (i1, i2, i3) =
    ixUnsafeIndex (l3, u3) i3 + ixUnsafeRangeSize (l3, u3)
      * (ixUnsafeIndex (l2, u2) i2 + ixUnsafeRangeSize (l2, u2) * ixUnsafeIndex (l1, u1) i1)
  inRange ((l1, l2, l3), (u1, u2, u3)) (i1, i2, i3) =
    inRange (l1, u1) i1 && inRange (l2, u2) i2 && inRange (l3, u3) i3
