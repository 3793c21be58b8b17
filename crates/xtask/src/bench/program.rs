//! The benchmark programs of `cargo xtask bench`: the corpus programs of
//! tests/programs/ that carry a `-- bench-args:` line (their full size);
//! their `-- args:` (the size the tests use) is the `--quick` size. The
//! metadata format is tests/programs/README.md's, read by the corpus loader
//! of `hsrts-tests`, so one file serves the tests and the benchmark.

use std::path::PathBuf;

/// One benchmark program.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// The file stem, e.g. `nfib`.
    pub name: String,
    pub path: PathBuf,
    pub args: Vec<String>,
    pub quick_args: Vec<String>,
    pub tags: Vec<String>,
}

impl Program {
    /// Whether the program needs threads (`forkIO`, MVars): the corpus tag
    /// `concurrency`.
    pub fn needs_threads(&self) -> bool {
        self.tags.iter().any(|t| t == "concurrency")
    }

    /// The arguments of a full or a quick run.
    pub fn args_for(&self, quick: bool) -> &[String] {
        if quick { &self.quick_args } else { &self.args }
    }

    /// `nfib 32`: the name and the arguments, as the tables show it.
    pub fn label(&self, quick: bool) -> String {
        let args = self.args_for(quick);
        if args.is_empty() {
            self.name.clone()
        } else {
            format!("{} {}", self.name, args.join(" "))
        }
    }
}

/// The benchmark programs, sorted by name.
pub fn load_programs() -> Result<Vec<Program>, String> {
    let corpus = hsrts_tests::load_corpus().map_err(|e| e.to_string())?;
    let programs: Vec<Program> = corpus
        .into_iter()
        .filter_map(|p| {
            let args = p.meta.bench_args?;
            Some(Program {
                name: p.name,
                path: p.source_path,
                args,
                quick_args: p.meta.args,
                tags: p.meta.tags,
            })
        })
        .collect();
    if programs.is_empty() {
        return Err(format!(
            "no benchmark programs (`-- bench-args:`) in {}",
            hsrts_tests::programs_dir().display()
        ));
    }
    Ok(programs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_set_comes_from_the_corpus() {
        let programs = load_programs().unwrap();
        let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
        for wanted in ["nfib", "queens", "sieve", "binary_trees", "thread_ring"] {
            assert!(names.contains(&wanted), "{names:?}");
        }
        let nfib = programs.iter().find(|p| p.name == "nfib").unwrap();
        assert_eq!(nfib.label(false), "nfib 32");
        assert!(!nfib.needs_threads());
        assert!(programs.iter().any(Program::needs_threads));
        assert!(
            programs
                .iter()
                .all(|p| !p.args.is_empty() && !p.quick_args.is_empty())
        );
    }
}
