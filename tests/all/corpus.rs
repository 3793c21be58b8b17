//! Checks of the program corpus itself: every program has its expected output,
//! its metadata parses, names are unique, it stays inside the Haskell subset
//! (imports and LANGUAGE pragmas), and the README lists it.

use hsrts_tests::{Program, load_corpus, programs_dir};

/// The modules a corpus program may import: the standard modules that the front
/// end resolves to its built-in library (issue 4's list, plus `Control.Concurrent.Chan`
/// and `System.Timeout` from the concurrency issue, `Data.Int`/`Data.Word`
/// for the sized types of the front end's session 2, the Foreign modules
/// `ffi_libc` uses, and the array and ST modules of session 3).
const ALLOWED_MODULES: [&str; 34] = [
    "Prelude",
    "Data.List",
    "Data.Char",
    "Data.Bits",
    "Data.Maybe",
    "Data.IORef",
    "Control.Monad",
    "Control.Exception",
    "System.IO",
    "System.Environment",
    "System.Exit",
    "Control.Concurrent",
    "Control.Concurrent.MVar",
    "Control.Concurrent.Chan",
    "System.Timeout",
    "System.Mem",
    "System.Mem.Weak",
    "System.Mem.StableName",
    "Foreign.StablePtr",
    "Data.Int",
    "Data.Word",
    "Foreign.Ptr",
    "Foreign.Storable",
    "Foreign.Marshal.Alloc",
    "Control.Monad.ST",
    "Data.STRef",
    "Data.Ix",
    "Data.Array",
    "Data.Array.ST",
    "Data.Array.MArray",
    "Data.Array.IO",
    "Data.Array.Unboxed",
    "Data.Array.IArray",
    "Main",
];

const ALLOWED_EXTENSIONS: [&str; 1] = ["BangPatterns"];

/// Issue 4 asks for at least 40 programs; the suite brief for at least 55.
const MIN_PROGRAMS: usize = 55;

fn corpus() -> Vec<Program> {
    load_corpus().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_program_has_expectations_and_valid_metadata() {
    let programs = corpus();
    assert!(
        programs.len() >= MIN_PROGRAMS,
        "only {} programs; want at least {MIN_PROGRAMS}",
        programs.len()
    );
    for p in &programs {
        assert!(!p.meta.tags.is_empty(), "{}: give it `-- tags:`", p.name);
        if p.has_tag("benchmark") {
            assert!(
                !p.meta.args.is_empty(),
                "{}: a benchmark takes its size from `-- args:`",
                p.name
            );
        }
        if p.exit != 0 {
            // A failing program says why on stderr; that message is part of the contract.
            assert!(
                p.expected_stderr().is_some(),
                "{}: exits with {} but has no .stderr",
                p.name,
                p.exit
            );
        }
    }
}

#[test]
fn programs_stay_inside_the_subset() {
    let mut problems = Vec::new();
    for p in corpus() {
        for (i, line) in p.source.lines().enumerate() {
            let line_no = i + 1;
            if let Some(rest) = line.strip_prefix("import ") {
                let module = rest
                    .trim_start()
                    .trim_start_matches("qualified ")
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if !ALLOWED_MODULES.contains(&module) {
                    problems.push(format!(
                        "{}.hs:{line_no}: imports `{module}`, not in the subset",
                        p.name
                    ));
                }
            }
            if let Some(rest) = line.trim().strip_prefix("{-#") {
                let rest = rest.trim_start();
                if let Some(exts) = rest.strip_prefix("LANGUAGE") {
                    for ext in exts.trim_end_matches("#-}").split(',').map(str::trim) {
                        if !ALLOWED_EXTENSIONS.contains(&ext) {
                            problems.push(format!(
                                "{}.hs:{line_no}: extension `{ext}` is not allowed",
                                p.name
                            ));
                        }
                    }
                } else if !rest.starts_with("OPTIONS_GHC") {
                    problems.push(format!("{}.hs:{line_no}: unexpected pragma", p.name));
                }
            }
        }
        let module_lines: Vec<&str> = p
            .source
            .lines()
            .filter(|l| l.starts_with("module "))
            .collect();
        if module_lines.iter().any(|l| !l.starts_with("module Main")) {
            problems.push(format!("{}.hs: the module must be Main", p.name));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn readme_lists_every_program() {
    let readme = std::fs::read_to_string(programs_dir().join("README.md"))
        .expect("tests/programs/README.md");
    let missing: Vec<String> = corpus()
        .into_iter()
        .filter(|p| !readme.contains(&format!("`{}`", p.name)))
        .map(|p| p.name)
        .collect();
    assert!(
        missing.is_empty(),
        "README.md does not list: {}",
        missing.join(", ")
    );
}

#[test]
fn corpus_covers_the_required_areas() {
    let programs = corpus();
    let count = |tag: &str| programs.iter().filter(|p| p.has_tag(tag)).count();
    for (tag, at_least) in [
        ("benchmark", 12),
        ("concurrency", 12),
        ("exceptions", 8),
        ("laziness", 4),
        ("gc", 4),
        ("stdin", 2),
        ("exit", 5),
    ] {
        assert!(
            count(tag) >= at_least,
            "only {} programs tagged `{tag}`; want {at_least}",
            count(tag)
        );
    }
    for name in [
        "nfib",
        "tak",
        "queens",
        "sieve",
        "wheel_sieve",
        "binary_trees",
        "peano",
        "integrate",
        "word_freq",
        "fannkuch",
    ] {
        assert!(
            programs.iter().any(|p| p.name == name),
            "the nofib-style program `{name}` is missing"
        );
    }
    assert!(
        programs.iter().any(|p| {
            p.meta.rts.iter().any(|o| o == "-A64k")
                || p.meta.rts_variants.iter().flatten().any(|o| o == "-A64k")
        }),
        "no program runs with -A64k"
    );
    assert!(
        programs
            .iter()
            .any(|p| p.meta.rts.iter().any(|o| o == "-A64m")),
        "no program runs with -A64m"
    );
}
