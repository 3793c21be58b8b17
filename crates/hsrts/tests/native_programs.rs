//! Programs compiled to native code (`hsrts build -o prog.rs`,
//! src/emit_rust.rs) run on the runtime without the bytecode interpreter:
//! the snapshots in tests/native/ are loaded with
//! `rts_core::loader::load_native` and their output is compared with the
//! program suite's expected output (tests/programs/*.stdout, GHC's).
//! Runs under every feature vector, `interp-none` included (where it is the
//! only way a program runs).
//!
//! The snapshots are generated files; `native_snapshots_are_current`
//! regenerates them in memory and fails when they differ (the front end,
//! the library or the back end changed). To update them:
//! `HSRTS_UPDATE_NATIVE=1 cargo test -p hsrts --test native_programs`.

use std::path::PathBuf;

use rts_core::interp::native::NativeCode;
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};

#[rustfmt::skip]
#[path = "native/exceptions.rs"]
mod exceptions;
#[rustfmt::skip]
#[path = "native/fork_many.rs"]
mod fork_many;
#[rustfmt::skip]
#[path = "native/nfib.rs"]
mod nfib;
#[rustfmt::skip]
#[path = "native/queens.rs"]
mod queens;

/// The compiled programs: corpus name, native image, code, arguments (the
/// `args:` line of tests/programs/NAME.hs).
const PROGRAMS: &[(&str, &[u8], &[NativeCode], &[&str])] = &[
    ("nfib", nfib::IMAGE, nfib::CODE, &["22"]),
    ("queens", queens::IMAGE, queens::CODE, &["8"]),
    ("exceptions", exceptions::IMAGE, exceptions::CODE, &[]),
    ("fork_many", fork_many::IMAGE, fork_many::CODE, &["10000"]),
];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Outcome {
    result: Result<Exit, RunError>,
    stdout: String,
}

fn run_native(name: &str, image: &[u8], code: &'static [NativeCode], args: &[&str]) -> Outcome {
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let program = loader::load_native(&mut storage, image, code)
        .unwrap_or_else(|e| panic!("{name}: cannot load: {e}"));
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        prog_name: name.to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        install_interrupts: false,
        ..InterpConfig::default()
    };
    let result = {
        let mut machine = Machine::new(&mut storage, &program, &mut sink, config);
        machine.run_main()
    };
    Outcome {
        result,
        stdout: String::from_utf8_lossy(&sink.stdout).into_owned(),
    }
}

#[test]
fn native_programs_print_what_ghc_prints() {
    for &(name, image, code, args) in PROGRAMS {
        let expected =
            std::fs::read_to_string(repo_root().join(format!("tests/programs/{name}.stdout")))
                .expect("expected output");
        let out = run_native(name, image, code, args);
        assert!(
            matches!(out.result, Ok(Exit::Returned | Exit::Code(0))),
            "{name}: {:?}\nstdout: {}",
            out.result,
            out.stdout
        );
        assert_eq!(out.stdout, expected, "{name}");
    }
}

/// The snapshots are what the back end writes today for the corpus sources
/// (so the native code tested above is the back end's real output).
#[test]
fn native_snapshots_are_current() {
    let update = std::env::var_os("HSRTS_UPDATE_NATIVE").is_some();
    let mut stale = Vec::new();
    for &(name, ..) in PROGRAMS {
        let source_path = repo_root().join(format!("tests/programs/{name}.hs"));
        let source = std::fs::read_to_string(&source_path).expect("corpus source");
        let file = format!("{name}.hs");
        let image =
            hsrts::compile::with_big_stack(move || hsrts::compile::source_to_image(&file, &source))
                .expect("compiler thread")
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let image = bytecode::Image::load(&image).expect("image");
        let generated =
            hsrts::emit_rust::generate(&image, &format!("{name}.hsimg"), &format!("{name}.hs"))
                .expect("generates");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/native");
        let rs = dir.join(format!("{name}.rs"));
        let img = dir.join(format!("{name}.hsimg"));
        let same = std::fs::read(&rs).ok().as_deref() == Some(generated.source.as_bytes())
            && std::fs::read(&img).ok() == Some(generated.image.clone());
        if !same {
            stale.push(name);
            if update {
                std::fs::write(&rs, &generated.source).expect("write");
                std::fs::write(&img, &generated.image).expect("write");
            }
        }
    }
    assert!(
        stale.is_empty(),
        "native snapshots out of date: {stale:?}{}",
        if update {
            " (rewritten; run the tests again)"
        } else {
            "; update with HSRTS_UPDATE_NATIVE=1 cargo test -p hsrts --test native_programs"
        }
    );
}

/// Native code against the interpreter on the same program (nfib 25):
/// prints both times. A measurement, not a test of speed (`--ignored`).
#[test]
#[ignore = "a measurement: cargo test -p hsrts --test native_programs -- --ignored --nocapture"]
#[cfg(not(feature = "interp-none"))]
fn native_and_interpreted_nfib_times() {
    let source = std::fs::read_to_string(repo_root().join("tests/programs/nfib.hs")).expect("src");
    let bytes =
        hsrts::compile::with_big_stack(move || hsrts::compile::source_to_image("nfib.hs", &source))
            .expect("thread")
            .expect("compiles");
    let args = ["25"];
    let start = std::time::Instant::now();
    let native = run_native("nfib", nfib::IMAGE, nfib::CODE, &args);
    let native_time = start.elapsed();
    let start = std::time::Instant::now();
    let interpreted = {
        let mut storage = Storage::new(GcConfig::default()).expect("storage");
        let program = loader::load_bytes(&mut storage, &bytes).expect("loads");
        let mut sink = BufferSink::default();
        let config = InterpConfig {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            install_interrupts: false,
            ..InterpConfig::default()
        };
        let r = Machine::new(&mut storage, &program, &mut sink, config).run_main();
        assert!(r.is_ok());
        String::from_utf8_lossy(&sink.stdout).into_owned()
    };
    let interpreted_time = start.elapsed();
    assert_eq!(native.stdout, interpreted);
    println!("nfib 25: native {native_time:?}, interpreted {interpreted_time:?}");
}

/// `hsrts run` of bytecode: runs with an interpreter; without one, exits 1
/// saying the interpreter is not in this build. `hsrts build -o x.rs`
/// writes the Rust file and its native image in either build.
#[test]
fn the_command_line_with_and_without_an_interpreter() {
    let dir = std::env::temp_dir().join(format!("hsrts-native-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.join("hello.hs");
    std::fs::write(&src, "main :: IO ()\nmain = putStrLn \"hello\"\n").expect("write");
    let hsrts = env!("CARGO_BIN_EXE_hsrts");
    let run = std::process::Command::new(hsrts)
        .arg("run")
        .arg(&src)
        .output()
        .expect("hsrts runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    if rts_features::interp::INTERPRETER {
        assert!(run.status.success(), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&run.stdout), "hello\n");
    } else {
        assert_eq!(run.status.code(), Some(1), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "hello: hsrts: cannot load the program: {}\n",
                loader::NO_INTERPRETER
            )
        );
    }
    let out = dir.join("hello.rs");
    let build = std::process::Command::new(hsrts)
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hsrts runs");
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let rust = std::fs::read_to_string(&out).expect("the Rust file");
    assert!(rust.contains("include_bytes!(\"hello.hsimg\")"));
    let image = std::fs::read(dir.join("hello.hsimg")).expect("the native image");
    assert!(bytecode::Image::load(&image).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}
