//! The `hsrts-compiled` runner (feature `bench-programs`) on bad input: an
//! unknown program, an unknown RTS option, a missing program argument, a
//! heap limit the program exceeds. Each gives GHC's message shape and exit
//! status (Note [Exit statuses] in crates/hsrts/src/exec.rs), never a Rust
//! panic. The runner is a separate process here, as a user runs it.

use std::process::{Command, Output};

fn runner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hsrts-compiled"))
        .args(args)
        .env_remove("GHCRTS")
        .output()
        .expect("the runner starts")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whatever went wrong, the runner did not panic.
fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

#[test]
fn a_good_run_prints_the_answer() {
    let out = runner(&["nfib", "15"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "nfib 15 = 1973\n");
}

#[test]
fn no_program_or_an_unknown_one_is_a_usage_error() {
    let out = runner(&[]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("usage: hsrts-compiled PROGRAM"),
        "{}",
        stderr(&out)
    );

    let out = runner(&["no_such_program"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no compiled program \"no_such_program\""),
        "{}",
        stderr(&out)
    );
}

/// GHC: `prog: unknown RTS option: -Z` and the usage hint; status 1.
#[test]
fn an_unknown_rts_option_is_reported_as_ghc_does() {
    let out = runner(&["nfib", "15", "+RTS", "-Zbogus", "-RTS"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("nfib: unknown RTS option: -Zbogus"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "the program must not run");
}

/// `nfib` reads its argument with a pattern (`[a] <- getArgs`): without
/// one, the failed match is an uncaught exception, status 1.
#[test]
fn a_missing_program_argument_is_the_programs_exception() {
    let out = runner(&["nfib"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "nfib: user error (Pattern match failure in do expression at nfib.hs:14:3-5)\n"
    );
    assert!(out.stdout.is_empty());
}

/// An RTS option that needs a value and has none is an option error.
#[test]
fn an_rts_option_without_its_value_is_an_option_error() {
    for opt in ["-K", "-M", "-A"] {
        let out = runner(&["nfib", "15", "+RTS", opt, "-RTS"]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).starts_with(&format!("nfib: error in RTS option {opt}: ")),
            "{}",
            stderr(&out)
        );
        assert!(out.stdout.is_empty(), "the program must not run");
    }
}

/// The sieve keeps every prime's filter alive; in 256 KiB (with a 64 KiB
/// allocation area) the main thread runs out: GHC's "Heap exhausted"
/// report and status 251.
#[test]
fn heap_exhaustion_is_251() {
    let out = runner(&["sieve", "3000", "+RTS", "-A64k", "-M256k", "-RTS"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(251), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "sieve: Heap exhausted;\nsieve: Current maximum heap size is 262144 bytes (0 MB).\n\
         sieve: Use `+RTS -M<size>' to increase it.\n"
    );
}

/// A million threads forked before any finishes do not fit in 8 MB. GHC
/// throws `HeapOverflow` to the main thread only (its scheduler picks the
/// top handler's thread, whichever thread ran out), so the report is just
/// "Heap exhausted" and 251, never a forked thread's "fork_many: heap
/// overflow". hsrts does the same (`heap_overflow_to_main` in rts-core's
/// scheduler.rs, docs/design/scheduler.md "Heap overflow").
#[test]
fn heap_exhaustion_in_a_forked_thread_reports_as_ghc() {
    let out = runner(&["fork_many", "1000000", "+RTS", "-M8m", "-RTS"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(251), "{}", stderr(&out));
    // GHC 9.0.2's stderr for `fork_many 1000000 +RTS -M8m`, exactly.
    assert_eq!(
        stderr(&out),
        "fork_many: Heap exhausted;\nfork_many: Current maximum heap size is 8388608 bytes (8 MB).\n\
         fork_many: Use `+RTS -M<size>' to increase it.\n"
    );
}
