//! GHC's order for what a collection decides about weak pointers, blocked
//! threads and the heap limit, end to end under the interpreter: the
//! corpus programs `weak_threads` and `heap_overflow_forked{,_uncaught}`
//! (expected output recorded from GHC 9.0.2), and two programs whose output
//! depends on the order threads run, so they are checked here without
//! `--chaos-switch` rather than in the corpus (expected output recorded from
//! GHC 9.0.2 too, `ghc -O0 -XHaskell2010`, shown next to each).
#![cfg(not(feature = "interp-none"))]

mod common;

use std::path::PathBuf;

use common::{Outcome, image, run_image};
use rts_core::GcConfig;
use rts_core::interp::InterpConfig;

/// Runs `src` as program `name` with the sanity checker on (a 256 KiB
/// nursery, `-M` = `max_heap`); the run must end normally or by `exit`.
fn run(name: &str, src: &str, max_heap: Option<usize>) -> Outcome {
    let gc = GcConfig {
        nursery_bytes: 256 * 1024,
        max_heap_bytes: max_heap,
        sanity_checks: true,
        ..GcConfig::default()
    };
    let config = InterpConfig {
        prog_name: name.to_owned(),
        max_steps: Some(2_000_000_000),
        install_interrupts: false,
        ..InterpConfig::default()
    };
    run_image(&image(src), gc, config)
}

/// Runs corpus program `name` and compares it with GHC's recorded files.
fn check_corpus(name: &str, max_heap: Option<usize>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/programs");
    let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok();
    let fix = |s: String| s.replace("<prog>", name);
    let src = read("hs").expect("source");
    let out = run(name, &src, max_heap);
    assert_eq!(
        out.stdout,
        read("stdout").unwrap_or_default(),
        "{name}: stdout (stderr {:?})",
        out.stderr
    );
    assert_eq!(
        out.stderr,
        read("stderr").map(fix).unwrap_or_default(),
        "{name}: stderr"
    );
    let exit = read("exit")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    assert_eq!(out.status, exit, "{name}: exit status");
}

/// A blocked thread reachable only from a live weak's value is kept; a key
/// reachable only from a resurrected thread keeps its weak; a thread
/// reachable only from a dead weak's finalizer is resurrected.
#[test]
fn weak_pointers_and_blocked_threads_in_ghcs_phase_order() {
    check_corpus("weak_threads", None);
}

/// A forked thread exhausts `-M`; main, blocked in takeMVar, gets
/// HeapOverflow and catches it (exit 3; the child never reports it).
#[test]
fn heap_overflow_goes_to_the_main_thread() {
    check_corpus("heap_overflow_forked", Some(8 << 20));
}

/// The same uncaught in main: GHC's "Heap exhausted" report and 251.
#[test]
fn heap_overflow_uncaught_in_main_reports_as_ghc() {
    check_corpus("heap_overflow_forked_uncaught", Some(8 << 20));
}

/// The finalizers of one collection run newest weak first; weaks that
/// survived a collection come back in the order it left them (reversed):
/// GHC's weak lists (Note [Weak list order] in gc/weak.rs). GHC 9.0.2
/// prints `[6,5,4,3,2,1]`, `6`, `[11,12,13,14,15,16]`.
#[test]
fn finalizers_run_in_ghcs_order() {
    let src = r#"
module Main where

import Control.Concurrent
import Control.Monad
import Data.IORef
import System.Mem
import System.Mem.Weak

-- Each finalizer logs its key; the one that completes the batch (whichever
-- runs last) wakes main.
batch :: IORef [Int] -> MVar () -> [Int] -> IO (IORef [IORef Int])
batch logRef done ids = do
  keys <- newIORef []
  let finalizer i = do
        modifyIORef logRef (i :)
        n <- fmap length (readIORef logRef)
        when (n == length ids) (putMVar done ())
  forM_ ids $ \i -> do
    key <- newIORef i
    modifyIORef keys (key :)
    _ <- mkWeak key () (Just (finalizer i))
    return ()
  return keys

main :: IO ()
main = do
  logRef <- newIORef []
  done <- newEmptyMVar
  keys1 <- batch logRef done [1 .. 6]
  writeIORef keys1 []
  performGC
  takeMVar done
  readIORef logRef >>= print . reverse
  writeIORef logRef []
  keys2 <- batch logRef done [11 .. 16]
  performGC
  readIORef keys2 >>= print . length
  writeIORef keys2 []
  performGC
  takeMVar done
  readIORef logRef >>= print . reverse
"#;
    let out = run("finalizer_order", src, None);
    assert_eq!(
        out.stdout, "[6,5,4,3,2,1]\n6\n[11,12,13,14,15,16]\n",
        "{}",
        out.stderr
    );
    assert_eq!(out.status, 0);
}

/// The finalizers of a collection are queued to run before the threads it
/// resurrected (GHC: `scheduleFinalizers` at the end of the collection,
/// `resurrectThreads` after it). GHC 9.0.2 prints `finalizer ran`, then
/// the child's BlockedIndefinitelyOnMVar, then `end`.
#[test]
fn finalizers_run_before_resurrected_threads() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import Data.IORef
import GHC.Conc (threadStatus, ThreadStatus(..))
import System.Mem
import System.Mem.Weak

childHandler :: BlockedIndefinitelyOnMVar -> IO ()
childHandler e = putStrLn ("child: " ++ show e)

waitBlocked :: ThreadId -> IO ()
waitBlocked t = do
  s <- threadStatus t
  case s of
    ThreadBlocked _ -> return ()
    _ -> yield >> waitBlocked t

main :: IO ()
main = do
  done <- newEmptyMVar
  do
    key <- newIORef "key"
    mv <- newEmptyMVar :: IO (MVar ())
    t <- forkIO (takeMVar mv `catch` childHandler)
    waitBlocked t
    _ <- mkWeak key () (Just (putMVar mv () >> putStrLn "finalizer ran" >> putMVar done ()))
    return ()
  performGC
  takeMVar done
  threadDelay 100000
  putStrLn "end"
"#;
    let out = run("weak_finalizer_thread", src, None);
    assert_eq!(
        out.stdout, "finalizer ran\nchild: thread blocked indefinitely in an MVar operation\nend\n",
        "{}",
        out.stderr
    );
    assert_eq!(out.status, 0);
}
