//! User interrupts reach the main thread as UserInterrupt: with
//! `intr-signal` through a real SIGINT sent to this process, with
//! `intr-host` through `hsrts_interrupt()`. One test in its own binary,
//! because the handler is process-wide. Not on wasm32-wasip1: the
//! interrupt must come from another thread while the program runs (the
//! intr-host contract tests of rts-features run there).
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/hsrts/tests/native_programs.rs.
#![cfg(not(feature = "interp-none"))]
#![cfg(not(target_family = "wasm"))]

mod common;

use std::time::Duration;

use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};

const SRC: &str = r#"
module Main where
import Control.Exception
import Data.IORef

spin :: IORef Int -> IO ()
spin r = modifyIORef' r (+ 1) >> spin r

main :: IO ()
main = do
  r <- newIORef 0
  spin r `catch` \e -> putStrLn ("caught " ++ show (e :: AsyncException))
  n <- readIORef r
  putStrLn (if n > 0 then "spun" else "did not spin")
"#;

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
    let mut sink = BufferSink::default();
    let listening = imp == "signal" || (imp == "host" && cfg!(feature = "intr-host"));
    let config = InterpConfig {
        install_interrupts: true,
        // Without a listener the loop never ends: bound it.
        max_steps: if listening { None } else { Some(2_000_000) },
        ..InterpConfig::default()
    };
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        if listening {
            interrupt();
        }
    });
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    sender.join().expect("sender");
    let out = String::from_utf8_lossy(&sink.stdout).into_owned();
    if listening {
        assert!(
            matches!(result, Ok(Exit::Returned) | Ok(Exit::Code(0))),
            "{result:?}"
        );
        assert_eq!(out, "caught user interrupt\nspun\n");
    } else {
        assert!(matches!(result, Err(RunError::StepLimit)), "{result:?}");
    }
}
