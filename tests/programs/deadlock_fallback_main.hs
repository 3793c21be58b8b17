-- Every thread blocks on something still reachable (MVars held by stable pointers), so the collector
-- resurrects nothing: GHC's non-threaded RTS then throws NonTermination to the main thread only,
-- whether it waits on an MVar (masked or not) or in throwTo; the other blocked threads keep waiting.
-- (GHC waits for a ^C instead while its signal handlers are installed: hence the RTS option.)
-- rts: --install-signal-handlers=no
-- tags: concurrency deadlock mvar throwto
module Main where

import Control.Concurrent
import Control.Exception
import Foreign.StablePtr

describe :: SomeException -> String
describe e = show e

report :: String -> Either SomeException String -> String
report who = either (\e -> who ++ ": " ++ describe e) (\v -> who ++ " got " ++ v)

main :: IO ()
main = do
  childBox <- newEmptyMVar :: IO (MVar Int)
  mainBox <- newEmptyMVar :: IO (MVar ())
  done <- newEmptyMVar :: IO (MVar String)
  _ <- newStablePtr childBox
  _ <- newStablePtr mainBox
  -- 1. Main and a child each wait on an MVar nobody will fill.
  _ <- forkIO $ do
    r <- try (fmap show (takeMVar childBox))
    putMVar done (report "child" r)
  r1 <- try (fmap show (takeMVar mainBox))
  putStrLn (report "main" r1)
  putMVar childBox 42
  takeMVar done >>= putStrLn
  -- 2. Main waits alone, masked: the exception comes all the same.
  r2 <- try (fmap show (uninterruptibleMask_ (takeMVar mainBox)))
  putStrLn (report "masked main" r2)
  -- 3. Main waits in throwTo to a thread that cannot take the exception
  -- (it is blocked inside uninterruptibleMask_); that thread keeps waiting
  -- and never sees the exception main gave up throwing.
  gate <- newEmptyMVar :: IO (MVar ())
  ready <- newEmptyMVar :: IO (MVar ())
  _ <- newStablePtr gate
  tid <- forkIO $ do
    r <- try (uninterruptibleMask_ (putMVar ready () >> takeMVar gate >> return "the gate"))
    putMVar done (report "target" r)
  takeMVar ready
  r3 <- try (fmap show (throwTo tid ThreadKilled))
  putStrLn (report "throwTo" r3)
  putMVar gate ()
  takeMVar done >>= putStrLn
  putStrLn "main done"
