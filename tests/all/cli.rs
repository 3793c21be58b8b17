//! The `hsrts` command as a user meets it: `run` (exit statuses, RTS
//! options from the command line and `GHCRTS`, `-?`, unknown options,
//! `-s`), compile errors with `file:line:col`, `build` to an image and to a
//! wasm module (run under wasmtime), and `hsrts.wasm` itself under wasmtime.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::tools;

const HELLO: &str = "import System.Environment\nmain :: IO ()\nmain = do\n  args <- getArgs\n  name <- getProgName\n  putStrLn (name ++ \" \" ++ unwords args)\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

fn hsrts(dir: &Path, args: &[&str]) -> Output {
    Command::new(tools::hsrts())
        .current_dir(dir)
        .args(args)
        .env_remove("GHCRTS")
        .output()
        .expect("hsrts runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_passes_arguments_and_the_program_name() {
    let dir = tools::scratch_dir("cli-args");
    write(&dir, "greet.hs", HELLO);
    let out = hsrts(
        &dir,
        &["run", "greet.hs", "a", "b", "+RTS", "-A2m", "-RTS", "c"],
    );
    assert_eq!(text(&out.stdout), "greet a b c\n", "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn exit_statuses_follow_ghc() {
    let dir = tools::scratch_dir("cli-exit");
    write(
        &dir,
        "loopy.hs",
        "main :: IO ()\nmain = let x = x + 1 :: Int in print x\n",
    );
    let out = hsrts(&dir, &["run", "loopy.hs"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "loopy: <<loop>>\n");
    write(
        &dir,
        "deep.hs",
        "f :: Int -> Int\nf 0 = 0\nf n = 1 + f (n - 1)\nmain :: IO ()\nmain = print (f 10000000)\n",
    );
    let out = hsrts(&dir, &["run", "deep.hs", "+RTS", "-K1m", "-RTS"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with("deep: Stack space overflow: current size "),
        "{}",
        text(&out.stderr)
    );
    write(
        &dir,
        "big.hs",
        "main :: IO ()\nmain = do\n  let xs = [1 .. 3000000] :: [Integer]\n  print (length xs)\n  print (sum xs)\n",
    );
    let out = hsrts(&dir, &["run", "big.hs", "+RTS", "-M8m", "-RTS"]);
    assert_eq!(out.status.code(), Some(251), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with(
            "big: Heap exhausted;\nbig: Current maximum heap size is 8388608 bytes (8 MB).\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn compile_errors_name_the_file_as_given() {
    let dir = tools::scratch_dir("cli-compile");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    write(&dir, "src/bad.hs", "main :: IO ()\nmain = putStrLn True\n");
    let out = hsrts(&dir, &["run", "src/bad.hs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("src/bad.hs:2:"), "{err}");
    assert!(
        err.lines().next().is_some_and(|l| l.ends_with("error:")),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let out = hsrts(&dir, &["run", "missing.hs"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("missing.hs"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn rts_options_help_errors_and_ghcrts() {
    let dir = tools::scratch_dir("cli-rts");
    write(&dir, "greet.hs", HELLO);
    let out = hsrts(&dir, &["run", "greet.hs", "+RTS", "-?"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr)
            .lines()
            .any(|l| l.starts_with("greet: ") && l.contains("-K")),
        "{}",
        text(&out.stderr)
    );
    let out = hsrts(&dir, &["run", "greet.hs", "+RTS", "-Qq", "-RTS"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("greet: unknown RTS option: -Qq\n"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let out = Command::new(tools::hsrts())
        .current_dir(&dir)
        .args(["run", "greet.hs", "x"])
        .env("GHCRTS", "-Qq")
        .output()
        .expect("hsrts runs");
    assert_eq!(out.status.code(), Some(1), "GHCRTS is read");
    assert!(text(&out.stderr).contains("unknown RTS option: -Qq"));
    let out = Command::new(tools::hsrts())
        .current_dir(&dir)
        .args(["run", "greet.hs", "x"])
        .env("GHCRTS", "-A2m -s")
        .output()
        .expect("hsrts runs");
    assert_eq!(text(&out.stdout), "greet x\n");
    assert!(
        text(&out.stderr).contains("bytes allocated in the heap"),
        "GHCRTS -s: {}",
        text(&out.stderr)
    );
    let out = hsrts(&dir, &["run", "greet.hs", "+RTS", "--info"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).starts_with(" [(\"RTS\", \"hsrts\")"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn stats_report_has_ghcs_shape() {
    let dir = tools::scratch_dir("cli-stats");
    write(
        &dir,
        "sum.hs",
        "main :: IO ()\nmain = print (sum [1 .. 100000 :: Integer])\n",
    );
    let out = hsrts(&dir, &["run", "sum.hs", "+RTS", "-s", "-A64k", "-RTS"]);
    assert_eq!(text(&out.stdout), "5000050000\n");
    let err = text(&out.stderr);
    for needle in [
        "bytes allocated in the heap",
        "bytes copied during GC",
        "Gen  0",
        "Gen  1",
        "MUT     time",
        "GC      time",
        "Total   time",
        "Productivity",
    ] {
        assert!(err.contains(needle), "`{needle}` missing from:\n{err}");
    }
    // As GHC's hs_exit, the end of the run is one more major collection: a
    // program that never fills its nursery still shows one, and a
    // residency sample.
    write(
        &dir,
        "small.hs",
        "main :: IO ()\nmain = print (length \"small\")\n",
    );
    let out = hsrts(&dir, &["run", "small.hs", "+RTS", "-s", "-RTS"]);
    assert_eq!(text(&out.stdout), "5\n");
    let err = text(&out.stderr);
    let gen1 = err.lines().find(|l| l.trim_start().starts_with("Gen  1"));
    let gen1_colls = gen1.and_then(|l| l.split_whitespace().nth(2));
    assert_eq!(gen1_colls, Some("1"), "{err}");
    assert!(err.contains("maximum residency (1 sample(s))"), "{err}");
    let out = hsrts(&dir, &["run", "sum.hs", "+RTS", "-sstats.txt", "-RTS"]);
    assert_eq!(out.status.code(), Some(0));
    let file = std::fs::read_to_string(dir.join("stats.txt")).expect("-s<file> writes the file");
    assert!(file.contains("bytes allocated in the heap"), "{file}");
}

#[test]
fn build_an_image_and_run_it() {
    let dir = tools::scratch_dir("cli-image");
    write(&dir, "greet.hs", HELLO);
    let out = hsrts(&dir, &["build", "greet.hs", "-o", "greet.hsbc"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The image is recognised by its magic number, not its extension.
    std::fs::rename(dir.join("greet.hsbc"), dir.join("hello.img")).expect("rename");
    let out = hsrts(&dir, &["run", "hello.img", "1"]);
    assert_eq!(text(&out.stdout), "hello 1\n", "{}", text(&out.stderr));
    let out = hsrts(&dir, &["build", "greet.hs", "-o", "greet.exe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(".wasm"));
}

#[test]
fn an_ill_typed_primop_call_is_rejected_at_load() {
    use bytecode::{Image, Instr, decode_all, encode_all};
    let dir = tools::scratch_dir("cli-bad-prim");
    write(&dir, "greet.hs", HELLO);
    let out = hsrts(&dir, &["build", "greet.hs", "-o", "greet.hsbc"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bytes = std::fs::read(dir.join("greet.hsbc")).expect("read image");
    let mut img = Image::load(&bytes).expect("a built image validates");
    // Drop the last argument of the first `prim` that has one.
    let (prim, bco) = img
        .bcos
        .iter_mut()
        .find_map(|bco| {
            let mut code: Vec<Instr> = decode_all(&bco.code)
                .ok()?
                .into_iter()
                .map(|(_, i)| i)
                .collect();
            let (prim, args) = code.iter_mut().find_map(|i| match i {
                Instr::Prim { prim, args, .. } if !args.0.is_empty() => Some((*prim, args)),
                _ => None,
            })?;
            args.0.pop();
            bco.code = encode_all(&code);
            Some((prim, bco.name.clone()))
        })
        .expect("the library has a prim instruction");
    let primop = img.primops[prim.0 as usize].clone();
    std::fs::write(dir.join("bad.hsbc"), img.to_bytes()).expect("write image");
    let out = hsrts(&dir, &["run", "bad.hsbc"]);
    let err = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(out.status.code().is_some(), "killed by a signal: {err}");
    assert!(
        err.contains(&format!("({bco}) at")) && err.contains(&format!("{primop} takes (")),
        "{err}"
    );
}

#[test]
fn build_a_wasm_module_and_run_it_under_wasmtime() {
    let Some(wasmtime) = tools::wasmtime() else {
        panic!("wasmtime is needed (cargo xtask setup installs it)");
    };
    let dir = tools::scratch_dir("cli-wasm");
    write(&dir, "greet.hs", HELLO);
    let out = Command::new(tools::hsrts())
        .current_dir(&dir)
        .args(["build", "greet.hs", "-o", "greet.wasm"])
        .env("HSRTS_RUNNER", tools::runner_wasm())
        .output()
        .expect("hsrts runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let run = |args: &[&str]| {
        Command::new(&wasmtime)
            .current_dir(&dir)
            .arg("run")
            .arg("greet.wasm")
            .args(args)
            .output()
            .expect("wasmtime runs")
    };
    let out = run(&["x", "+RTS", "-s", "-RTS", "y"]);
    assert_eq!(text(&out.stdout), "greet x y\n", "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("bytes allocated in the heap"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["+RTS", "-Qq"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("greet: unknown RTS option: -Qq"),
        "{}",
        text(&out.stderr)
    );
    // That wasmtime ran it at all shows the `hsrts.*` imports are gone (an
    // unknown import fails instantiation); crates/hsrts's unit tests check the
    // spliced module's imports directly.
    // No runner: the error says how to build one.
    let out = Command::new(tools::hsrts())
        .current_dir(&dir)
        .args(["build", "greet.hs", "-o", "again.wasm"])
        .env("HSRTS_RUNNER", dir.join("no-such-runner.wasm"))
        .output()
        .expect("hsrts runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("cargo build --release --target wasm32-wasip1 -p hsrts --bin hsrts-runner"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn hsrts_itself_runs_under_wasmtime() {
    let Some(wasmtime) = tools::wasmtime() else {
        panic!("wasmtime is needed (cargo xtask setup installs it)");
    };
    let dir = tools::scratch_dir("cli-hsrts-wasm");
    write(&dir, "greet.hs", HELLO);
    let out = Command::new(&wasmtime)
        .current_dir(&dir)
        .args(["run", "--dir", "."])
        .arg(tools::hsrts_wasm())
        .args(["run", "greet.hs", "a", "+RTS", "-A1m", "-RTS"])
        .output()
        .expect("wasmtime runs");
    assert_eq!(text(&out.stdout), "greet a\n", "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
}
