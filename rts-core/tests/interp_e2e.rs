//! End to end: Haskell source → front end → STG → image bytes → loader →
//! interpreter on the real heap, with stdout captured. Runs with the
//! sanity checker on and a small nursery so evaluation crosses many GCs.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/native-tests.
#![cfg(not(feature = "interp-none"))]

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};

struct Outcome {
    result: Result<Exit, RunError>,
    stdout: String,
    stderr: String,
    collections: usize,
}

fn image_bytes(src: &str) -> Vec<u8> {
    let core = compile_source("Main.hs", src, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    let img = stg::compile(&core, &stg::FrontendPrims).unwrap_or_else(|e| panic!("stg: {e}"));
    img.to_bytes()
}

fn run_with(src: &str, nursery_bytes: usize, sanity: bool) -> Outcome {
    let bytes = image_bytes(src);
    let mut storage = Storage::new(GcConfig {
        nursery_bytes,
        sanity_checks: sanity,
        ..GcConfig::default()
    })
    .expect("storage");
    let program = loader::load_bytes(&mut storage, &bytes).unwrap_or_else(|e| panic!("load: {e}"));
    let mut sink = BufferSink::default();
    let result = {
        let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
        m.run_main()
    };
    Outcome {
        result,
        stdout: String::from_utf8_lossy(&sink.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&sink.stderr).into_owned(),
        collections: storage.stats().collections(),
    }
}

fn run(src: &str) -> Outcome {
    run_with(src, 64 * 1024, true)
}

fn nfib_ref(n: i64) -> i64 {
    if n < 2 {
        1
    } else {
        nfib_ref(n - 1) + nfib_ref(n - 2) + 1
    }
}

#[test]
fn hello_world() {
    let o = run("main :: IO ()\nmain = putStrLn \"hello\"\n");
    assert!(
        matches!(o.result, Ok(Exit::Code(0)) | Ok(Exit::Returned)),
        "{:?} {}",
        o.result,
        o.stderr
    );
    assert_eq!(o.stdout, "hello\n");
}

#[test]
fn nfib_with_gc_and_sanity_checks() {
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib 20)\n";
    let o = run(src);
    assert!(
        matches!(o.result, Ok(Exit::Code(0)) | Ok(Exit::Returned)),
        "{:?} {}",
        o.result,
        o.stderr
    );
    assert_eq!(o.stdout, format!("{}\n", nfib_ref(20)));
    // nfib itself may not allocate once optimised; a list of nfib results
    // does, and must survive the collections the 64 KiB nursery forces.
    let src = "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (sum (map (\\i -> nfib (i `mod` 10)) [1 .. 20000 :: Int]))\n";
    let o = run(src);
    let expected: i64 = (1..=20000).map(|i| nfib_ref(i % 10)).sum();
    assert_eq!(o.stdout, format!("{expected}\n"), "{:?}", o.result);
    assert!(
        o.collections > 0,
        "expected the small nursery to force collections"
    );
}

// ---------------------------------------------------------------- corpus

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs")
}

/// Reads a recorded GHC file, with `<prog>` standing for the program name.
fn expected_text(dir: &std::path::Path, name: &str, ext: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.{ext}")))
        .unwrap_or_default()
        .replace("<prog>", name)
}

/// Runs `tests/programs/<name>.hs` (with its `-- args:` and `-- rts:`
/// lines, its `.stdin` file, the program named `<name>`) and compares
/// stdout, stderr and the exit status with the files recorded from GHC.
fn corpus_check(name: &str) -> Result<(), String> {
    let dir = corpus_dir();
    let src = std::fs::read_to_string(dir.join(format!("{name}.hs"))).map_err(|e| e.to_string())?;
    let expected = expected_text(&dir, name, "stdout");
    let expected_err = expected_text(&dir, name, "stderr");
    let expected_exit: i64 = std::fs::read_to_string(dir.join(format!("{name}.exit")))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let meta = |key: &str| -> Vec<String> {
        src.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|a| a.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let args = meta("-- args:");
    let mut argv = vec![name.to_owned(), "+RTS".to_owned()];
    argv.extend(meta("-- rts:"));
    let flags = rts_core::flags::parse_rts_args(&argv, None, None)
        .map_err(|e| format!("-- rts: {e}"))?
        .flags;
    let core = compile_source(&format!("{name}.hs"), &src, &StandardBuiltins)
        .map_err(|e| format!("front end: {e}"))?;
    let img = stg::compile(&core, &stg::FrontendPrims).map_err(|e| format!("stg: {e}"))?;
    // HSRTS_SANITY=0 and HSRTS_NURSERY_KB=n speed up a survey; the
    // default is the strict setting the tests use: sanity checks and a
    // 64 KiB nursery (or the program's own -A when it sets one).
    let sanity = std::env::var("HSRTS_SANITY")
        .map(|v| v != "0")
        .unwrap_or(true);
    let nursery_kb: usize = std::env::var("HSRTS_NURSERY_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let mut gc = flags.gc_config();
    if !src
        .lines()
        .any(|l| l.starts_with("-- rts:") && l.contains("-A"))
    {
        gc.nursery_bytes = nursery_kb * 1024;
    }
    gc.sanity_checks = sanity;
    let mut storage = Storage::new(gc).map_err(|e| e.to_string())?;
    let program =
        loader::load_bytes(&mut storage, &img.to_bytes()).map_err(|e| format!("load: {e}"))?;
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        prog_name: name.to_owned(),
        args,
        max_steps: Some(
            std::env::var("HSRTS_MAX_STEPS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(200_000_000),
        ),
        stdin: Some(std::fs::read(dir.join(format!("{name}.stdin"))).unwrap_or_default()),
        install_interrupts: false,
        ..InterpConfig::from_rts_flags(&flags)
    };
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    let stdout = String::from_utf8_lossy(&sink.stdout);
    let stderr = String::from_utf8_lossy(&sink.stderr);
    let status = match result {
        Ok(Exit::Code(c)) => c,
        Ok(Exit::Returned) => 0,
        Err(e) => {
            return Err(format!(
                "run error: {e} (stdout so far: {:?})",
                stdout
                    .chars()
                    .rev()
                    .take(200)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
            ));
        }
    };
    if stdout != expected {
        let at = stdout
            .char_indices()
            .zip(expected.chars())
            .find(|((_, a), b)| a != b)
            .map_or(stdout.len().min(expected.len()), |((i, _), _)| i);
        let from = at.saturating_sub(100);
        return Err(format!(
            "stdout differs at byte {at}: got {:?}, expected {:?}",
            stdout
                .get(from..)
                .unwrap_or("")
                .chars()
                .take(240)
                .collect::<String>(),
            expected
                .get(from..)
                .unwrap_or("")
                .chars()
                .take(300)
                .collect::<String>()
        ));
    }
    if stderr != expected_err {
        return Err(format!("stderr {stderr:?}, expected {expected_err:?}"));
    }
    if status != expected_exit {
        return Err(format!(
            "exit status {status}, expected {expected_exit}; stderr {stderr:?}"
        ));
    }
    Ok(())
}

/// Which corpus programs run correctly today (the rest are listed by
/// `corpus_survey`). Each one is compared with GHC's recorded output.
const PASSING: &[&str] = &[
    "args_progname",
    "binary_trees",
    "class_dispatch",
    "classes",
    "control_flow",
    "control_monad",
    "data_bits",
    "data_char",
    "data_list",
    "data_maybe",
    "deriving",
    "div_mod",
    "double_show",
    "enum_ranges",
    "exceptions",
    "exit_code",
    "exit_success",
    "fannkuch",
    "getline_stdin",
    "head_empty",
    "heap_exhausted",
    "int_overflow",
    "integer_bignum",
    "integrate",
    "interact_stdin",
    "ioref",
    "laziness",
    "list_comprehensions",
    "loop",
    "loop_caught",
    "monads",
    "mutual_recursion",
    "newtypes",
    "nfib",
    "numeric_classes",
    "operators",
    "patterns",
    "peano",
    "polymorphism",
    "queens",
    "records",
    "show_read_numbers",
    "sort_lines",
    "stable_name",
    "stable_ptr",
    "stack_overflow",
    "state_monad",
    "strings",
    "tak",
    "uncaught_custom",
    "uncaught_error",
    "weak_ptr",
];

#[test]
fn corpus_programs_match_ghc() {
    let mut failures = Vec::new();
    for name in PASSING {
        if let Err(e) = corpus_check(name) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Tries every program and prints which pass (a progress report, not an
/// assertion): `cargo test -p rts-core --test interp_e2e corpus_survey -- --ignored --nocapture`.
#[test]
#[ignore = "survey of the whole corpus; slow"]
fn corpus_survey() {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".hs")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    if let Ok(only) = std::env::var("HSRTS_PROGRAMS") {
        names.retain(|n| only.split(',').any(|o| o == n));
    }
    let mut pass = 0;
    for n in &names {
        let t = std::time::Instant::now();
        let r = std::panic::catch_unwind(|| corpus_check(n));
        match r {
            Ok(Ok(())) => {
                pass += 1;
                println!("PASS {n} ({:.2}s)", t.elapsed().as_secs_f64());
            }
            Ok(Err(e)) => println!("FAIL {n}: {}", e.chars().take(1000).collect::<String>()),
            Err(_) => println!("PANIC {n}"),
        }
    }
    println!("{pass}/{} pass", names.len());
}

/// Dispatch speed: `cargo test -p rts-core --test interp_e2e nfib_timing -- --ignored --nocapture`.
#[test]
#[ignore = "timing, not a test"]
fn nfib_timing() {
    let n = 25;
    let src = format!(
        "nfib :: Int -> Int\nnfib n = if n < 2 then 1 else nfib (n - 1) + nfib (n - 2) + 1\n\nmain :: IO ()\nmain = print (nfib {n})\n"
    );
    let bytes = image_bytes(&src);
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let program = loader::load_bytes(&mut storage, &bytes).expect("load");
    let mut sink = BufferSink::default();
    let t = std::time::Instant::now();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    let r = m.run_main();
    let steps = m.steps;
    let dt = t.elapsed().as_secs_f64();
    assert!(r.is_ok(), "{r:?}");
    let calls = nfib_ref(n) as f64;
    println!(
        "nfib {n}: {dt:.3} s, {steps} BCO activations, {:.0} ns per nfib call, {:.1} activations per call",
        dt * 1e9 / calls,
        steps as f64 / calls
    );
    assert_eq!(
        String::from_utf8_lossy(&sink.stdout),
        format!("{}\n", nfib_ref(n))
    );
}

/// Runs one source file and prints its output (a debugging aid):
/// `HSRTS_FILE=prog.hs cargo test -p rts-core --test interp_e2e run_file -- --ignored --nocapture`.
#[test]
#[ignore = "debugging aid"]
fn run_file() {
    let Ok(path) = std::env::var("HSRTS_FILE") else {
        return;
    };
    let src = std::fs::read_to_string(&path).expect("HSRTS_FILE readable");
    let o = run_with(&src, 1 << 20, false);
    println!("{}", o.stdout);
    eprintln!("{}", o.stderr);
    println!("result: {:?}, {} collections", o.result, o.collections);
}

/// `--chaos-gc=N` collects at every N-th allocation point: the same
/// output, with the sanity checker on, and many more collections.
#[test]
fn chaos_gc_keeps_results_and_collects_often() {
    let src = "import Data.IORef\nmain :: IO ()\nmain = do\n  r <- newIORef (0 :: Integer)\n  mapM_ (\\i -> modifyIORef r (+ (2 ^ i))) [1 .. 100 :: Int]\n  readIORef r >>= print\n  print (reverse (show (product [1 .. 30 :: Integer])))\n";
    let bytes = image_bytes(src);
    let mut runs = Vec::new();
    for chaos in [None, Some(3)] {
        let mut storage = Storage::new(GcConfig {
            nursery_bytes: 1 << 20,
            sanity_checks: true,
            ..GcConfig::default()
        })
        .expect("storage");
        let program = loader::load_bytes(&mut storage, &bytes).expect("load");
        let mut sink = BufferSink::default();
        let config = InterpConfig {
            chaos_gc_every: chaos,
            install_interrupts: false,
            ..InterpConfig::default()
        };
        let r = Machine::new(&mut storage, &program, &mut sink, config).run_main();
        assert!(r.is_ok(), "{r:?}");
        runs.push((
            String::from_utf8_lossy(&sink.stdout).into_owned(),
            storage.stats().collections(),
        ));
    }
    // sum of 2^i for i in 1..=100, and 30! reversed (big Integers).
    let fact30: String = "265252859812191058636308480000000".chars().rev().collect();
    assert_eq!(
        runs[0].0,
        format!("2535301200456458802993406410750\n{fact30:?}\n")
    );
    assert_eq!(runs[0].0, runs[1].0);
    assert!(
        runs[1].1 > runs[0].1 + 10,
        "collections {} vs {}",
        runs[1].1,
        runs[0].1
    );
}
