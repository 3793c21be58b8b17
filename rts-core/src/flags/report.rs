//! The texts the option handling prints: the `-?` usage text, the
//! `+RTS --info` report, and the error report for rejected options. Each is
//! returned as a `String`; the caller decides where it goes (GHC prints
//! usage and errors on stderr with every line prefixed by `prog: `, and
//! `--info` on stdout, unprefixed).

use std::fmt::Write as _;

use super::error::RtsOptError;

/// The usage text (`+RTS -?`), unprefixed, one option per entry. Lists
/// every option [`super::RtsFlags::apply`] accepts.
pub fn usage() -> String {
    let d = super::RtsFlags::default();
    let mib = |bytes: usize| bytes >> 20;
    let kib = |bytes: usize| bytes >> 10;
    let ms = |t: std::time::Duration| t.as_secs_f64();
    format!(
        "\
Usage: <prog> <args> [+RTS <rtsopts> | -RTS <args>] ... --RTS <args>

Where the runtime reads its options:
   +RTS       start of runtime options (they run to -RTS or the end)
   -RTS       back to program arguments
  --RTS       every later argument goes to the program, +RTS included
  GHCRTS      an environment variable of runtime options, read before the
              command line (a later option wins over an earlier one)

Sizes are bytes with an optional k, m or g suffix (powers of 1024) or w
(8-byte words); fractions such as 1.5m are allowed. Times are in seconds.

Information:
  -?          print this text and exit without running the program
  --info      print the runtime's version, target and feature vector, exit

Heap and garbage collector:
  -A<size>    allocation area (nursery) size           default {a}m
  -M<size>    maximum heap size; past it the program gets HeapOverflow
              (\"Heap exhausted\", exit 251)              default unlimited
  -Mgrace=<size>
              allocation allowed after HeapOverflow before it is thrown
              again while the heap is still over -M    default 1m
  -H<size>    suggested heap size                      default none
  -G<n>       number of generations, 1 to 64           default {g}
  -F<factor>  collect an old generation when it reaches <factor> times
              its size after its last collection       default {f}
  -DS         check the whole heap after every collection (slow)

Stacks:
  -K<size>    maximum stack size of a thread; past it the thread gets
              StackOverflow                            default {k}m
  -ki<size>   initial stack size of a thread (also -k<size>)  default {ki}k
  -kc<size>   size of the chunks a stack grows by      default {kc}k
  -kb<size>   part of a full chunk carried into the next  default {kb}k

Scheduling:
  -C[<secs>]  time slice between context switches; -C or -C0 switches as
              often as possible                        default {c}
  -V[<secs>]  tick interval of the timer; -V or -V0 turns it off
                                                       default {v}
  --ctx-every-n=<n>  with the ctx-every-n feature: switch every <n> safe
                     points                            default {n}
  --install-signal-handlers=<yes|no>  install the ^C handler (UserInterrupt
                     to the main thread)               default yes

Statistics:
  -s[<file>]  print a garbage collection summary at exit (to <file>, or
              to stderr if none or 'stderr')
  -S[<file>]  like -s, with a line for every collection
  -T          keep statistics for the program to read, print nothing

Testing (hsrts only):
  --chaos-gc=<n>           force a collection at every <n>-th allocation
                           safe point
  --chaos-switch=<seed>    also switch threads at pseudo-random safe points,
                           the same ones for the same seed
  --chaos-switch-odds=<n>  with --chaos-switch, switch at a safe point with
                           probability 1/<n>                default {odds}
",
        a = mib(d.nursery_bytes),
        g = d.generations,
        f = d.old_gen_factor,
        k = mib(d.max_stack_bytes),
        ki = kib(d.initial_stack_bytes),
        kc = kib(d.stack_chunk_bytes),
        kb = kib(d.stack_chunk_buffer_bytes),
        c = ms(d.context_switch_interval),
        v = ms(d.tick_interval),
        n = d.ctx_every_n,
        odds = d.chaos_switch_odds,
    )
}

/// The program name GHC puts in front of its messages: argv\[0\] without
/// its directory.
pub fn program_name(argv0: &str) -> &str {
    argv0.rsplit(['/', '\\']).next().unwrap_or(argv0)
}

/// What `-?` prints on stderr: the usage text, each line prefixed by
/// `prog: `.
pub fn help_report(prog: &str) -> String {
    let mut out = String::new();
    prefix_lines(&mut out, prog, "");
    prefix_lines(&mut out, prog, &usage());
    out
}

/// What a rejected option prints on stderr: the error, and for an unknown
/// option or a stray argument the usage text too (as GHC does), every line
/// prefixed by `prog: `. The program then exits with
/// [`super::RTS_OPTION_ERROR_EXIT`].
pub fn error_report(prog: &str, err: &RtsOptError) -> String {
    let mut out = String::new();
    prefix_lines(&mut out, prog, &err.to_string());
    if err.wants_usage() {
        out.push_str(&help_report(prog));
    }
    out
}

fn prefix_lines(out: &mut String, prog: &str, text: &str) {
    if text.is_empty() {
        let _ = writeln!(out, "{prog}: ");
    }
    for line in text.lines() {
        let _ = writeln!(out, "{prog}: {line}");
    }
}

/// The `+RTS --info` / `hsrts info` report, in GHC's format (a Haskell list
/// of string pairs, one per line), with hsrts's own keys. `with_rtsopts` is
/// the built-in option string, empty if none.
pub fn rts_info(with_rtsopts: &str) -> String {
    use rts_features as f;
    let yes_no = |b: bool| if b { "YES" } else { "NO" };
    let entries: [(&str, String); 14] = [
        ("RTS", "hsrts".into()),
        ("hsrts version", env!("CARGO_PKG_VERSION").into()),
        ("Target platform", target_triple()),
        ("Target architecture", std::env::consts::ARCH.into()),
        ("Target OS", target_os().into()),
        ("Word size", "64".into()),
        ("Host pointer size", (usize::BITS).to_string()),
        ("Feature vector", f::FEATURE_VECTOR.into()),
        ("Address space", f::addr::IMPLEMENTATION.into()),
        ("Context switch", f::ctx::IMPLEMENTATION.into()),
        ("Interrupts", f::intr::IMPLEMENTATION.into()),
        ("Interpreter", yes_no(f::interp::INTERPRETER).into()),
        ("Foreign calls", f::interp::IMPLEMENTATION.into()),
        ("Flag -with-rtsopts", with_rtsopts.into()),
    ];
    let mut out = String::new();
    for (i, (key, value)) in entries.iter().enumerate() {
        let open = if i == 0 { " [" } else { " ," };
        let _ = writeln!(
            out,
            "{open}({}, {})",
            haskell_string(key),
            haskell_string(value)
        );
    }
    out.push_str(" ]\n");
    out
}

/// The target triple this runtime was built for, from the compiler's cfg
/// values (e.g. `x86_64-unknown-linux-gnu`, `wasm32-wasip1`).
pub fn target_triple() -> String {
    let arch = std::env::consts::ARCH;
    let os = target_os();
    let env = if cfg!(target_env = "gnu") {
        "gnu"
    } else if cfg!(target_env = "musl") {
        "musl"
    } else if cfg!(target_env = "p1") {
        "p1"
    } else if cfg!(target_env = "p2") {
        "p2"
    } else {
        ""
    };
    if os == "wasi" {
        return format!("{arch}-wasi{env}");
    }
    let vendor = if cfg!(target_vendor = "apple") {
        "apple"
    } else if cfg!(target_vendor = "pc") {
        "pc"
    } else {
        "unknown"
    };
    if env.is_empty() {
        format!("{arch}-{vendor}-{os}")
    } else {
        format!("{arch}-{vendor}-{os}-{env}")
    }
}

/// The target's operating system. `std::env::consts::OS` is empty on
/// wasm32-wasip1, so WASI is named from the cfg.
pub fn target_os() -> &'static str {
    if cfg!(target_os = "wasi") {
        "wasi"
    } else {
        std::env::consts::OS
    }
}

/// `s` as Haskell's `show` writes a `String`: quoted, with `"` and `\`
/// escaped and other characters outside printable ASCII as decimal escapes
/// (`\&` separates such an escape from a following digit).
pub fn haskell_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut after_numeric_escape = false;
    for c in s.chars() {
        if after_numeric_escape && c.is_ascii_digit() {
            out.push_str("\\&");
        }
        after_numeric_escape = false;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let _ = write!(out, "\\{}", u32::from(c));
                after_numeric_escape = true;
            }
        }
    }
    out.push('"');
    out
}
