-- Dining philosophers: five threads, forks as MVars, the last philosopher picks up forks
-- in the other order so there is no deadlock. Each eats a fixed number of meals.
-- args: 200
-- tags: concurrency mvar
module Main where

import Control.Concurrent
import Control.Monad
import System.Environment

philosopher :: MVar [(Int, Int)] -> MVar () -> Int -> MVar () -> MVar () -> Int -> IO ()
philosopher table done meals first second me = do
  forM_ [1 .. meals] $ \m -> do
    takeMVar first
    takeMVar second
    modifyMVar_ table (return . ((me, m) :))
    putMVar second ()
    putMVar first ()
    when (m `mod` 7 == 0) yield
  putMVar done ()

main :: IO ()
main = do
  [a] <- getArgs
  let meals = read a
      n = 5
  forks <- replicateM n (newMVar ())
  table <- newMVar []
  done <- newEmptyMVar
  forM_ [0 .. n - 1] $ \i -> do
    let left = forks !! i
        right = forks !! ((i + 1) `mod` n)
        (f1, f2) = if i == n - 1 then (right, left) else (left, right)
    forkIO (philosopher table done meals f1 f2 i)
  replicateM_ n (takeMVar done)
  eaten <- readMVar table
  print (length eaten)
  print [length (filter ((== i) . fst) eaten) | i <- [0 .. n - 1]]
  -- Each philosopher's meals were eaten in order.
  print (and [map snd (filter ((== i) . fst) (reverse eaten)) == [1 .. meals] | i <- [0 .. n - 1]])
