//! Green threads end to end: the concurrency corpus programs
//! (tests/programs tagged `concurrency`) under the interpreter, compared
//! with GHC's recorded stdout, stderr and exit status; plus the
//! embedder-driven scheduler (`run_until_blocked`, host MVars) from Rust.
//! Run with the sanity checker on and a small nursery so threads block,
//! wake and get killed across many collections.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/native-tests.
#![cfg(not(feature = "interp-none"))]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Outcome, image, run_checked, run_image};
use rts_core::interp::{BufferSink, InterpConfig, Machine, Progress};
use rts_core::{GcConfig, Storage, loader};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/programs")
}

fn storage(sanity: bool) -> Storage {
    Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        sanity_checks: sanity,
        ..GcConfig::default()
    })
    .expect("storage")
}

/// Runs corpus program `name` and compares it with GHC's files.
fn check_corpus(name: &str) {
    check_corpus_with(name, None);
}

/// As `check_corpus`, switching threads at random safe points
/// (`--chaos-switch=SEED`, odds 1 in N) when `chaos` is set.
fn check_corpus_with(name: &str, chaos: Option<(u64, u32)>) {
    let dir = corpus_dir();
    let src = std::fs::read_to_string(dir.join(format!("{name}.hs"))).expect("source");
    let fix = |s: String| {
        s.lines()
            .map(|l| match l.strip_prefix("<prog>") {
                Some(rest) => format!("{name}{rest}\n"),
                None => format!("{l}\n"),
            })
            .collect::<String>()
    };
    let expected_out =
        fix(std::fs::read_to_string(dir.join(format!("{name}.stdout"))).unwrap_or_default());
    let expected_err = std::fs::read_to_string(dir.join(format!("{name}.stderr")))
        .ok()
        .map(fix);
    let expected_exit: i64 = std::fs::read_to_string(dir.join(format!("{name}.exit")))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let args: Vec<String> = src
        .lines()
        .find_map(|l| l.strip_prefix("-- args:"))
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    // Sanity checks on every collection are slow for the big programs.
    let sanity = !matches!(name, "fork_many" | "thread_ring" | "staggered_delays");
    let gc = GcConfig {
        nursery_bytes: 64 * 1024,
        sanity_checks: sanity,
        ..GcConfig::default()
    };
    let config = InterpConfig {
        prog_name: name.to_owned(),
        args,
        max_steps: Some(2_000_000_000),
        install_interrupts: false,
        chaos_switch: chaos,
        ..InterpConfig::default()
    };
    let started = Instant::now();
    let Outcome {
        stdout,
        stderr,
        status,
    } = run_image(&image(&src), gc, config);
    assert_eq!(stdout, expected_out, "{name}: stdout (stderr {stderr:?})");
    if let Some(err) = expected_err {
        assert_eq!(stderr, err, "{name}: stderr");
    }
    assert_eq!(
        status, expected_exit,
        "{name}: exit status (stderr {stderr:?})"
    );
    eprintln!("{name}: ok in {:?}", started.elapsed());
}

macro_rules! corpus_tests {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_corpus(stringify!($name)); })*
        /// Every program here, for listings.
        #[allow(dead_code)]
        const CORPUS: &[&str] = &[$(stringify!($name)),*];
    };
}

corpus_tests! {
    thread_ring, ping_pong, fork_many, staggered_delays, producer_consumer,
    timeout_long, kill_bracket, masked_throwto, deadlock_mvar, deadlock_uncaught,
    dining_philosophers, fairness, forked_uncaught,
    deadlock_blackhole_owner, deadlock_blackhole_cycle, deadlock_throwto_masked,
    deadlock_fallback_main, deadlock_fallback_blackhole, blackhole_queue,
}

/// Results do not depend on where threads switch: random switching at
/// one safe point in three, several seeds.
#[test]
fn chaos_switching_keeps_results() {
    for seed in [1, 7, 42] {
        for name in [
            "ping_pong",
            "producer_consumer",
            "kill_bracket",
            "masked_throwto",
            "deadlock_blackhole_owner",
            "deadlock_blackhole_cycle",
            "deadlock_throwto_masked",
            "deadlock_fallback_main",
            "deadlock_fallback_blackhole",
            "blackhole_queue",
        ] {
            check_corpus_with(name, Some((seed, 3)));
        }
    }
}

/// `GHC.Conc.threadStatus` names what a blocked thread waits on, as GHC's
/// does (BlockReason). The expected text is GHC 9.0.2's output for this
/// program (`ghc -O0`); it cannot be a corpus program, whose imports
/// exclude GHC.Conc. The delays only give every thread ample time to block.
#[test]
fn thread_status_reports_the_block_reason_as_ghc() {
    let src = r#"
module Main where

import Control.Concurrent
import Control.Concurrent.Chan
import Control.Exception
import GHC.Conc (threadStatus, ThreadStatus(..), BlockReason(..))

main :: IO ()
main = do
  me <- myThreadId
  threadStatus me >>= print
  empty <- newEmptyMVar :: IO (MVar ())
  full <- newMVar ()
  gate <- newEmptyMVar :: IO (MVar ())
  taker <- forkIO (takeMVar empty)
  reader <- forkIO (readMVar empty)
  putter <- forkIO (putMVar full ())
  sleeper <- forkIO (threadDelay 10000000)
  quick <- forkIO (return ())
  ch <- newChan :: IO (Chan Int)
  xs <- getChanContents ch
  let total = sum (take 2 xs)
  owner <- forkIO (evaluate total >> return ())
  threadDelay 50000
  waiter <- forkIO (evaluate total >> return ())
  target <- forkIO (uninterruptibleMask_ (takeMVar gate))
  threadDelay 50000
  thrower <- forkIO (killThread target)
  threadDelay 100000
  let show2 name t = threadStatus t >>= \s -> putStrLn (name ++ ": " ++ show s)
  show2 "taker" taker
  show2 "reader" reader
  show2 "putter" putter
  show2 "sleeper" sleeper
  show2 "quick" quick
  show2 "owner" owner
  show2 "waiter" waiter
  show2 "target" target
  show2 "thrower" thrower
  killThread taker
  threadDelay 50000
  show2 "killed taker" taker
  s1 <- threadStatus quick
  s2 <- threadStatus taker
  print (s1 == s2, s1 == ThreadRunning, ThreadBlocked BlockedOnMVar < ThreadBlocked BlockedOnOther, compare ThreadRunning ThreadDied)
  print [BlockedOnMVar, BlockedOnBlackHole, BlockedOnException, BlockedOnSTM, BlockedOnForeignCall, BlockedOnOther]
"#;
    let ghc_output = "\
ThreadRunning\n\
taker: ThreadBlocked BlockedOnMVar\n\
reader: ThreadBlocked BlockedOnMVar\n\
putter: ThreadBlocked BlockedOnMVar\n\
sleeper: ThreadBlocked BlockedOnOther\n\
quick: ThreadFinished\n\
owner: ThreadBlocked BlockedOnMVar\n\
waiter: ThreadBlocked BlockedOnBlackHole\n\
target: ThreadBlocked BlockedOnMVar\n\
thrower: ThreadBlocked BlockedOnException\n\
killed taker: ThreadFinished\n\
(True,False,True,LT)\n\
[BlockedOnMVar,BlockedOnBlackHole,BlockedOnException,BlockedOnSTM,BlockedOnForeignCall,BlockedOnOther]\n\
";
    assert_eq!(run_checked(src, None), ghc_output);
}

/// A thread killed while evaluating a shared thunk leaves it
/// re-evaluable (Note [Restoring thunks on asynchronous exceptions]): the
/// child blackholes `shared` and blocks inside it; after the kill, main
/// evaluates `shared` itself and gets its value, not ThreadKilled and not
/// a blackhole.
#[test]
fn killed_thunk_evaluation_is_restored() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception
import System.IO.Unsafe

main :: IO ()
main = do
  gate <- newEmptyMVar
  entered <- newEmptyMVar
  let shared = unsafePerformIO (putMVar entered () >> takeMVar gate >> return (42 :: Int))
  t <- forkIO (evaluate shared >>= print)
  takeMVar entered
  killThread t
  putMVar gate ()
  r <- try (evaluate shared)
  case r of
    Left e -> putStrLn ("exception: " ++ show (e :: SomeException))
    Right v -> print v
"#;
    assert_eq!(run_checked(src, None), "42\n");
}

/// A synchronous exception inside a thunk still poisons it: evaluating it
/// again raises the same exception (RAISE_THUNK), in another thread too.
#[test]
fn synchronous_exception_in_thunk_is_remembered() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception

main :: IO ()
main = do
  let bad = if length [1 .. 10 :: Int] > 5 then error "bad thunk" else (1 :: Int)
  r1 <- try (evaluate bad)
  done <- newEmptyMVar
  _ <- forkIO (try (evaluate bad) >>= putMVar done)
  r2 <- takeMVar done
  let s r = either (\e -> "error: " ++ takeWhile (/= '\n') (show (e :: ErrorCall))) show r
  putStrLn (s r1)
  putStrLn (s r2)
"#;
    assert_eq!(
        run_checked(src, None),
        "error: bad thunk\nerror: bad thunk\n"
    );
}

/// Two threads entering the same thunk: the second waits on the first's
/// blackhole (no `<<loop>>`) and sees its value; a thread entering its own
/// blackhole still gets NonTermination.
#[test]
fn blackholes_block_other_threads_and_loop_in_own() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Exception

main :: IO ()
main = do
  let shared = sum [1 .. 200000 :: Int]
  a <- newEmptyMVar
  b <- newEmptyMVar
  _ <- forkIO (evaluate shared >>= putMVar a)
  _ <- forkIO (evaluate shared >>= putMVar b)
  x <- takeMVar a
  y <- takeMVar b
  print (x, y)
  let loop = loop + 1 :: Int
  r <- try (evaluate loop)
  putStrLn (either (\e -> show (e :: NonTermination)) show r)
"#;
    assert_eq!(
        run_checked(src, None),
        "(20000100000,20000100000)\n<<loop>>\n"
    );
}

/// A thread blocked on an MVar keeps live pointers on its stack; they must
/// be right when it wakes, both when a collection moved them while it was
/// blocked (thawing copies the frozen words back) and when none ran
/// (thawing copies nothing: Note [Cheap switches] in scheduler.rs). Forked
/// threads that finish give their stacks to later forks; those must start
/// clean.
#[test]
fn blocked_stacks_survive_collections_and_reuse() {
    let src = r#"
module Main where
import Control.Concurrent
import Control.Monad
import System.Mem

waitAndSum :: [Int] -> MVar Int -> MVar Int -> IO ()
waitAndSum xs box done = do
  n <- takeMVar box
  putMVar done (sum xs + n)

main :: IO ()
main = do
  box <- newEmptyMVar
  done <- newEmptyMVar
  forM_ [1 .. 3 :: Int] $ \round -> do
    let xs = [round .. 1000]
    _ <- forkIO (waitAndSum xs box done)
    yield
    when (round /= 2) performGC
    putMVar box round
    takeMVar done >>= print
  rs <- forM [1 .. 50 :: Int] $ \i -> do
    v <- newEmptyMVar
    _ <- forkIO (putMVar v (length (show [1 .. i])))
    return v
  mapM takeMVar rs >>= print . sum
"#;
    let expected_sums: Vec<String> = (1..=3i64)
        .map(|r| ((r..=1000).sum::<i64>() + r).to_string())
        .collect();
    let lengths: usize = (1..=50)
        .map(|i| {
            format!("{:?}", (1..=i).collect::<Vec<i64>>())
                .replace(' ', "")
                .len()
        })
        .sum();
    let expected = format!("{}\n{lengths}\n", expected_sums.join("\n"));
    assert_eq!(run_checked(src, None), expected);
}

const EMBED_SRC: &str = r#"
module Main where
import Control.Concurrent

waiter :: MVar Int -> MVar Int -> IO ()
waiter inbox outbox = do
  putStrLn "waiting"
  n <- takeMVar inbox
  putStrLn ("got " ++ show n)
  putMVar outbox (n * 2)

answer :: Int
answer = 21

main :: IO ()
main = if answer > 100 then waiter undefined undefined else return ()
"#;

/// The host starts a thread, runs until it blocks on a host MVar, puts
/// a value, and runs again: the thread wakes, answers through a second
/// host MVar and finishes.
#[test]
fn embedder_runs_until_blocked_and_wakes_threads() {
    let bytes = image(EMBED_SRC);
    let mut storage = storage(true);
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let waiter = program.static_named("Main.waiter").expect("waiter");
    let answer = program.static_named("Main.answer").expect("answer");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    let inbox = m.new_host_mvar().expect("mvar");
    let outbox = m.new_host_mvar().expect("mvar");
    let args = [
        m.host_mvar_closure(&inbox).expect("in"),
        m.host_mvar_closure(&outbox).expect("out"),
    ];
    m.spawn_io(waiter, &args).expect("spawn");
    match m.run_until_blocked().expect("run") {
        Progress::Idle {
            threads,
            next_timer,
        } => {
            assert_eq!(threads, 1, "the waiter is blocked, not finished");
            assert_eq!(next_timer, None);
        }
        p => panic!("expected idle, got {p:?}"),
    }
    assert_eq!(m.try_take_host_mvar(&outbox).expect("take"), None);
    assert!(m.try_put_host_mvar(&inbox, answer).expect("put"));
    // Single wake-up: the value went straight to the blocked taker.
    assert_eq!(m.try_take_host_mvar(&inbox).expect("take"), None);
    assert!(m.try_put_host_mvar(&inbox, answer).expect("put"));
    assert!(!m.try_put_host_mvar(&inbox, answer).expect("put"), "full");
    assert_eq!(m.try_take_host_mvar(&inbox).expect("take"), Some(answer));
    match m.run_until_blocked().expect("run") {
        Progress::Idle { threads, .. } => assert_eq!(threads, 0),
        p => panic!("expected idle, got {p:?}"),
    }
    let out = m
        .try_take_host_mvar(&outbox)
        .expect("take")
        .expect("a value");
    // The result is the thunk `n * 2`; evaluate it.
    let v = m.eval(out).expect("eval");
    // SAFETY: an evaluated Int is an I# box with its value in payload 0.
    let n = unsafe { v.untagged().payload(0) };
    assert_eq!(n, 42);
    drop(m);
    assert_eq!(String::from_utf8_lossy(&sink.stdout), "waiting\ngot 21\n");
}

/// A sleeping thread makes `run_until_blocked` report its deadline; after
/// it passes, running again lets the thread finish.
#[test]
fn embedder_reports_timers() {
    let src = "module Main where\nimport Control.Concurrent\nnap :: IO ()\nnap = threadDelay 30000 >> putStrLn \"woke\"\nmain :: IO ()\nmain = if False then nap else return ()\n";
    let bytes = image(src);
    let mut storage = storage(false);
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let nap = program.static_named("Main.nap").expect("nap");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    m.spawn_io(nap, &[]).expect("spawn");
    let started = Instant::now();
    let deadline = match m.run_until_blocked().expect("run") {
        Progress::Idle {
            threads: 1,
            next_timer: Some(d),
        } => d,
        p => panic!("expected a sleeper, got {p:?}"),
    };
    assert!(deadline >= started + Duration::from_millis(25));
    std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
    match m.run_until_blocked().expect("run") {
        Progress::Idle { threads: 0, .. } => {}
        p => panic!("expected all done, got {p:?}"),
    }
    drop(m);
    assert_eq!(String::from_utf8_lossy(&sink.stdout), "woke\n");
}
