//! Programs compiled to native code (the Rust back end, crates/native-emit,
//! run by build.rs at build time) run on the runtime without the bytecode
//! interpreter: each is loaded with `rts_core::loader::load_native` and its
//! output is compared with the program suite's expected output
//! (tests/programs/*.stdout, GHC's). Runs under every feature vector,
//! `interp-none` included (where it is the only way a program runs).

use std::path::PathBuf;

use native_tests::{CompiledProgram, PROGRAMS};
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Outcome {
    result: Result<Exit, RunError>,
    stdout: String,
}

fn run_native(program: &CompiledProgram, args: &[&str]) -> Outcome {
    let name = program.name;
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let loaded = loader::load_native(&mut storage, program.image, program.code)
        .unwrap_or_else(|e| panic!("{name}: cannot load: {e}"));
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        prog_name: name.to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        install_interrupts: false,
        ..InterpConfig::default()
    };
    let result = {
        let mut machine = Machine::new(&mut storage, &loaded, &mut sink, config);
        machine.run_main()
    };
    Outcome {
        result,
        stdout: String::from_utf8_lossy(&sink.stdout).into_owned(),
    }
}

#[test]
fn the_build_script_compiled_the_tested_programs() {
    let tested: Vec<&str> = PROGRAMS
        .iter()
        .filter(|p| p.tested)
        .map(|p| p.name)
        .collect();
    assert_eq!(tested, ["nfib", "queens", "exceptions", "fork_many"]);
    for p in PROGRAMS {
        assert_eq!(
            p.code.len(),
            bytecode::Image::load(p.image)
                .expect("native image")
                .bcos
                .len(),
            "{}: one function per bytecode object",
            p.name
        );
    }
}

#[test]
fn native_programs_print_what_ghc_prints() {
    for program in PROGRAMS.iter().filter(|p| p.tested) {
        let name = program.name;
        let expected =
            std::fs::read_to_string(repo_root().join(format!("tests/programs/{name}.stdout")))
                .expect("expected output");
        let out = run_native(program, program.args);
        assert!(
            matches!(out.result, Ok(Exit::Returned | Exit::Code(0))),
            "{name}: {:?}\nstdout: {}",
            out.result,
            out.stdout
        );
        assert_eq!(out.stdout, expected, "{name}");
    }
}

/// Without an interpreter the bytecode image of the same program is
/// refused with the documented message; with one it runs and prints what
/// the native code prints.
#[test]
fn bytecode_runs_only_with_an_interpreter() {
    let program = native_tests::find("nfib").expect("nfib is compiled");
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let loaded = loader::load_bytes(&mut storage, program.bytecode);
    if !rts_features::interp::INTERPRETER {
        let Err(err) = loaded else {
            panic!("interp-none must refuse bytecode")
        };
        assert_eq!(err.to_string(), loader::NO_INTERPRETER);
        return;
    }
    let loaded = loaded.expect("bytecode loads");
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        args: vec!["15".to_owned()],
        install_interrupts: false,
        ..InterpConfig::default()
    };
    let result = Machine::new(&mut storage, &loaded, &mut sink, config).run_main();
    assert!(result.is_ok(), "{result:?}");
    let native = run_native(program, &["15"]);
    assert!(native.result.is_ok(), "{:?}", native.result);
    assert_eq!(native.stdout, String::from_utf8_lossy(&sink.stdout));
    assert_eq!(native.stdout, "nfib 15 = 1973\n");
}

/// Native code against the interpreter on the same program (nfib 25):
/// prints both times. A measurement, not a test of speed (`--ignored`).
#[test]
#[ignore = "a measurement: cargo test -p native-tests --release -- --ignored --nocapture"]
fn native_and_interpreted_nfib_times() {
    if !rts_features::interp::INTERPRETER {
        return;
    }
    let program = native_tests::find("nfib").expect("nfib is compiled");
    let args = ["25"];
    let start = std::time::Instant::now();
    let native = run_native(program, &args);
    let native_time = start.elapsed();
    let start = std::time::Instant::now();
    let interpreted = {
        let mut storage = Storage::new(GcConfig::default()).expect("storage");
        let loaded = loader::load_bytes(&mut storage, program.bytecode).expect("loads");
        let mut sink = BufferSink::default();
        let config = InterpConfig {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            install_interrupts: false,
            ..InterpConfig::default()
        };
        let r = Machine::new(&mut storage, &loaded, &mut sink, config).run_main();
        assert!(r.is_ok());
        String::from_utf8_lossy(&sink.stdout).into_owned()
    };
    let interpreted_time = start.elapsed();
    assert_eq!(native.stdout, interpreted);
    println!("nfib 25: native {native_time:?}, interpreted {interpreted_time:?}");
}
