//! Tests of RTS option handling: every option, value syntax edge cases,
//! source ordering, argv splitting, the texts, and a property test that no
//! command line makes the parser panic.

use std::time::Duration;

use proptest::prelude::*;

use super::chaos::{ChaosGc, ChaosSwitch};
use super::report::haskell_string;
use super::value::{parse_count, parse_decimal, parse_size};
use super::*;

/// Flags from argv alone (no GHCRTS, no built-in options); panics (test
/// failure) on an error.
fn flags(argv: &[&str]) -> RtsFlags {
    match parse_rts_args(argv, None, None) {
        Ok(parsed) => parsed.flags,
        Err(e) => panic!("{argv:?} rejected: {e}"),
    }
}

/// The error for argv; fails the test if it was accepted.
fn error(argv: &[&str]) -> RtsOptError {
    match parse_rts_args(argv, None, None) {
        Ok(parsed) => panic!("{argv:?} accepted: {:?}", parsed.flags),
        Err(e) => e,
    }
}

fn rts(opt: &str) -> RtsFlags {
    flags(&["+RTS", opt, "-RTS"])
}

fn rts_err(opt: &str) -> RtsOptErrorKind {
    error(&["+RTS", opt, "-RTS"]).kind()
}

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const GIB: u64 = 1024 * 1024 * 1024;

// ---- defaults ---------------------------------------------------------

#[test]
fn defaults_are_ghc_9_0s() {
    let d = RtsFlags::default();
    assert_eq!(d.nursery_bytes, MIB);
    assert_eq!(d.max_heap_bytes, None);
    assert_eq!(d.suggested_heap_bytes, None);
    assert_eq!(d.max_stack_bytes, 512 * MIB);
    assert_eq!(d.initial_stack_bytes, KIB);
    assert_eq!(d.stack_chunk_bytes, 32 * KIB);
    assert_eq!(d.stack_chunk_buffer_bytes, KIB);
    assert_eq!(d.generations, 2);
    assert_eq!(d.old_gen_factor, 2.0);
    assert_eq!(d.context_switch_interval, Duration::from_millis(20));
    assert_eq!(d.tick_interval, Duration::from_millis(10));
    assert_eq!(d.stats, StatsLevel::None);
    assert!(!d.collect_stats && !d.sanity_checks && !d.wants_stats());
    assert_eq!(d.chaos_gc_every, None);
    assert_eq!(d.chaos_switch_seed, None);
}

#[test]
fn no_options_gives_defaults_and_all_args() {
    let parsed = parse_rts_args(&["a", "-b", "--c"], None, None).unwrap();
    assert_eq!(parsed.flags, RtsFlags::default());
    assert_eq!(parsed.program_args, ["a", "-b", "--c"]);
    assert_eq!(parsed.action, RtsAction::Run);
}

// ---- each option ------------------------------------------------------

#[test]
fn option_a_sets_nursery() {
    assert_eq!(rts("-A4m").nursery_bytes, 4 * MIB);
    assert_eq!(rts("-A64k").nursery_bytes, 64 * KIB);
    assert_eq!(rts("-A8192").nursery_bytes, 8192);
    assert_eq!(rts("-A1.5m").nursery_bytes, 3 * MIB / 2);
    assert_eq!(rts("-A1024w").nursery_bytes, 8192);
    assert_eq!(rts("-A+16K").nursery_bytes, 16 * KIB);
}

#[test]
fn option_a_rejects_bad_sizes() {
    let range = RtsOptErrorKind::SizeOutOfRange {
        min: 8192,
        max: usize::MAX as u64,
    };
    assert_eq!(rts_err("-A0"), range);
    assert_eq!(rts_err("-A1k"), range, "below two blocks");
    assert_eq!(
        rts_err("-A99999999999999999999999999999999999999999"),
        range
    );
    for bad in [
        "-A", "-A1x", "-A-1", "-Afoo", "-A1.5.2", "-A1mm", "-A.", "-A1e6", "-A0x2000",
    ] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::NotASize, "{bad}");
    }
}

#[test]
fn option_m_sets_max_heap() {
    assert_eq!(rts("-M256m").max_heap_bytes, Some(256 * MIB));
    assert!(matches!(rts_err("-M"), RtsOptErrorKind::NotASize));
    assert!(matches!(
        rts_err("-M1k"),
        RtsOptErrorKind::SizeOutOfRange { min: 4096, .. }
    ));
}

#[test]
fn option_m_grace_sets_the_heap_limit_grace() {
    assert_eq!(RtsFlags::default().heap_limit_grace_bytes, MIB);
    let flags = rts("-Mgrace=1g");
    assert_eq!(flags.heap_limit_grace_bytes, 1024 * MIB);
    assert_eq!(flags.max_heap_bytes, None);
    assert!(matches!(rts_err("-Mgrace="), RtsOptErrorKind::NotASize));
    assert!(matches!(
        rts_err("-Mgrace=1k"),
        RtsOptErrorKind::SizeOutOfRange { min: 4096, .. }
    ));
}

#[test]
fn max_heap_below_nursery_is_an_error() {
    let e = error(&["+RTS", "-A4m", "-M2m"]);
    assert_eq!(e.kind(), RtsOptErrorKind::MaxHeapBelowNursery);
    assert!(e.to_string().contains("-M"), "{e}");
    // Checked after all options: a later -A may make it consistent.
    assert_eq!(
        flags(&["+RTS", "-M2m", "-A1m"]).max_heap_bytes,
        Some(2 * MIB)
    );
}

#[test]
fn option_h_sets_suggested_heap() {
    assert_eq!(rts("-H64m").suggested_heap_bytes, Some(64 * MIB));
    assert_eq!(rts_err("-H"), RtsOptErrorKind::MissingValue);
    assert!(matches!(
        rts_err("-H0"),
        RtsOptErrorKind::SizeOutOfRange { .. }
    ));
}

#[test]
fn option_k_sets_stack_sizes() {
    assert_eq!(rts("-K8m").max_stack_bytes, 8 * MIB);
    assert_eq!(rts("-K1g").max_stack_bytes as u64, GIB);
    assert_eq!(rts("-ki4k").initial_stack_bytes, 4 * KIB);
    assert_eq!(rts("-k2k").initial_stack_bytes, 2 * KIB);
    assert_eq!(rts("-kc64k").stack_chunk_bytes, 64 * KIB);
    assert_eq!(rts("-kb2k").stack_chunk_buffer_bytes, 2 * KIB);
    assert!(matches!(rts_err("-K"), RtsOptErrorKind::NotASize));
    assert!(matches!(
        rts_err("-kc0"),
        RtsOptErrorKind::SizeOutOfRange { min: 8, .. }
    ));
    assert!(matches!(rts_err("-kx"), RtsOptErrorKind::NotASize));
}

#[test]
fn option_g_sets_generations() {
    assert_eq!(rts("-G1").generations, 1);
    assert_eq!(rts("-G3").generations, 3);
    assert_eq!(rts("-G64").generations, 64);
    let range = RtsOptErrorKind::NumberOutOfRange { min: 1, max: 64 };
    assert_eq!(rts_err("-G0"), range);
    assert_eq!(rts_err("-G65"), range);
    assert_eq!(
        rts_err("-G99999999999999999999999999999999999999999"),
        range
    );
    for bad in ["-G", "-Gx", "-G1.5", "-G2x", "-G-1"] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::NotANumber, "{bad}");
    }
}

#[test]
fn option_f_sets_old_gen_factor() {
    assert_eq!(rts("-F1.5").old_gen_factor, 1.5);
    assert_eq!(rts("-F3").old_gen_factor, 3.0);
    assert_eq!(rts_err("-F0"), RtsOptErrorKind::NotPositive);
    for bad in ["-F", "-Fx", "-F-1", "-Finf", "-FNaN"] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::NotADecimal, "{bad}");
    }
}

#[test]
fn options_c_and_v_set_intervals() {
    assert_eq!(
        rts("-C0.5").context_switch_interval,
        Duration::from_millis(500)
    );
    assert_eq!(rts("-C").context_switch_interval, Duration::ZERO);
    assert_eq!(rts("-C0").context_switch_interval, Duration::ZERO);
    assert_eq!(
        rts("-C.001").context_switch_interval,
        Duration::from_millis(1)
    );
    assert_eq!(rts("-V0.001").tick_interval, Duration::from_millis(1));
    assert_eq!(rts("-V").tick_interval, Duration::ZERO);
    for bad in ["-Cx", "-C-1", "-Vx", "-C1e3", "-C9999999999"] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::NotADecimal, "{bad}");
    }
}

#[test]
fn stats_options() {
    let s = rts("-s");
    assert_eq!(
        (s.stats, &s.stats_destination),
        (StatsLevel::Summary, &StatsDestination::Stderr)
    );
    assert!(s.wants_stats());
    let s = rts("-sstderr");
    assert_eq!(s.stats_destination, StatsDestination::Stderr);
    let s = rts("-Sgc.log");
    assert_eq!(s.stats, StatsLevel::Verbose);
    assert_eq!(s.stats_destination, StatsDestination::File("gc.log".into()));
    assert!(s.gc_config().trace_collections);
    // Later wins, level and destination together.
    let s = flags(&["+RTS", "-Sx", "-s"]);
    assert_eq!(
        (s.stats, s.stats_destination),
        (StatsLevel::Summary, StatsDestination::Stderr)
    );
    let t = rts("-T");
    assert!(t.collect_stats && t.wants_stats() && t.stats == StatsLevel::None);
    assert_eq!(rts_err("-Tx"), RtsOptErrorKind::UnexpectedValue);
    assert_eq!(
        error(&["+RTS", "-Tx"]).to_string(),
        "flag -T given an argument when none was expected: -Tx"
    );
}

#[test]
fn debug_sanity_option() {
    assert!(rts("-DS").sanity_checks);
    assert!(rts("-DS").gc_config().sanity_checks);
    for bad in ["-D", "-Ds", "-DSg", "-Dx"] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::UnsupportedDebugFlag, "{bad}");
    }
}

#[test]
fn help_and_info_actions_stop_parsing() {
    let p = parse_rts_args(&["+RTS", "-?", "-X"], None, None).unwrap();
    assert_eq!(p.action, RtsAction::ShowUsage);
    let p = parse_rts_args(&["a", "+RTS", "--info", "-X", "-RTS", "b"], None, None).unwrap();
    assert_eq!(p.action, RtsAction::ShowInfo);
    assert_eq!(p.program_args, ["a", "b"]);
    // An error before them still wins.
    assert_eq!(
        error(&["+RTS", "-X", "--info"]).kind(),
        RtsOptErrorKind::Unknown
    );
    assert_eq!(rts_err("-?x"), RtsOptErrorKind::UnexpectedValue);
    assert_eq!(rts_err("--info=x"), RtsOptErrorKind::Unknown);
    assert_eq!(rts_err("--infox"), RtsOptErrorKind::Unknown);
}

#[test]
fn hsrts_long_options() {
    assert_eq!(rts("--ctx-every-n=100").ctx_every_n, 100);
    assert_eq!(rts("--ctx-every-n=100").ctx_config().every_n, 100);
    assert_eq!(rts("--chaos-gc=7").chaos_gc_every, Some(7));
    assert_eq!(rts("--chaos-switch=0").chaos_switch_seed, Some(0));
    assert_eq!(
        rts("--chaos-switch=18446744073709551615").chaos_switch_seed,
        Some(u64::MAX)
    );
    assert_eq!(rts("--chaos-switch-odds=3").chaos_switch_odds, 3);
    assert!(RtsFlags::default().install_signal_handlers);
    assert!(!rts("--install-signal-handlers=no").install_signal_handlers);
    assert!(rts("--install-signal-handlers=yes").install_signal_handlers);
    assert_eq!(
        rts_err("--install-signal-handlers=maybe"),
        RtsOptErrorKind::Unknown
    );
    assert_eq!(
        rts_err("--install-signal-handlers"),
        RtsOptErrorKind::Unknown
    );
    assert_eq!(rts_err("--ctx-every-n"), RtsOptErrorKind::MissingValue);
    assert_eq!(rts_err("--ctx-every-n="), RtsOptErrorKind::NotANumber);
    assert!(matches!(
        rts_err("--ctx-every-n=0"),
        RtsOptErrorKind::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        rts_err("--ctx-every-n=4294967296"),
        RtsOptErrorKind::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        rts_err("--chaos-gc=0"),
        RtsOptErrorKind::NumberOutOfRange { .. }
    ));
    assert!(matches!(
        rts_err("--chaos-switch=18446744073709551616"),
        RtsOptErrorKind::NumberOutOfRange { .. }
    ));
    assert_eq!(rts_err("--chaos-switch=-1"), RtsOptErrorKind::NotANumber);
    assert_eq!(rts_err("--chaos"), RtsOptErrorKind::Unknown);
}

#[test]
fn unknown_options_and_stray_words() {
    for bad in ["-X", "-", "--", "--foo", "--help", "-N2", "-xc", "-t"] {
        assert_eq!(rts_err(bad), RtsOptErrorKind::Unknown, "{bad}");
    }
    let e = error(&["+RTS", "-X", "-RTS"]);
    assert_eq!(e.to_string(), "unknown RTS option: -X");
    assert_eq!(e.option(), "-X");
    // A program argument inside an unclosed RTS block.
    let e = error(&["a", "+RTS", "-A2m", "b"]);
    assert_eq!(e.to_string(), "unexpected RTS argument: b");
    assert_eq!(rts_err(""), RtsOptErrorKind::UnexpectedArgument);
}

// ---- splitting argv -----------------------------------------------------

#[test]
fn several_blocks_and_stray_minus_rts() {
    let p = parse_rts_args(
        &[
            "a", "+RTS", "-RTS", "b", "+RTS", "-G3", "-RTS", "c", "-RTS", "d",
        ],
        None,
        None,
    )
    .unwrap();
    assert_eq!(p.program_args, ["a", "b", "c", "d"]);
    assert_eq!(p.flags.generations, 3);
}

#[test]
fn block_without_minus_rts_runs_to_the_end() {
    let p = parse_rts_args(&["a", "+RTS", "-A2m", "-G3"], None, None).unwrap();
    assert_eq!(p.program_args, ["a"]);
    assert_eq!((p.flags.nursery_bytes, p.flags.generations), (2 * MIB, 3));
    // +RTS inside a block is harmless.
    assert_eq!(flags(&["+RTS", "-G3", "+RTS", "-G4"]).generations, 4);
}

#[test]
fn double_dash_rts_ends_rts_processing() {
    let p = parse_rts_args(&["--RTS", "+RTS", "-X", "-RTS"], None, None).unwrap();
    assert_eq!(p.program_args, ["+RTS", "-X", "-RTS"]);
    assert_eq!(p.flags, RtsFlags::default());
    let p = parse_rts_args(&["a", "+RTS", "-G3", "--RTS", "-G4", "--RTS"], None, None).unwrap();
    assert_eq!(p.program_args, ["a", "-G4", "--RTS"]);
    assert_eq!(p.flags.generations, 3);
}

#[test]
fn later_options_win_and_sources_are_ordered() {
    assert_eq!(flags(&["+RTS", "-A2m", "-A4m"]).nursery_bytes, 4 * MIB);
    assert_eq!(
        flags(&["+RTS", "-A2m", "-RTS", "+RTS", "-A8m"]).nursery_bytes,
        8 * MIB
    );
    // rtsopts, then GHCRTS, then argv.
    let p = parse_rts_args(&["+RTS", "-A8m"], Some("-A4m -G3"), Some("-A2m -G4 -F3")).unwrap();
    assert_eq!(p.flags.nursery_bytes, 8 * MIB);
    assert_eq!(p.flags.generations, 3);
    assert_eq!(p.flags.old_gen_factor, 3.0);
    let p = parse_rts_args::<&str>(&[], Some("-G3"), Some("-G4")).unwrap();
    assert_eq!(p.flags.generations, 3);
}

#[test]
fn ghcrts_is_split_on_whitespace_and_has_no_markers() {
    let p = parse_rts_args(&["x"], Some("  -A2m \t -G3\n"), None).unwrap();
    assert_eq!((p.flags.nursery_bytes, p.flags.generations), (2 * MIB, 3));
    assert_eq!(p.program_args, ["x"]);
    assert_eq!(
        parse_rts_args(&["x"], Some(""), None).unwrap().flags,
        RtsFlags::default()
    );
    // As in GHC: markers in GHCRTS are not markers.
    let e = parse_rts_args(&["x"], Some("+RTS -A2m"), None).unwrap_err();
    assert_eq!(e.kind(), RtsOptErrorKind::UnexpectedArgument);
    let e = parse_rts_args(&["x"], Some("--RTS"), None).unwrap_err();
    assert_eq!(e.kind(), RtsOptErrorKind::Unknown);
    let e = parse_rts_args(&["x"], Some("-X"), None).unwrap_err();
    assert_eq!(e.to_string(), "unknown RTS option: -X");
}

#[test]
fn split_keeps_order() {
    let s = split::split_argv(&["1", "+RTS", "-A2m", "-RTS", "2", "+RTS", "-s"]);
    assert_eq!(s.program_args, ["1", "2"]);
    assert_eq!(s.rts_words, ["-A2m", "-s"]);
}

// ---- values -------------------------------------------------------------

#[test]
fn size_parsing_edge_cases() {
    let max = u64::MAX;
    assert_eq!(parse_size("0", 0, max), Ok(0));
    assert_eq!(parse_size("1k", 0, max), Ok(1024));
    assert_eq!(parse_size("1K", 0, max), Ok(1024));
    assert_eq!(parse_size("3M", 0, max), Ok(3 << 20));
    assert_eq!(parse_size("2g", 0, max), Ok(2 << 30));
    assert_eq!(parse_size("2W", 0, max), Ok(16));
    assert_eq!(parse_size("0.5k", 0, max), Ok(512));
    assert_eq!(parse_size("1.", 0, max), Ok(1));
    assert_eq!(parse_size(".5k", 0, max), Ok(512));
    assert_eq!(parse_size("1.9", 0, max), Ok(1), "rounded down");
    assert_eq!(parse_size("18446744073709551615", 0, max), Ok(max));
    let range = RtsOptErrorKind::SizeOutOfRange { min: 0, max };
    assert_eq!(parse_size("18446744073709551616", 0, max), Err(range));
    assert_eq!(parse_size("17179869184g", 0, max), Err(range));
    assert_eq!(
        parse_size("1000000000000000000000000000000000000000000", 0, max),
        Err(range)
    );
    assert_eq!(
        parse_size("10", 20, 30),
        Err(RtsOptErrorKind::SizeOutOfRange { min: 20, max: 30 })
    );
    for bad in [
        "", "k", "-1", "+", ".", "1 k", " 1", "1kb", "1t", "½", "1.2.3", "0x10",
    ] {
        assert_eq!(
            parse_size(bad, 0, max),
            Err(RtsOptErrorKind::NotASize),
            "{bad:?}"
        );
    }
    // Many fraction digits are fine (extra ones ignored).
    assert_eq!(
        parse_size("1.0000000000000000000000000009g", 0, max),
        Ok(1 << 30)
    );
}

#[test]
fn count_and_decimal_parsing() {
    assert_eq!(parse_count("007", 0, 10), Ok(7));
    assert_eq!(parse_count("", 0, 10), Err(RtsOptErrorKind::NotANumber));
    assert_eq!(parse_count("+1", 0, 10), Err(RtsOptErrorKind::NotANumber));
    assert_eq!(parse_decimal("0.25"), Ok(0.25));
    assert_eq!(parse_decimal("5"), Ok(5.0));
    assert_eq!(parse_decimal(""), Err(RtsOptErrorKind::NotADecimal));
    // 400 digits parse to infinity: rejected.
    assert_eq!(
        parse_decimal(&"9".repeat(400)),
        Err(RtsOptErrorKind::NotADecimal)
    );
}

// ---- conversions ----------------------------------------------------------

#[test]
fn gc_and_ctx_configs_follow_the_flags() {
    let f = flags(&[
        "+RTS",
        "-A64k",
        "-G3",
        "-F1.5",
        "-M64m",
        "-H16m",
        "-C0.1",
        "--ctx-every-n=9",
    ]);
    let gc = f.gc_config();
    assert_eq!(gc.nursery_bytes, 64 * KIB);
    assert_eq!(gc.generations, 3);
    assert_eq!(gc.old_gen_factor, 1.5);
    assert_eq!(gc.max_heap_bytes, Some(64 * MIB));
    assert_eq!(gc.suggested_heap_bytes, 16 * MIB);
    assert!(!gc.sanity_checks && !gc.trace_collections);
    let ctx = f.ctx_config();
    assert_eq!(ctx.interval, Duration::from_millis(100));
    assert_eq!(ctx.every_n, 9);
    // Defaults agree with the storage manager's and the feature's.
    let d = RtsFlags::default();
    assert_eq!(
        d.gc_config().nursery_bytes,
        crate::heap::GcConfig::default().nursery_bytes
    );
    assert_eq!(
        d.gc_config().generations,
        crate::heap::GcConfig::default().generations
    );
    assert_eq!(d.ctx_config(), rts_features::ctx::CtxConfig::default());
}

// ---- texts ----------------------------------------------------------------

#[test]
fn usage_mentions_every_option() {
    let text = usage();
    for opt in [
        "+RTS",
        "-RTS",
        "--RTS",
        "GHCRTS",
        "-?",
        "--info",
        "-A<size>",
        "-M<size>",
        "-H<size>",
        "-G<n>",
        "-F<factor>",
        "-DS",
        "-K<size>",
        "-ki<size>",
        "-k<size>",
        "-kc<size>",
        "-kb<size>",
        "-C[<secs>]",
        "-V[<secs>]",
        "--ctx-every-n=",
        "-s[<file>]",
        "-S[<file>]",
        "-T ",
        "--chaos-gc=",
        "--chaos-switch=",
        "--chaos-switch-odds=",
        "--install-signal-handlers=",
    ] {
        assert!(text.contains(opt), "usage lacks {opt}");
    }
    assert!(
        text.contains("default 1m"),
        "the -A default is computed from RtsFlags"
    );
}

#[test]
fn error_report_is_prefixed_and_has_usage_when_ghc_does() {
    let e = error(&["+RTS", "-X"]);
    let report = error_report("prog", &e);
    let mut lines = report.lines();
    assert_eq!(lines.next(), Some("prog: unknown RTS option: -X"));
    assert_eq!(lines.next(), Some("prog: "));
    assert!(lines.next().is_some_and(|l| l.starts_with("prog: Usage: ")));
    assert!(report.lines().all(|l| l.starts_with("prog: ")));
    // A bad value is reported alone.
    let report = error_report("prog", &error(&["+RTS", "-A0"]));
    assert_eq!(
        report,
        format!(
            "prog: error in RTS option -A0: size outside allowed range (8192 - {})\n",
            usize::MAX
        )
    );
    assert!(help_report("p").starts_with("p: \np: Usage: "));
    assert_eq!(program_name("/usr/bin/prog"), "prog");
    assert_eq!(program_name("prog.wasm"), "prog.wasm");
    assert_eq!(program_name(""), "");
}

#[test]
fn info_is_a_haskell_list_of_pairs() {
    let info = rts_info("-A2m \"q\"");
    let lines: Vec<&str> = info.lines().collect();
    assert!(lines[0].starts_with(" [(\"RTS\", \"hsrts\")"));
    assert_eq!(*lines.last().unwrap(), " ]");
    assert!(
        lines[1..lines.len() - 1]
            .iter()
            .all(|l| l.starts_with(" ,(\""))
    );
    assert!(info.contains(&format!(
        "(\"Feature vector\", \"{}\")",
        rts_features::FEATURE_VECTOR
    )));
    assert!(info.contains("(\"Word size\", \"64\")"));
    let interp = if rts_features::interp::INTERPRETER {
        "YES"
    } else {
        "NO"
    };
    assert!(info.contains(&format!("(\"Interpreter\", \"{interp}\")")));
    assert!(info.contains(&format!(
        "(\"Target platform\", \"{}\")",
        report::target_triple()
    )));
    assert!(info.contains(r#"("Flag -with-rtsopts", "-A2m \"q\"")"#));
    if cfg!(all(target_arch = "wasm32", target_os = "wasi")) {
        assert!(report::target_triple().starts_with("wasm32-wasi"));
    } else if cfg!(all(
        target_arch = "x86_64",
        target_os = "linux",
        target_env = "gnu"
    )) {
        assert_eq!(report::target_triple(), "x86_64-unknown-linux-gnu");
    }
}

#[test]
fn haskell_string_escapes_like_show() {
    assert_eq!(haskell_string("a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(haskell_string("x\ny"), r#""x\ny""#);
    assert_eq!(haskell_string("\u{7f}1"), r#""\127\&1""#);
    assert_eq!(haskell_string("é"), r#""\233""#);
}

#[test]
fn error_is_small() {
    assert!(std::mem::size_of::<RtsOptError>() <= 40);
}

// ---- chaos deciders -------------------------------------------------------

#[test]
fn chaos_gc_fires_every_n() {
    assert!(ChaosGc::from_flags(&RtsFlags::default()).is_none());
    let mut gc = ChaosGc::from_flags(&rts("--chaos-gc=3")).unwrap();
    let fired: Vec<usize> = (1..=10).filter(|_| gc.should_collect()).collect();
    assert_eq!(fired.len(), 3);
    let mut gc = ChaosGc::every(3);
    let pattern: Vec<bool> = (0..6).map(|_| gc.should_collect()).collect();
    assert_eq!(pattern, [false, false, true, false, false, true]);
    let mut always = ChaosGc::every(0);
    assert!((0..5).all(|_| always.should_collect()));
}

#[test]
fn chaos_switch_is_deterministic_and_roughly_at_the_odds() {
    assert!(ChaosSwitch::from_flags(&RtsFlags::default()).is_none());
    let f = flags(&["+RTS", "--chaos-switch=42", "--chaos-switch-odds=8"]);
    let run = |mut c: ChaosSwitch| (0..8000).map(|_| c.should_switch()).collect::<Vec<_>>();
    let a = run(ChaosSwitch::from_flags(&f).unwrap());
    let b = run(ChaosSwitch::new(42, 8));
    assert_eq!(a, b, "same seed, same decisions");
    assert_ne!(a, run(ChaosSwitch::new(43, 8)), "another seed differs");
    let yes = a.iter().filter(|&&x| x).count();
    assert!((700..1300).contains(&yes), "about 1/8 of 8000, got {yes}");
    assert!(run(ChaosSwitch::new(7, 1)).iter().all(|&x| x));
}

// ---- no panics ------------------------------------------------------------

/// Words likely to hit edge cases, mixed with arbitrary strings.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+RTS".to_owned()),
        Just("-RTS".to_owned()),
        Just("--RTS".to_owned()),
        "-[AMHKGFCVsSTDk?][a-z0-9.+-]{0,6}",
        "--[a-z-]{0,18}=?[0-9]{0,22}",
        "-A[0-9]{0,30}[kKmMgGwW]?",
        any::<String>(),
    ]
}

proptest! {
    #[test]
    fn no_command_line_panics(
        argv in proptest::collection::vec(word(), 0..12),
        ghcrts in proptest::option::of(any::<String>()),
        rtsopts in proptest::option::of("[ -~]{0,40}"),
    ) {
        match parse_rts_args(&argv, ghcrts.as_deref(), rtsopts.as_deref()) {
            Ok(parsed) => {
                // Program args are exactly the non-RTS words, in order.
                let split = split::split_argv(&argv);
                prop_assert_eq!(parsed.program_args, split.program_args);
                prop_assert!(parsed.flags.generations >= 1);
                prop_assert!(parsed.flags.nursery_bytes >= 8192);
                let _ = parsed.flags.gc_config();
            }
            Err(e) => {
                // Every error renders, with the offending word in it.
                let msg = e.to_string();
                prop_assert!(!msg.is_empty());
                let report = error_report("p", &e);
                prop_assert!(report.lines().all(|l| l.starts_with("p: ")));
            }
        }
    }

    #[test]
    fn sizes_round_trip(n in 0u64..(1 << 40), suffix in 0usize..4) {
        let (s, mult) = [("", 1u64), ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30)][suffix];
        let expected = n.checked_mul(mult);
        let got = parse_size(&format!("{n}{s}"), 0, u64::MAX);
        match expected {
            Some(v) => prop_assert_eq!(got, Ok(v)),
            None => prop_assert!(got.is_err()),
        }
    }
}
