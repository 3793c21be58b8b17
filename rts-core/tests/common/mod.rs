//! What the interpreter's end-to-end tests share: compiling a Haskell
//! source to a bytecode image with the front end and stg, and running it
//! under the sanity checker.

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine};
use rts_core::{GcConfig, Storage, loader};

/// The image of `src` (module `Main.hs`); panics on a compile error.
pub fn image(src: &str) -> Vec<u8> {
    let compile = |src: String| {
        let core = compile_source("Main.hs", &src, &StandardBuiltins)
            .unwrap_or_else(|e| panic!("front end: {e}"));
        stg::compile(&core, &stg::FrontendPrims)
            .unwrap_or_else(|e| panic!("stg: {e}"))
            .to_bytes()
    };
    let src = src.to_owned();
    // The front end recurses deeply: give it a big stack. wasm32-wasip1 has
    // no threads; its main stack is big already (.cargo/config.toml).
    if cfg!(target_family = "wasm") {
        return compile(src);
    }
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || compile(src))
        .expect("spawn")
        .join()
        .expect("compile")
}

/// Runs `src` with the sanity checker on and a 64 KiB nursery (so threads,
/// queues and thunks under evaluation cross many collections), optionally
/// under `--chaos-switch`, and returns its stdout. The run must succeed.
#[allow(dead_code)] // not every test crate that shares this module runs programs
pub fn run_checked(src: &str, chaos_switch: Option<(u64, u32)>) -> String {
    run_checked_chaos(src, chaos_switch, None)
}

/// `run_checked`, also with a collection forced at every `chaos_gc_every`-th
/// allocation point (`--chaos-gc`).
#[allow(dead_code)]
pub fn run_checked_chaos(
    src: &str,
    chaos_switch: Option<(u64, u32)>,
    chaos_gc_every: Option<u64>,
) -> String {
    let gc = GcConfig {
        nursery_bytes: 64 * 1024,
        sanity_checks: true,
        ..GcConfig::default()
    };
    let config = InterpConfig {
        install_interrupts: false,
        max_steps: Some(500_000_000),
        chaos_switch,
        chaos_gc_every,
        ..InterpConfig::default()
    };
    let out = run_image(&image(src), gc, config);
    assert_eq!(
        out.status, 0,
        "stdout {:?}; stderr {:?}",
        out.stdout, out.stderr
    );
    out.stdout
}

/// What a program printed and the status it ended with.
#[allow(dead_code)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub status: i64,
}

/// Runs the image `bytes` on a new storage manager made from `gc`, with
/// `config`. The run must end normally or by `exit`: a run error panics,
/// naming the program and what it printed.
#[allow(dead_code)]
pub fn run_image(bytes: &[u8], gc: GcConfig, config: InterpConfig) -> Outcome {
    let mut storage = Storage::new(gc).expect("storage");
    let program = loader::load_bytes(&mut storage, bytes).expect("load");
    let mut sink = BufferSink::default();
    let name = config.prog_name.clone();
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    let stdout = String::from_utf8_lossy(&sink.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&sink.stderr).into_owned();
    let status = match result {
        Ok(Exit::Code(c)) => c,
        Ok(Exit::Returned) => 0,
        Err(e) => panic!("{name}: run error {e}; stdout {stdout:?}; stderr {stderr:?}"),
    };
    Outcome {
        stdout,
        stderr,
        status,
    }
}
