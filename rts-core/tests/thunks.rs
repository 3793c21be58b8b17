//! Thunk entry and update under lazy blackholing (Note [Lazy blackholing]
//! in rts-core/src/interp/machine.rs): a thunk under evaluation is
//! blackholed when its thread stops running, so no other thread evaluates
//! it a second time; a thunk that demands itself is still `<<loop>>`; an
//! interrupted evaluation leaves the thunk re-evaluable whether or not it
//! had been blackholed. Run with the sanity checker on and a small nursery.
// These tests run bytecode (not loadable with interp-none).
#![cfg(not(feature = "interp-none"))]

mod common;

use common::{run_checked, run_checked_chaos};

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
/// inside the thunk (blackholed), the thunk is frozen into an AP_STACK and
/// the next demand resumes the evaluation where it stopped (its side
/// effect is not repeated: 1, as GHC), and a thunk interrupted before it
/// was ever blackholed (throwTo to itself inside it) stays intact.
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
    assert_eq!(run_checked(src, None), "thread killed\n(7,11)\n");
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
/// next demand resumes the whole chain and gets the same value.
/// The counter shows each side effect ran once: the interrupted work is
/// resumed from the AP_STACKs the thunks were updated with, as GHC does
/// (rts-core/src/interp/machine/freeze.rs); restoring the thunks instead
/// would count 222.
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
    assert_eq!(run_checked(src, None), "(11,10,111)\n");
}

/// Runs `src` plainly, under the chaos collector (every allocation point
/// and every 3rd) and under `--chaos-switch` with a few seeds, and checks
/// every run prints `expected`.
fn check_everywhere(src: &str, expected: &str) {
    assert_eq!(run_checked(src, None), expected, "plain run");
    for every in [1, 3] {
        assert_eq!(
            run_checked_chaos(src, None, Some(every)),
            expected,
            "--chaos-gc={every}"
        );
    }
    for seed in [1, 7, 42] {
        assert_eq!(
            run_checked(src, Some((seed, 3))),
            expected,
            "--chaos-switch={seed}"
        );
        assert_eq!(
            run_checked_chaos(src, Some((seed, 5)), Some(2)),
            expected,
            "--chaos-gc=2 --chaos-switch={seed}"
        );
    }
}

/// A thunk interrupted while blocked inside it (frozen into an AP_STACK)
/// is resumed by the same thread after it caught the exception — which
/// blocks again inside the resumed work and is killed a second time (the
/// resumed frames are frozen again) — and then by another thread: the work
/// before the block runs once (1) and the rest once (100). The second kill
/// waits until the thread is blocked again inside the resumed work: sent
/// earlier (a preemption between `putMVar done` and the second `try`, which
/// the chaos collector's slowness makes likely) it would kill the thread
/// outside any handler, under GHC too.
#[test]
fn frozen_thunk_resumed_by_catching_thread_and_by_another() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import GHC.Conc (threadStatus, ThreadStatus(..))
import System.IO.Unsafe

waitBlocked :: ThreadId -> IO ()
waitBlocked t = do
  s <- threadStatus t
  case s of
    ThreadBlocked _ -> return ()
    _ -> yield >> waitBlocked t

main :: IO ()
main = do
  counter <- newIORef (0 :: Int)
  entered <- newEmptyMVar
  gate <- newEmptyMVar
  done <- newEmptyMVar
  let shared = unsafePerformIO $ do
        modifyIORef counter (+ 1)
        _ <- tryPutMVar entered ()
        readMVar gate
        modifyIORef counter (+ 100)
        return (sum [1 .. 100 :: Int])
  t <- forkIO $ do
    r <- try (evaluate shared)
    putMVar done (either (\e -> show (e :: AsyncException)) show r)
    r2 <- try (evaluate shared)
    putMVar done (either (\e -> show (e :: AsyncException)) show r2)
  takeMVar entered
  killThread t
  takeMVar done >>= putStrLn
  waitBlocked t
  killThread t
  takeMVar done >>= putStrLn
  n0 <- readIORef counter
  putMVar gate ()
  a <- evaluate shared
  b <- evaluate shared
  n <- readIORef counter
  print (a, b, n0, n)
"#;
    check_everywhere(src, "thread killed\nthread killed\n(5050,5050,1,101)\n");
}

/// The interrupted evaluation ran inside `mask_` (a RestoreMask frame in
/// the frozen segment) and was demanded under `catch` (the handler's catch
/// frame below the update frame): the handler runs masked as usual and
/// the thread is unmasked after it, the resumed evaluation finishes its
/// `mask_` in the demanding thread, which is unmasked afterwards, and the
/// work is not repeated.
#[test]
fn frozen_thunk_inside_mask_and_catch() {
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
  done <- newEmptyMVar
  let shared = unsafePerformIO $ mask_ $ do
        modifyIORef counter (+ 1)
        _ <- tryPutMVar entered ()
        readMVar gate
        modifyIORef counter (+ 100)
        return (7 :: Int)
  t <- forkIO $ do
    r <- evaluate shared `catch` \e -> do
      st <- getMaskingState
      putStrLn ("caught " ++ show (e :: AsyncException) ++ " " ++ show st)
      return 0
    st <- getMaskingState
    putMVar done (show (r, st))
  takeMVar entered
  killThread t
  takeMVar done >>= putStrLn
  putMVar gate ()
  a <- evaluate shared
  st <- getMaskingState
  n <- readIORef counter
  print (a, st, n)
"#;
    check_everywhere(
        src,
        "caught thread killed MaskedInterruptible\n(0,Unmasked)\n(7,Unmasked,101)\n",
    );
}

/// Nested thunks (three update frames: `outer`, the `inner + 1` it
/// returns, `inner`) interrupted together; the innermost is demanded
/// first by another thread, then the outer one: each side effect once.
#[test]
fn nested_frozen_thunks_resume_in_any_order() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import System.IO.Unsafe

bump :: IORef Int -> Int -> Int -> Int
bump r k v = unsafePerformIO (modifyIORef r (+ k) >> return v)
{-# NOINLINE bump #-}

main :: IO ()
main = do
  counter <- newIORef (0 :: Int)
  entered <- newEmptyMVar
  gate <- newEmptyMVar
  let inner = unsafePerformIO $ do
        modifyIORef counter (+ 1)
        _ <- tryPutMVar entered ()
        readMVar gate
        return (10 :: Int)
      outer = bump counter 100 (inner + 1)
  t <- forkIO (evaluate outer >>= print)
  takeMVar entered
  killThread t
  n0 <- readIORef counter
  putMVar gate ()
  w <- evaluate inner
  v <- evaluate outer
  n <- readIORef counter
  print (v, w, n0, n)
"#;
    check_everywhere(src, "(11,10,101,101)\n");
}

/// A thread killed while computing a long pure loop inside a thunk (so it
/// is preempted at a call, an evaluation or a heap check, whichever the
/// timer hits) leaves the loop frozen; the next demand finishes it without
/// running the thunk's side effect again. (Should the thread finish before
/// the kill on a fast machine, the output is the same; the test is then
/// weaker, never flaky.)
#[test]
fn preempted_pure_work_is_resumed() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import System.IO.Unsafe

bump :: IORef Int -> MVar () -> Int -> Int
bump r started v = unsafePerformIO $ do
  modifyIORef r (+ 1)
  _ <- tryPutMVar started ()
  return v
{-# NOINLINE bump #-}

go :: Int -> Int -> Int
go acc 0 = acc
go acc n = go (acc + n `mod` 7) (n - 1)

main :: IO ()
main = do
  counter <- newIORef (0 :: Int)
  started <- newEmptyMVar
  let heavy = bump counter started (go 0 300000)
  t <- forkIO (evaluate heavy >> return ())
  takeMVar started
  threadDelay 200
  killThread t
  v <- evaluate heavy
  n <- readIORef counter
  print (v, n)
"#;
    let expected = format!("({},1)\n", (1..=300000i64).map(|n| n % 7).sum::<i64>());
    assert_eq!(run_checked(src, None), expected, "plain run");
    assert_eq!(run_checked(src, Some((7, 3))), expected, "--chaos-switch=7");
}
