//! Compiles corpus programs (tests/programs/*.hs) to native code at build
//! time: for each, the front end and STG make the image, the Rust back end
//! (crates/native-emit, what `hsrts build -o prog.rs` runs) writes
//! `NAME.rs` and its native image `NAME.hsimg` into OUT_DIR, and the
//! bytecode image `NAME.hsbc` goes beside them (the interpreter's side of
//! comparisons). `programs.rs` in OUT_DIR declares a module per program and
//! the table `PROGRAMS` that src/lib.rs includes.
//!
//! Which programs: [`TESTED`] always; with the feature `bench-programs`
//! also [`BENCHED`] (for `cargo xtask bench --system hsrts-compiled`).
//!
//! Nothing generated is checked in: a change to the library, the front end,
//! STG or the back end rebuilds those build-dependencies, which reruns this
//! script (Note [Generated at build time] in docs/design/native-code.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The programs the tests run (tests/native_programs.rs): pure code,
/// exceptions and threads.
const TESTED: &[&str] = &["nfib", "queens", "exceptions", "fork_many"];

/// The benchmark programs compiled for the bench's "hsrts compiled" system
/// (feature `bench-programs`). Not every program tagged `benchmark`: each
/// is about half a megabyte of generated Rust, and a release build of all
/// of them takes many minutes; the others' cells say they are not compiled.
const BENCHED: &[&str] = &["nfib", "queens", "tak", "sieve", "thread_ring"];

/// Stack of a compile thread: the front end recurses as deep as the
/// program is nested (as `hsrts::compile::BIG_STACK_BYTES`).
const COMPILE_STACK_BYTES: usize = 512 << 20;

/// One program to compile, with its header's arguments.
struct Source {
    name: String,
    path: PathBuf,
    text: String,
    args: Vec<String>,
    bench_args: Vec<String>,
}

fn main() {
    let manifest = PathBuf::from(env_var("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../../tests/programs");
    let out_dir = PathBuf::from(env_var("OUT_DIR"));
    println!("cargo::rerun-if-changed=build.rs");

    let mut names: Vec<String> = TESTED.iter().map(|s| (*s).to_owned()).collect();
    if std::env::var_os("CARGO_FEATURE_BENCH_PROGRAMS").is_some() {
        for name in BENCHED {
            if !names.iter().any(|n| n == name) {
                names.push((*name).to_owned());
            }
        }
    }
    let sources: Vec<Source> = names.iter().map(|n| read_source(&corpus, n)).collect();
    for s in &sources {
        println!("cargo::rerun-if-changed={}", s.path.display());
    }

    compile_all(&sources, &out_dir);
    let table = programs_table(&sources, &out_dir);
    write(&out_dir.join("programs.rs"), table.as_bytes());
}

fn env_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name} for build scripts"))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The value of the header line `-- KEY: words` of a corpus program.
fn header_words(text: &str, key: &str) -> Option<Vec<String>> {
    let prefix = format!("-- {key}:");
    text.lines()
        .take_while(|l| l.starts_with("--"))
        .find_map(|l| l.strip_prefix(&prefix))
        .map(|rest| rest.split_whitespace().map(str::to_owned).collect())
}

fn read_source(corpus: &Path, name: &str) -> Source {
    let path = corpus.join(format!("{name}.hs"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let args = header_words(&text, "args").unwrap_or_default();
    let bench_args = header_words(&text, "bench-args").unwrap_or_else(|| args.clone());
    Source {
        name: name.to_owned(),
        path,
        text,
        args,
        bench_args,
    }
}

/// Compiles every source on as many threads as there are CPUs (each with
/// a big stack), writing `NAME.rs`, `NAME.hsimg` and `NAME.hsbc`.
fn compile_all(sources: &[Source], out_dir: &Path) {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            std::thread::Builder::new()
                .stack_size(COMPILE_STACK_BYTES)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(source) = sources.get(i) else { break };
                        if let Err(e) = compile_one(source, out_dir) {
                            failures
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .push(format!("{}: {e}", source.name));
                        }
                    }
                })
                .expect("a compile thread starts");
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    assert!(
        failures.is_empty(),
        "corpus programs did not compile to native code:\n{}",
        failures.join("\n")
    );
}

fn compile_one(source: &Source, out_dir: &Path) -> Result<(), String> {
    let file = format!("{}.hs", source.name);
    let core = frontend::driver::compile_source(
        &file,
        &source.text,
        &frontend::driver::standard::StandardBuiltins,
    )
    .map_err(|e| e.to_string())?;
    let image = stg::compile(&core, &stg::FrontendPrims).map_err(|e| e.to_string())?;
    let bytecode = image.to_bytes();
    // Emitted from the image as the loader sees it (as `hsrts build` does).
    let image = bytecode::Image::load(&bytecode).map_err(|e| e.to_string())?;
    let image_file = out_dir.join(format!("{}.hsimg", source.name));
    let program = native_emit::generate(&image, &image_file.to_string_lossy(), &file)
        .map_err(|e| e.to_string())?;
    write(
        &out_dir.join(format!("{}.rs", source.name)),
        program.source.as_bytes(),
    );
    write(&image_file, &program.image);
    write(&out_dir.join(format!("{}.hsbc", source.name)), &bytecode);
    Ok(())
}

/// `programs.rs`: a module per program and the `PROGRAMS` table.
fn programs_table(sources: &[Source], out_dir: &Path) -> String {
    let mut out = String::from("// Generated by crates/native-tests/build.rs.\n\n");
    for s in sources {
        let rs = out_dir.join(format!("{}.rs", s.name));
        let _ = writeln!(
            out,
            "#[rustfmt::skip]\n#[path = {:?}]\nmod {};",
            rs.to_string_lossy(),
            s.name
        );
    }
    out.push_str("\n/// Every program compiled by the build script.\npub static PROGRAMS: &[CompiledProgram] = &[\n");
    for s in sources {
        let hsbc = out_dir.join(format!("{}.hsbc", s.name));
        let _ = writeln!(
            out,
            "    CompiledProgram {{\n        name: {name:?},\n        image: {name}::IMAGE,\n        \
             code: {name}::CODE,\n        bytecode: include_bytes!({hsbc:?}),\n        \
             args: &{args:?},\n        bench_args: &{bench:?},\n        tested: {tested},\n    }},",
            name = s.name,
            hsbc = hsbc.to_string_lossy(),
            args = s.args,
            bench = s.bench_args,
            tested = TESTED.contains(&s.name.as_str()),
        );
    }
    out.push_str("];\n");
    out
}
