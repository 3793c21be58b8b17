//! User interrupts reach the main thread as UserInterrupt: with
//! `intr-signal` through a real SIGINT sent to this process, with
//! `intr-host` through `hsrts_interrupt()`. One test in its own binary,
//! because the handler is process-wide. Not on wasm32-wasip1: the
//! interrupt must come from another thread while the program runs (the
//! intr-host contract tests of rts-features run there).
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/native-tests.
#![cfg(not(feature = "interp-none"))]
#![cfg(not(target_family = "wasm"))]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rts_core::interp::{Exit, InterpConfig, Machine, OutputSink, RunError};
use rts_core::{GcConfig, Storage, loader};

// `spinning` says the handler is in place and the loop has started: the
// interrupt is sent only after it (Note [Interrupt after the handler]).
const SRC: &str = r#"
module Main where
import Control.Exception
import Data.IORef
import System.IO

spin :: IORef Int -> IO ()
spin r = modifyIORef' r (+ 1) >> spin r

main :: IO ()
main = do
  r <- newIORef 0
  (modifyIORef' r (+ 1) >> putStrLn "spinning" >> hFlush stdout >> spin r)
    `catch` \e -> putStrLn ("caught " ++ show (e :: AsyncException))
  n <- readIORef r
  putStrLn (if n > 0 then "spun" else "did not spin")
"#;

// Note [Interrupt after the handler]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// A sender that interrupts after a fixed sleep races the program's start:
// on a loaded machine the interrupt can come before `run_main` installs
// the SIGINT handler (the default action then kills the whole test
// binary) or before `catch` is entered (UserInterrupt goes uncaught). So
// the sender waits until the program has written `spinning`, which it
// does inside `catch`, after `run_main` installed the handler. The wait
// is bounded only for liveness.

/// Collects stdout and raises `started` once the program says `spinning`.
struct WatchedSink {
    stdout: Vec<u8>,
    started: Arc<AtomicBool>,
}

impl OutputSink for WatchedSink {
    fn write(&mut self, handle: i64, bytes: &[u8]) -> std::io::Result<()> {
        if handle == 1 {
            self.stdout.extend_from_slice(bytes);
            if self.stdout.starts_with(b"spinning\n") {
                self.started.store(true, Ordering::SeqCst);
            }
        }
        Ok(())
    }

    fn flush(&mut self, _handle: i64) -> std::io::Result<()> {
        Ok(())
    }
}

/// Waits (bounded only for liveness) until `flag` is raised or `finished`.
fn wait_for(flag: &AtomicBool, finished: &AtomicBool) {
    let give_up = Instant::now() + Duration::from_secs(300);
    while !flag.load(Ordering::SeqCst)
        && !finished.load(Ordering::SeqCst)
        && Instant::now() < give_up
    {
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[cfg(feature = "intr-host")]
unsafe extern "C" {
    fn hsrts_interrupt();
}

/// Interrupts this process the way the selected implementation listens.
fn interrupt() {
    match rts_features::intr::IMPLEMENTATION {
        "signal" => {
            let status = std::process::Command::new("kill")
                .args(["-INT", &std::process::id().to_string()])
                .status()
                .expect("kill");
            assert!(status.success());
        }
        #[cfg(feature = "intr-host")]
        // SAFETY: callable from any thread at any time.
        "host" => unsafe { hsrts_interrupt() },
        _ => {}
    }
}

#[test]
fn interrupt_throws_user_interrupt_to_main() {
    let imp = rts_features::intr::IMPLEMENTATION;
    let bytes = common::image(SRC);
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let started = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicBool::new(false));
    let mut sink = WatchedSink {
        stdout: Vec::new(),
        started: Arc::clone(&started),
    };
    let listening = imp == "signal" || (imp == "host" && cfg!(feature = "intr-host"));
    let config = InterpConfig {
        install_interrupts: true,
        // Without a listener the loop never ends: bound it.
        max_steps: if listening { None } else { Some(2_000_000) },
        ..InterpConfig::default()
    };
    let sender = {
        let (started, finished) = (Arc::clone(&started), Arc::clone(&finished));
        std::thread::spawn(move || {
            wait_for(&started, &finished);
            // Only while the program runs: once `run_main` has returned, a
            // SIGINT would meet the default action and end the test binary.
            if listening && started.load(Ordering::SeqCst) && !finished.load(Ordering::SeqCst) {
                interrupt();
            }
        })
    };
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    finished.store(true, Ordering::SeqCst);
    sender.join().expect("sender");
    let out = String::from_utf8_lossy(&sink.stdout).into_owned();
    if listening {
        assert!(
            matches!(result, Ok(Exit::Returned) | Ok(Exit::Code(0))),
            "{result:?}"
        );
        assert_eq!(out, "spinning\ncaught user interrupt\nspun\n");
    } else {
        assert!(matches!(result, Err(RunError::StepLimit)), "{result:?}");
    }
}
