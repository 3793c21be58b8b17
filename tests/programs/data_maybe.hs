-- Data.Maybe and Either helpers from the Prelude.
-- tags: library
module Main where

import Data.Maybe

safeDiv :: Int -> Int -> Maybe Int
safeDiv _ 0 = Nothing
safeDiv a b = Just (a `div` b)

parseDigit :: Char -> Either String Int
parseDigit c
  | c >= '0' && c <= '9' = Right (fromEnum c - fromEnum '0')
  | otherwise = Left ("not a digit: " ++ [c])

main :: IO ()
main = do
  print (map (safeDiv 10) [0, 3, -4])
  print (mapMaybe (safeDiv 100) [0, 1, 0, 7], catMaybes [Just 1, Nothing, Just (3 :: Int)])
  print (fromMaybe 0 (safeDiv 1 0), fromMaybe 0 (safeDiv 9 2), maybe "none" show (Just (5 :: Int)))
  print (isJust (Just ()), isNothing (Just ()), fromJust (Just 'q'), listToMaybe [1, 2 :: Int], listToMaybe ([] :: [Int]))
  print (maybeToList (Just 'x'), maybeToList (Nothing :: Maybe Char))
  print (map parseDigit "4x2")
  print (either length (* 2) (parseDigit 'z'), either length (* 2) (parseDigit '8'))
  print (sequence (map parseDigit "123"), sequence (map parseDigit "1a3"))
  print (mapM (safeDiv 12) [1, 2, 3], mapM (safeDiv 12) [1, 0, 3])
  print (fmap (+ 1) (Just 2 :: Maybe Int), (+ 1) <$> (Nothing :: Maybe Int), fmap length (Right "abc" :: Either Int String))
  print (Just 3 >>= safeDiv 12 >>= safeDiv 100, lookup 3 [(1, "a")] >>= listToMaybe)
