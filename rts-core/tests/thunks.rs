//! Thunk entry and update under lazy blackholing (Note [Lazy blackholing]
//! in rts-core/src/interp/machine.rs): a thunk under evaluation is
//! blackholed when its thread stops running, so no other thread evaluates
//! it a second time; a thunk that demands itself is still `<<loop>>`; an
//! interrupted evaluation leaves the thunk re-evaluable whether or not it
//! had been blackholed. Run with the sanity checker on and a small nursery.
// These tests run bytecode (not loadable with interp-none).
#![cfg(not(feature = "interp-none"))]

mod common;

use common::run_checked;

/// A thread that yields in the middle of evaluating a shared thunk has
/// blackholed it by the time others run: the second thread waits for the
/// value instead of evaluating the thunk again, so its side effect (a
/// counter bumped through unsafePerformIO) happens exactly once.
#[test]
fn thunk_paused_mid_evaluation_is_evaluated_once() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import System.IO.Unsafe

main :: IO ()
main = do
  counter <- newIORef (0 :: Int)
  entered <- newEmptyMVar
  let shared = unsafePerformIO $ do
        modifyIORef counter (+ 1)
        putMVar entered ()
        yield
        threadDelay 2000
        return $! sum [1 .. 1000 :: Int]
  done <- newEmptyMVar
  _ <- forkIO (evaluate shared >>= putMVar done)
  takeMVar entered
  v <- evaluate shared
  w <- takeMVar done
  n <- readIORef counter
  print (v, w, n)
"#;
    assert_eq!(run_checked(src, None), "(500500,500500,1)\n");
}

/// The same with the evaluating thread interrupted: killed while paused
/// inside the thunk (so the thunk was blackholed and must be rebuilt), the
/// thunk is evaluated again by the next demand, and a thunk interrupted
/// before it was ever blackholed (throwTo to itself inside it) is intact.
#[test]
fn interrupted_thunks_stay_reevaluable() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import System.IO.Unsafe

main :: IO ()
main = do
  counter <- newIORef (0 :: Int)
  entered <- newEmptyMVar
  gate <- newEmptyMVar
  let shared = unsafePerformIO $ do
        modifyIORef counter (+ 1)
        _ <- tryPutMVar entered ()
        readMVar gate
        return (7 :: Int)
  t <- forkIO (evaluate shared >>= print)
  takeMVar entered
  killThread t
  putMVar gate ()
  a <- evaluate shared
  me <- myThreadId
  let self = unsafePerformIO (modifyIORef counter (+ 10) >> throwTo me ThreadKilled >> return (1 :: Int))
  r <- try (evaluate self)
  n <- readIORef counter
  putStrLn (either (\e -> show (e :: AsyncException)) show r)
  print (a, n)
"#;
    assert_eq!(run_checked(src, None), "thread killed\n(7,12)\n");
}

/// A thunk that demands itself is found by the stack-growth trigger
/// (no thread switch happens): `<<loop>>`, caught; and the same through an
/// AP-like chain of two thunks demanding each other.
#[test]
fn self_demanding_thunks_are_loops() {
    let src = r#"
module Main where
import Control.Exception

main :: IO ()
main = do
  let x = x + 1 :: Int
  r <- try (evaluate x)
  putStrLn (either (\e -> show (e :: NonTermination)) show r)
  let a = b * 2 :: Int
      b = if a > 0 then a else a - 1
  s <- try (evaluate a)
  putStrLn (either (\e -> show (e :: NonTermination)) show s)
  r2 <- try (evaluate x)
  putStrLn (either (\e -> show (e :: NonTermination)) show r2)
"#;
    assert_eq!(run_checked(src, None), "<<loop>>\n<<loop>>\n<<loop>>\n");
}

/// Deep non-tail recursion through thunks (each level an update frame
/// pushed lazily, blackholed in batches as the stack grows) still computes
/// the right values with collections in the middle.
#[test]
fn deep_thunk_chains_update_correctly() {
    let src = r#"
module Main where

build :: Int -> [Int]
build 0 = []
build n = n : build (n - 1)

main :: IO ()
main = do
  let xs = build 20000
      total = foldr (+) 0 xs
  print total
  print (length (show xs))
"#;
    let expected_len: usize = {
        let inner: Vec<String> = (1..=20000).rev().map(|n: i64| n.to_string()).collect();
        2 + inner.join(",").len()
    };
    assert_eq!(
        run_checked(src, None),
        format!("{}\n{}\n", 20000 * 20001 / 2, expected_len)
    );
}

/// A thread killed while blocked deep inside nested thunks (two heap
/// thunks, the thunks their values are, and a CAF at the bottom, all
/// blackholed when it blocked) leaves every one of them re-evaluable: the
/// next demand evaluates the whole chain again and gets the same value.
/// The counter shows each side effect ran twice: the interrupted work is
/// redone, not resumed (GHC would resume it from an AP_STACK and count
/// 111; docs/design/interpreter.md, "Resuming interrupted evaluations").
#[test]
fn killed_thread_leaves_nested_thunks_and_caf_reevaluable() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import System.IO.Unsafe

{-# NOINLINE gate #-}
gate :: MVar ()
gate = unsafePerformIO newEmptyMVar

{-# NOINLINE entered #-}
entered :: MVar ()
entered = unsafePerformIO newEmptyMVar

{-# NOINLINE counter #-}
counter :: IORef Int
counter = unsafePerformIO (newIORef 0)

{-# NOINLINE cafValue #-}
cafValue :: Int
cafValue = unsafePerformIO $ do
  modifyIORef counter (+ 100)
  _ <- tryPutMVar entered ()
  readMVar gate
  return 5

bump :: Int -> Int -> Int
bump k v = unsafePerformIO (modifyIORef counter (+ k) >> return v)
{-# NOINLINE bump #-}

main :: IO ()
main = do
  base <- readIORef counter
  let inner = bump 1 (cafValue * 2)
      outer = bump 10 (inner + 1)
  t <- forkIO (evaluate outer >>= print)
  takeMVar entered
  killThread t
  putMVar gate ()
  v <- evaluate outer
  w <- evaluate inner
  n <- readIORef counter
  print (v, w, n - base)
"#;
    assert_eq!(run_checked(src, None), "(11,10,222)\n");
}
