//! Running an image as a GHC-compiled program runs: split the command line
//! into program arguments and RTS options (`+RTS ... -RTS`, `GHCRTS`), act
//! on `-?` and `--info`, configure the storage manager and the interpreter
//! from the flags, run `main`, and end with GHC's exit status and message
//! for every way a run can end. `+RTS -s` prints the statistics at exit.
//!
//! Both executables use this: `hsrts run` and the wasm runner module.
//!
//! Note [Exit statuses]
//! As GHC 9.0's runtime: a normal end is 0; `exitWith (ExitFailure n)` is
//! `n` (modulo 256); an uncaught exception is 1 (its message printed by
//! `runMainIO` in the program itself); `<<loop>>` is 1; a stack overflow
//! is 2 ("Stack space overflow: current size N bytes." and the `-K` hint);
//! heap exhaustion is 251 ("Heap exhausted;", the `-M` limit, the hint);
//! a bad RTS option is 1. hsrts's own failures (an unimplemented primop,
//! an internal error, a bad image) print `prog: hsrts: ...` and exit 1; GHC
//! has no equivalent for most of them (its internal errors abort).
//!
//! Note [Nothing freed at exit]
//! Freeing a loaded program is not free: tens of thousands of bytecode
//! objects, names and info tables, about 9 M instructions for a program
//! with the standard library (docs/performance.md, "Session 8: start-up"),
//! and the interpreter's drop joins the ticker thread. GHC's `hs_exit`
//! does not free the program's code or static data either: the operating
//! system takes the whole address space back. So a run that ends the
//! process ([`run_image_for_exit`]: `hsrts run`, the wasm runner's `main`)
//! flushes stdout, then leaves the program, the heap and the interpreter
//! allocated (`mem::forget`). [`run_image`] frees everything, for callers
//! whose process goes on (tests, embedders). Nothing observable is lost:
//! no `Drop` of the three writes output or files (stdout is flushed
//! explicitly before the statistics; `+RTS -s` is written before).

use std::io::Write;

use rts_core::flags::{
    self, RTS_OPTION_ERROR_EXIT, RtsAction, RtsFlags, StatsDestination, StatsLevel,
};
use rts_core::interp::{Exit, InterpConfig, Machine, RunError, StdSink};
use rts_core::{Storage, loader};

/// GHC's exit status for heap exhaustion (`EXIT_HEAPOVERFLOW`).
pub const HEAP_OVERFLOW_EXIT: u8 = 251;
/// GHC's exit status after a stack overflow in the main thread.
pub const STACK_OVERFLOW_EXIT: u8 = 2;
/// Exit status of an uncaught exception, `<<loop>>` and hsrts's own errors.
pub const FAILURE_EXIT: u8 = 1;

/// The name a program runs under, from how it was named on the command
/// line: the file name without directory and extension (`dir/nfib.hs`,
/// `nfib.hsbc` and `nfib.wasm` all run as `nfib`), as GHC's executable
/// for `nfib.hs` is `nfib`.
pub fn program_name_for(path: &str) -> String {
    let file = flags::program_name(path);
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => file.to_owned(),
    }
}

/// Runs the image `bytes` as program `prog` with command-line words `argv`
/// (everything after the program's name, RTS blocks included). Reads
/// `GHCRTS`. Prints what GHC would print and returns the exit status.
pub fn run_image(bytes: &[u8], prog: &str, argv: &[String]) -> u8 {
    run_loaded(prog, argv, Teardown::Free, |storage| {
        loader::load_bytes(storage, bytes)
    })
}

/// As [`run_image`], for a caller that ends the process as soon as this
/// returns: the program, its heap and the interpreter are not freed
/// (Note [Nothing freed at exit]). Calling it in a process that goes on
/// leaks the whole program.
pub fn run_image_for_exit(bytes: &[u8], prog: &str, argv: &[String]) -> u8 {
    run_loaded(prog, argv, Teardown::LeaveForExit, |storage| {
        loader::load_bytes(storage, bytes)
    })
}

/// What [`run_loaded`] does with the program, heap and interpreter after
/// the run (Note [Nothing freed at exit]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Teardown {
    /// Drop them: the process goes on.
    Free,
    /// Forget them: the process exits next.
    LeaveForExit,
}

/// As [`run_image`], for a program compiled to native code
/// (`hsrts build -o prog.rs`, crate::emit_rust): its native image and code.
pub fn run_native_image(
    bytes: &[u8],
    code: &'static [rts_core::interp::native::NativeCode],
    prog: &str,
    argv: &[String],
) -> u8 {
    run_loaded(prog, argv, Teardown::Free, |storage| {
        loader::load_native(storage, bytes, code)
    })
}

fn run_loaded(
    prog: &str,
    argv: &[String],
    teardown: Teardown,
    load: impl FnOnce(&mut Storage) -> Result<loader::Program, loader::LoadError>,
) -> u8 {
    let ghcrts = std::env::var("GHCRTS").ok();
    let parsed = match flags::parse_rts_args(argv, ghcrts.as_deref(), None) {
        Ok(parsed) => parsed,
        Err(err) => {
            eprint!("{}", flags::error_report(prog, &err));
            return exit_byte(i64::from(RTS_OPTION_ERROR_EXIT));
        }
    };
    match parsed.action {
        RtsAction::ShowUsage => {
            eprint!("{}", flags::help_report(prog));
            return 0;
        }
        RtsAction::ShowInfo => {
            print!("{}", flags::rts_info(""));
            return 0;
        }
        RtsAction::Run => {}
    }
    let rts = parsed.flags;
    let mut storage = match Storage::new(rts.gc_config()) {
        Ok(storage) => storage,
        Err(err) => {
            eprintln!("{prog}: out of memory ({err})");
            return HEAP_OVERFLOW_EXIT;
        }
    };
    let program = match load(&mut storage) {
        Ok(program) => program,
        Err(err) => {
            eprintln!("{prog}: hsrts: cannot load the program: {err}");
            return FAILURE_EXIT;
        }
    };
    let config = InterpConfig {
        prog_name: prog.to_owned(),
        args: parsed.program_args,
        ..InterpConfig::from_rts_flags(&rts)
    };
    let result = {
        let mut sink = StdSink;
        let mut machine = Machine::new(&mut storage, &program, &mut sink, config);
        let result = machine.run_main();
        if ends_through_hs_exit(&result) {
            machine.collect_at_exit();
        }
        if teardown == Teardown::LeaveForExit {
            std::mem::forget(machine);
        }
        result
    };
    // Output the program wrote comes before anything the runtime says.
    let _ = std::io::stdout().flush();
    let status = match result {
        Ok(Exit::Returned) => 0,
        Ok(Exit::Code(INTERRUPTED_CODE)) => die_interrupted(),
        Ok(Exit::Code(code)) => exit_byte(code),
        Err(err) => report_run_error(prog, &rts, &err),
    };
    report_stats(prog, &rts, &storage);
    if teardown == Teardown::LeaveForExit {
        std::mem::forget(program);
        std::mem::forget(storage);
    }
    status
}

/// Whether GHC would end this run through `hs_exit` (which collects once
/// more, `Machine::collect_at_exit`): a return, `exitWith`, or an error its
/// top handler reports. Not when the runtime itself failed.
fn ends_through_hs_exit(result: &Result<Exit, RunError>) -> bool {
    matches!(
        result,
        Ok(_)
            | Err(RunError::Uncaught
                | RunError::NonTermination
                | RunError::StackOverflow { .. }
                | RunError::HeapOverflow)
    )
}

/// What the library's top handler passes to `exit#` when the main thread
/// dies of an uncaught `UserInterrupt`.
const INTERRUPTED_CODE: i64 = -2;

/// An uncaught `UserInterrupt` ends the process the way GHC's does: by
/// SIGINT with its default action, so the parent sees death by signal.
/// Where there are no signals (wasm), the status is
/// `rts_features::intr::EXIT_INTERRUPTED`.
fn die_interrupted() -> u8 {
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: restoring SIGINT's default disposition and raising it takes
    // no pointers; the process ends here unless SIGINT is blocked.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
    rts_features::intr::EXIT_INTERRUPTED as u8
}

/// `exitWith (ExitFailure n)` exits with `n` modulo 256, as on POSIX.
fn exit_byte(code: i64) -> u8 {
    (code & 0xff) as u8
}

/// Prints GHC's message for `err` on stderr and returns the exit status
/// (Note [Exit statuses]).
pub fn report_run_error(prog: &str, rts: &RtsFlags, err: &RunError) -> u8 {
    let text = run_error_message(prog, rts, err);
    eprint!("{text}");
    run_error_status(err)
}

/// The stderr text for `err`, every line prefixed `prog: ` as GHC does.
pub fn run_error_message(prog: &str, rts: &RtsFlags, err: &RunError) -> String {
    let lines: Vec<String> = match err {
        // runMainIO has printed the exception already.
        RunError::Uncaught => Vec::new(),
        RunError::NonTermination => vec!["<<loop>>".to_owned()],
        RunError::StackOverflow { words } => vec![
            format!("Stack space overflow: current size {} bytes.", words * 8),
            "Use `+RTS -Ksize -RTS' to increase it.".to_owned(),
        ],
        RunError::HeapOverflow => {
            let mut lines = vec!["Heap exhausted;".to_owned()];
            if let Some(max) = rts.max_heap_bytes {
                lines.push(format!(
                    "Current maximum heap size is {max} bytes ({} MB).",
                    max >> 20
                ));
            }
            lines.push("Use `+RTS -M<size>' to increase it.".to_owned());
            lines
        }
        RunError::OutOfMemory => vec!["out of memory".to_owned()],
        RunError::Io(e) => vec![format!("<stdout>: commitBuffer: {e}")],
        #[allow(
            unreachable_patterns,
            reason = "keeps compiling when the interpreter gains an error"
        )]
        other => vec![format!("hsrts: {other}")],
    };
    lines.iter().map(|l| format!("{prog}: {l}\n")).collect()
}

/// The exit status for `err` (Note [Exit statuses]).
pub fn run_error_status(err: &RunError) -> u8 {
    match err {
        RunError::StackOverflow { .. } => STACK_OVERFLOW_EXIT,
        RunError::HeapOverflow | RunError::OutOfMemory => HEAP_OVERFLOW_EXIT,
        _ => FAILURE_EXIT,
    }
}

/// `+RTS -s` / `-S`: the statistics report on stderr or into the file named
/// by `-s<file>`.
fn report_stats(prog: &str, rts: &RtsFlags, storage: &Storage) {
    if rts.stats == StatsLevel::None {
        return;
    }
    let report = storage.stats_report();
    match &rts.stats_destination {
        StatsDestination::Stderr => eprint!("{report}"),
        StatsDestination::File(path) => {
            if let Err(e) = std::fs::write(path, report) {
                eprintln!("{prog}: cannot write statistics to {path}: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_names_are_file_stems() {
        assert_eq!(program_name_for("tests/programs/nfib.hs"), "nfib");
        assert_eq!(program_name_for("nfib.wasm"), "nfib");
        assert_eq!(program_name_for("nfib"), "nfib");
        assert_eq!(program_name_for(".hidden"), ".hidden");
    }

    #[test]
    fn messages_and_statuses_follow_ghc() {
        let rts = RtsFlags {
            max_heap_bytes: Some(16 << 20),
            ..RtsFlags::default()
        };
        assert_eq!(
            run_error_message("p", &rts, &RunError::HeapOverflow),
            "p: Heap exhausted;\np: Current maximum heap size is 16777216 bytes (16 MB).\np: Use `+RTS -M<size>' to increase it.\n"
        );
        assert_eq!(run_error_status(&RunError::HeapOverflow), 251);
        let so = RunError::StackOverflow { words: 128 };
        assert!(
            run_error_message("p", &rts, &so)
                .starts_with("p: Stack space overflow: current size 1024 bytes.\n")
        );
        assert_eq!(run_error_status(&so), 2);
        assert_eq!(
            run_error_message("p", &rts, &RunError::NonTermination),
            "p: <<loop>>\n"
        );
        assert_eq!(run_error_message("p", &rts, &RunError::Uncaught), "");
        assert_eq!(run_error_status(&RunError::Uncaught), 1);
        assert_eq!(exit_byte(256 + 3), 3);
        assert_eq!(exit_byte(-1), 255);
    }
}
