//! The MVar fast paths and the switch (Note [Cheap switches] and Note
//! [Cheap safe points] in rts-core `interp/machine/scheduler.rs`), from
//! Haskell: a blocked queue is served first in, first out; a put to an
//! empty MVar with a blocked taker hands the value straight to it (one
//! wake-up, GHC's semantics); a take from a full MVar with blocked putters
//! lets the first putter's value in; a queue that empties and fills again
//! keeps working (head and tail reset); stable pointers created, read and
//! freed in a loop. Every expected line follows from GHC's documented
//! semantics (FIFO MVars, single wake-up), not from a recorded run.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none).
#![cfg(not(feature = "interp-none"))]

mod common;

use common::run_checked;

/// Takers queue in the order they blocked (main yields until each has
/// blocked before starting the next), and each put wakes exactly the first
/// of them with its value. Twice over the same MVar, so the queue empties
/// and fills again.
const TAKERS: &str = r#"
module Main where

import Control.Concurrent
import Control.Monad
import GHC.Conc (threadStatus)

-- Yields until thread t has blocked (whatever the scheduler's timing).
waitBlocked :: ThreadId -> IO ()
waitBlocked t = do
  s <- threadStatus t
  if take 13 (show s) == "ThreadBlocked" then return () else yield >> waitBlocked t

taker :: MVar Int -> MVar () -> MVar String -> Int -> IO ()
taker box ready out me = do
  putMVar ready ()
  v <- takeMVar box
  putMVar out ("taker " ++ show me ++ " got " ++ show v)

main :: IO ()
main = do
  box <- newEmptyMVar
  ready <- newEmptyMVar
  out <- newEmptyMVar
  forM_ [1, 2] $ \round -> do
    forM_ [1 .. 3] $ \i -> do
      t <- forkIO (taker box ready out (round * 10 + i))
      takeMVar ready
      waitBlocked t
    forM_ [1 .. 3] $ \i -> do
      putMVar box (round * 100 + i)
      takeMVar out >>= putStrLn
"#;

/// Putters blocked on a full MVar get in first come, first served: each
/// take lets the next waiting value in.
const PUTTERS: &str = r#"
module Main where

import Control.Concurrent
import Control.Monad
import GHC.Conc (threadStatus)

-- Yields until thread t has blocked (whatever the scheduler's timing).
waitBlocked :: ThreadId -> IO ()
waitBlocked t = do
  s <- threadStatus t
  if take 13 (show s) == "ThreadBlocked" then return () else yield >> waitBlocked t

main :: IO ()
main = do
  box <- newMVar (0 :: Int)
  ready <- newEmptyMVar
  forM_ [1 .. 4] $ \i -> do
    t <- forkIO (putMVar ready () >> putMVar box i)
    takeMVar ready
    waitBlocked t
  vals <- replicateM 5 (takeMVar box)
  print vals
  e <- isEmptyMVar box
  print e
  putMVar box 99
  takeMVar box >>= print
"#;

/// A readMVar waiter sees the value without taking it; the taker behind it
/// gets the same value.
const READER_THEN_TAKER: &str = r#"
module Main where

import Control.Concurrent
import Control.Monad
import GHC.Conc (threadStatus)

-- Yields until thread t has blocked (whatever the scheduler's timing).
waitBlocked :: ThreadId -> IO ()
waitBlocked t = do
  s <- threadStatus t
  if take 13 (show s) == "ThreadBlocked" then return () else yield >> waitBlocked t

main :: IO ()
main = do
  box <- newEmptyMVar
  ready <- newEmptyMVar
  out <- newEmptyMVar
  r <- forkIO (putMVar ready () >> readMVar box >>= \v -> putMVar out ("read " ++ show v))
  takeMVar ready
  waitBlocked r
  t <- forkIO (putMVar ready () >> takeMVar box >>= \v -> putMVar out ("took " ++ show (v :: Int)))
  takeMVar ready
  waitBlocked t
  putMVar box 7
  a <- takeMVar out
  b <- takeMVar out
  -- the two may report in either order
  putStrLn (min a b)
  putStrLn (max a b)
  isEmptyMVar box >>= print
"#;

/// Stable pointers through the primops: the value comes back, many times.
const STABLE_LOOP: &str = r#"
module Main where

import Foreign.StablePtr

loop :: Int -> Int -> IO Int
loop 0 acc = return acc
loop n acc = do
  sp <- newStablePtr (n * 2)
  v <- deRefStablePtr sp
  freeStablePtr sp
  loop (n - 1) (acc + v)

main :: IO ()
main = loop 2000 0 >>= print
"#;

fn takers_expected() -> String {
    let mut s = String::new();
    for round in [1, 2] {
        for i in 1..=3 {
            s += &format!("taker {} got {}\n", round * 10 + i, round * 100 + i);
        }
    }
    s
}

#[test]
fn blocked_takers_are_served_in_order() {
    assert_eq!(run_checked(TAKERS, None), takers_expected());
}

#[test]
fn blocked_putters_get_in_in_order() {
    assert_eq!(run_checked(PUTTERS, None), "[0,1,2,3,4]\nTrue\n99\n");
}

#[test]
fn reader_sees_the_value_the_taker_then_takes() {
    assert_eq!(
        run_checked(READER_THEN_TAKER, None),
        "read 7\ntook 7\nTrue\n"
    );
}

#[test]
fn stable_pointers_round_trip_in_a_loop() {
    // sum of 2n for n in 1..=2000
    assert_eq!(run_checked(STABLE_LOOP, None), format!("{}\n", 2000 * 2001));
}

/// The queues' order does not depend on where threads are switched: main
/// waits until each new thread has blocked before going on, so random
/// switching must not change the output.
#[test]
fn queue_order_survives_chaos_switching() {
    for seed in [3, 11] {
        assert_eq!(run_checked(TAKERS, Some((seed, 3))), takers_expected());
        assert_eq!(
            run_checked(PUTTERS, Some((seed, 3))),
            "[0,1,2,3,4]\nTrue\n99\n"
        );
    }
}
