//! Programs compiled with the real built-in library (`crate::prim`).

use crate::StandardBuiltins;
use crate::driver::{compile_source, infer_types};

fn compile_ok(src: &str) -> crate::core::Program {
    compile_source("prog.hs", src, &StandardBuiltins).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hello_world() {
    let p = compile_ok("main :: IO ()\nmain = putStrLn \"Hello, world!\"\n");
    assert!(p.main.is_some());
}

#[test]
fn inferred_types_with_the_prelude() {
    let ts = infer_types(
        "prog.hs",
        "f xs = map (+ 1) xs\ng = sum [1, 2, 3]\nmain = print (f [1 :: Int], g)\n",
        &StandardBuiltins,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts[0], "f :: Num a => [a] -> [a]");
    assert_eq!(ts[1], "g :: Integer");
}

/// Compiles every program of the shared corpus (`tests/programs/*.hs`) to
/// linted Core. Run with `--ignored --nocapture` to see each failure.
#[test]
#[ignore = "survey of the whole corpus; slow in debug builds"]
fn corpus_survey() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut failed = Vec::new();
    let mut total = 0;
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "hs"))
    {
        total += 1;
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if let Err(e) = compile_source(&name, &text, &StandardBuiltins) {
            let first: String = e.to_string().lines().take(6).collect::<Vec<_>>().join("\n");
            println!("--- {name}\n{first}");
            failed.push(name);
        }
    }
    println!("{} of {total} failed: {failed:?}", failed.len());
}
