//! The embedder-driven scheduler's time budget (`Machine::run_for`, Note
//! [Time budget] in interp/machine/scheduler.rs): a long computation
//! returns to the host repeatedly with `Progress::Yielded`, resumes where
//! it stopped, and computes the same result as an unbudgeted run; without
//! a budget (`run_until_blocked`) it runs to completion in one call.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none).
#![cfg(not(feature = "interp-none"))]

mod common;

use std::time::Duration;

use common::image;
use rts_core::interp::{BufferSink, InterpConfig, Machine, Progress};
use rts_core::{ClosurePtr, GcConfig, Storage, loader};

/// `workN out`: puts `sum [1..N]` (an explicit strict loop) into `out`.
/// `ping out`: puts 1 at once.
const SRC: &str = "module Main where
import Control.Concurrent.MVar

sumTo :: Int -> Int -> Int
sumTo acc i = if i == 0 then acc else let acc' = acc + i in acc' `seq` sumTo acc' (i - 1)

work300000 :: MVar Int -> IO ()
work300000 out = putMVar out $! sumTo 0 300000

work100000 :: MVar Int -> IO ()
work100000 out = putMVar out $! sumTo 0 100000

work50 :: MVar Int -> IO ()
work50 out = putMVar out $! sumTo 0 50

ping :: MVar Int -> IO ()
ping out = putMVar out 1

main :: IO ()
main = return ()
";

fn storage() -> Storage {
    Storage::new(GcConfig {
        nursery_bytes: 256 * 1024,
        ..GcConfig::default()
    })
    .expect("storage")
}

/// The Int in an evaluated `I#` box.
fn int_of(m: &mut Machine<'_>, p: ClosurePtr) -> i64 {
    let v = m.eval(p).expect("eval");
    // SAFETY: an evaluated Int is an I# box with its value in payload 0.
    unsafe { v.untagged().payload(0) as i64 }
}

/// Runs `work out n` with `run_for(budget)` until it is idle; returns the
/// result, how many times the budget ran out, and the interpreter steps
/// (`Machine::steps`) of the longest call and of all calls.
///
/// Work is counted in steps, not wall-clock time: on a loaded machine the
/// process can be descheduled for longer than the whole computation takes,
/// which stretches one call's wall time but never its steps (a call stops
/// within `BUDGET_CLOCK_EVERY` steps of its budget, and it cannot do more
/// steps than the CPU time it got allows).
fn run_budgeted(n: i64, budget: Duration, max_calls: usize) -> (i64, usize, u64, u64) {
    let bytes = image(SRC);
    let mut storage = storage();
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let work = program
        .static_named(&format!("Main.work{n}"))
        .expect("work");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    let out = m.new_host_mvar().expect("mvar");
    let args = [m.host_mvar_closure(&out).expect("out")];
    m.spawn_io(work, &args).expect("spawn");
    let mut yields = 0;
    let mut longest = 0;
    let all_started = m.steps;
    for _ in 0..max_calls {
        let started = m.steps;
        let progress = m.run_for(budget).expect("run");
        longest = longest.max(m.steps - started);
        match progress {
            Progress::Yielded { threads } => {
                assert_eq!(threads, 1, "the worker is still alive");
                assert_eq!(
                    m.try_take_host_mvar(&out).expect("take"),
                    None,
                    "no result before the work is done"
                );
                yields += 1;
            }
            Progress::Idle { threads: 0, .. } => {
                let v = m.try_take_host_mvar(&out).expect("take").expect("result");
                let total = m.steps - all_started;
                return (int_of(&mut m, v), yields, longest, total);
            }
            p => panic!("unexpected {p:?}"),
        }
    }
    panic!("not finished after {max_calls} calls ({yields} yields)");
}

/// A long computation under a 2 ms budget comes back to the host many
/// times, each call roughly within its budget, and still gets the right
/// answer.
#[test]
fn long_computation_yields_and_resumes() {
    let n = 300_000;
    let budget = Duration::from_millis(2);
    let (sum, yields, longest, total) = run_budgeted(n, budget, 1_000_000);
    assert_eq!(sum, n * (n + 1) / 2);
    assert!(yields >= 3, "only {yields} yields");
    // No single call did most of the work (counted in steps, so a loaded
    // machine cannot fail it; see `run_budgeted`).
    assert!(longest * 3 < total, "a call ran {longest} of {total} steps");
}

/// A zero budget still makes progress: every call runs at least one step.
#[test]
fn zero_budget_makes_progress() {
    let (sum, yields, _, _) = run_budgeted(50, Duration::ZERO, 100_000);
    assert_eq!(sum, 50 * 51 / 2);
    assert!(yields >= 1);
}

/// Without a budget the same work runs to completion in one call; so does
/// a budget longer than the work.
#[test]
fn no_budget_runs_to_completion() {
    let bytes = image(SRC);
    let mut storage = storage();
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let work = program.static_named("Main.work100000").expect("work");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    for run_budget in [None, Some(Duration::from_secs(3600))] {
        let out = m.new_host_mvar().expect("mvar");
        let args = [m.host_mvar_closure(&out).expect("out")];
        m.spawn_io(work, &args).expect("spawn");
        let progress = match run_budget {
            None => m.run_until_blocked(),
            Some(b) => m.run_for(b),
        };
        match progress.expect("run") {
            Progress::Idle { threads: 0, .. } => {}
            p => panic!("expected completion in one call, got {p:?}"),
        }
        let v = m.try_take_host_mvar(&out).expect("take").expect("result");
        assert_eq!(int_of(&mut m, v), 100_000 * 100_001 / 2);
        m.free_host_mvar(out);
    }
}

/// Two threads under a budget: both finish, and a short one started next
/// to a long one finishes while the long one is still yielding (the
/// budget parks the runner at the back of the run queue).
#[test]
fn short_thread_finishes_while_long_one_yields() {
    let bytes = image(SRC);
    let mut storage = storage();
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let work = program.static_named("Main.work300000").expect("work");
    let ping = program.static_named("Main.ping").expect("ping");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    let long_out = m.new_host_mvar().expect("mvar");
    let args = [m.host_mvar_closure(&long_out).expect("out")];
    m.spawn_io(work, &args).expect("spawn");
    // Let the long one start and run out of budget first.
    assert!(matches!(
        m.run_for(Duration::from_millis(1)).expect("run"),
        Progress::Yielded { threads: 1 }
    ));
    let ping_out = m.new_host_mvar().expect("mvar");
    let ping_arg = [m.host_mvar_closure(&ping_out).expect("out")];
    m.spawn_io(ping, &ping_arg).expect("spawn");
    let mut ping_done_while_long_ran = false;
    for _ in 0..1_000_000 {
        match m.run_for(Duration::from_millis(1)).expect("run") {
            Progress::Yielded { .. } => {
                if m.try_take_host_mvar(&ping_out).expect("take").is_some() {
                    ping_done_while_long_ran = true;
                }
            }
            Progress::Idle { threads: 0, .. } => break,
            p => panic!("unexpected {p:?}"),
        }
    }
    assert!(
        ping_done_while_long_ran,
        "the short thread waited for the long one"
    );
    let v = m
        .try_take_host_mvar(&long_out)
        .expect("take")
        .expect("result");
    assert_eq!(int_of(&mut m, v), 300_000 * 300_001 / 2);
}
