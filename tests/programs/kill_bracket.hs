-- killThread while a thread is inside bracket: the release action runs, the exception is ThreadKilled.
-- tags: concurrency exceptions async
module Main where

import Control.Concurrent
import Control.Exception

main :: IO ()
main = do
  acquired <- newEmptyMVar
  released <- newEmptyMVar
  outcome <- newEmptyMVar
  t <- forkIO $ do
    r <- try' $ bracket
      (putMVar acquired () >> return "resource")
      (\res -> putMVar released ("released " ++ res))
      (\_ -> threadDelay 10000000 >> return "finished")
    putMVar outcome r
  takeMVar acquired
  killThread t
  takeMVar released >>= putStrLn
  takeMVar outcome >>= putStrLn
  -- finally also runs when the thread is killed while blocked on an MVar.
  blocker <- newEmptyMVar :: IO (MVar ())
  started <- newEmptyMVar
  cleaned <- newEmptyMVar
  t2 <- forkIO ((putMVar started () >> takeMVar blocker) `finally` putMVar cleaned "cleanup after kill")
  takeMVar started
  killThread t2
  takeMVar cleaned >>= putStrLn
  where
    try' act = (act >>= return . ("returned " ++)) `catch` (\e -> return ("killed: " ++ show (e :: AsyncException)))
