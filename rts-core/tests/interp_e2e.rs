//! End to end: Haskell source → front end → STG → image bytes → loader →
//! interpreter on the real heap, with stdout captured. Runs with the
//! sanity checker on and a small nursery so evaluation crosses many GCs.

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
    assert!(
        o.collections > 0,
        "expected the small nursery to force collections"
    );
}

// ---------------------------------------------------------------- corpus

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/programs")
}

/// Runs `tests/programs/<name>.hs` (with its `-- args:` line, the program
/// named `<name>`) and compares stdout and the exit status with the files
/// recorded from GHC.
fn corpus_check(name: &str) -> Result<(), String> {
    let dir = corpus_dir();
    let src = std::fs::read_to_string(dir.join(format!("{name}.hs"))).map_err(|e| e.to_string())?;
    let expected = std::fs::read_to_string(dir.join(format!("{name}.stdout")))
        .map_err(|e| e.to_string())?
        .lines()
        .map(|l| match l.strip_prefix("<prog>") {
            Some(rest) => format!("{name}{rest}\n"),
            None => format!("{l}\n"),
        })
        .collect::<String>();
    let expected_exit: i64 = std::fs::read_to_string(dir.join(format!("{name}.exit")))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let args: Vec<String> = src
        .lines()
        .find_map(|l| l.strip_prefix("-- args:"))
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let core = compile_source("Main.hs", &src, &StandardBuiltins)
        .map_err(|e| format!("front end: {e}"))?;
    let img = stg::compile(&core, &stg::FrontendPrims).map_err(|e| format!("stg: {e}"))?;
    // HSRTS_SANITY=0 and HSRTS_NURSERY_KB=n speed up a survey; the
    // default is the strict setting the tests use.
    let sanity = std::env::var("HSRTS_SANITY")
        .map(|v| v != "0")
        .unwrap_or(true);
    let nursery_kb: usize = std::env::var("HSRTS_NURSERY_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    let mut storage = Storage::new(GcConfig {
        nursery_bytes: nursery_kb * 1024,
        sanity_checks: sanity,
        ..GcConfig::default()
    })
    .map_err(|e| e.to_string())?;
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
        ..InterpConfig::default()
    };
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    let stdout = String::from_utf8_lossy(&sink.stdout);
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
        return Err(format!(
            "stdout differs: got {:?}, expected {:?}",
            stdout.chars().take(300).collect::<String>(),
            expected.chars().take(300).collect::<String>()
        ));
    }
    if status != expected_exit {
        return Err(format!(
            "exit status {status}, expected {expected_exit}; stderr {:?}",
            String::from_utf8_lossy(&sink.stderr)
        ));
    }
    Ok(())
}

/// Which corpus programs run correctly today (the rest are listed by
/// `corpus_survey`). Each one is compared with GHC's recorded output.
const PASSING: &[&str] = &[
    "args_progname",
    "binary_trees",
    "binary_trees_a64k",
    "class_dispatch",
    "classes",
    "control_flow",
    "control_monad",
    "data_char",
    "data_list",
    "data_maybe",
    "deriving",
    "exceptions",
    "fannkuch",
    "integrate",
    "ioref",
    "list_comprehensions",
    "loop_caught",
    "monads",
    "mutual_recursion",
    "newtypes",
    "nfib",
    "operators",
    "patterns",
    "peano",
    "polymorphism",
    "queens",
    "records",
    "state_monad",
    "strings",
    "tak",
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
            Ok(Err(e)) => println!("FAIL {n}: {}", e.chars().take(300).collect::<String>()),
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
