-- Producer/consumer over a Chan: two producers, one consumer, end markers.
-- args: 5000
-- tags: concurrency chan
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Monad
import System.Environment

data Msg = Item Int | Stop

producer :: Chan Msg -> Int -> Int -> IO ()
producer ch from to = do
  forM_ [from .. to] (writeChan ch . Item)
  writeChan ch Stop

consumer :: Chan Msg -> Int -> Int -> Int -> IO (Int, Int)
consumer _ 0 count acc = return (count, acc)
consumer ch stops count acc = do
  m <- readChan ch
  case m of
    Stop -> consumer ch (stops - 1) count acc
    Item x -> let acc' = acc + x in acc' `seq` consumer ch stops (count + 1) acc'

main :: IO ()
main = do
  [a] <- getArgs
  let n = read a
  ch <- newChan
  _ <- forkIO (producer ch 1 n)
  _ <- forkIO (producer ch (n + 1) (2 * n))
  (count, total) <- consumer ch 2 0 0
  print (count, total)
  -- getChanContents gives a lazy stream; dupChan sees later writes.
  c2 <- newChan
  d2 <- dupChan c2
  writeList2Chan c2 [1 .. 10 :: Int]
  xs <- getChanContents c2
  print (take 10 xs)
  ys <- replicateM 3 (readChan d2)
  print ys
