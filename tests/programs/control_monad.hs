-- Control.Monad combinators over IO, Maybe and lists.
-- tags: library monads
module Main where

import Control.Monad
import Data.IORef

main :: IO ()
main = do
  forM_ [1, 2, 3 :: Int] print
  xs <- forM [1, 2, 3 :: Int] (\x -> return (x * 10))
  print xs
  when (length xs == 3) (putStrLn "three")
  unless (null xs) (putStrLn "not empty")
  when False (putStrLn "never")
  replicateM_ 2 (putStrLn "again")
  r <- foldM (\acc x -> do { putStrLn ("acc " ++ show acc); return (acc + x) }) 0 [1, 2, 3 :: Int]
  print r
  ys <- mapM (return . (* 2)) [1 .. 5 :: Int]
  print ys
  mapM_ (putStr . show) [1, 2, 3 :: Int] >> putStrLn ""
  zipWithM_ (\i s -> putStrLn (show i ++ ": " ++ s)) [1 :: Int ..] ["a", "b", "c"]
  zs <- zipWithM (\a b -> return (a + b)) [1, 2] [10, 20 :: Int]
  print zs
  print (filterM (const [True, False]) [1, 2, 3 :: Int])
  print (replicateM 2 "ab", sequence [[1, 2], [3 :: Int]], join [[1], [2, 3 :: Int]])
  print (liftM2 (+) (Just 1) (Just (2 :: Int)), ap [(+ 1), (* 2)] [10, 20 :: Int], join (Just (Just 'j')))
  print (foldM (\acc x -> if x > 0 then Just (acc + x) else Nothing) 0 [1, 2, 3 :: Int])
  print (foldM (\acc x -> if x > 0 then Just (acc + x) else Nothing) 0 [1, -2, 3 :: Int])
  print (msum [Nothing, Just 1, Just (2 :: Int)], mplus [1] [2 :: Int], (mzero :: Maybe Int), guard True :: [()])
  counter <- newIORef (0 :: Int)
  let loop = do
        n <- readIORef counter
        unless (n >= 5) $ do
          writeIORef counter (n + 1)
          loop
  loop
  readIORef counter >>= print
  res <- sequence [return 1, return 2, return (3 :: Int)]
  sequence_ [print res, print (sum res)]
  void (return (42 :: Int))
  print =<< fmap length (mapM return "hello")
  print (liftM (+ 1) [1, 2, 3 :: Int], forever Nothing :: Maybe ())
