-- killThread to a thread that is blocked forever inside uninterruptibleMask_: the thrower waits, the
-- collector finds both unreachable; as in GHC the target gets BlockedIndefinitelyOnMVar (its mask
-- notwithstanding) and the thrower gets nothing, is released when the target ends, and goes on.
-- tags: concurrency deadlock async mask
module Main where

import Control.Concurrent
import Control.Exception

onBlocked :: MVar String -> BlockedIndefinitelyOnMVar -> IO ()
onBlocked out e = putMVar out ("target caught: " ++ show e)

main :: IO ()
main = do
  out <- newMVar "target not reached"
  ready <- newEmptyMVar
  t <- forkIO $ do
    _ <- takeMVar out
    dead <- newEmptyMVar :: IO (MVar ())
    (uninterruptibleMask_ (putMVar ready () >> takeMVar dead)) `catch` onBlocked out
  takeMVar ready
  killThread t
  putStrLn "killThread returned"
  readMVar out >>= putStrLn
  putStrLn "main done"
