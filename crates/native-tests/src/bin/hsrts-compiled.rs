//! `hsrts-compiled NAME [ARGS] [+RTS ...]`: runs corpus program NAME as
//! compiled to native code by the build script, the way `hsrts run` runs
//! bytecode (RTS options, `GHCRTS`, GHC's exit statuses, `+RTS -s`). The
//! bench's "hsrts compiled" system (`cargo xtask bench`, built with
//! `--release --features bench-programs`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut words = std::env::args().skip(1);
    let Some(name) = words.next() else {
        eprintln!("usage: hsrts-compiled PROGRAM [ARGS] [+RTS ...]");
        return ExitCode::from(hsrts::exec::FAILURE_EXIT);
    };
    let Some(program) = native_tests::find(&name) else {
        let known: Vec<&str> = native_tests::PROGRAMS.iter().map(|p| p.name).collect();
        eprintln!(
            "hsrts-compiled: no compiled program {name:?} (built: {})",
            known.join(", ")
        );
        return ExitCode::from(hsrts::exec::FAILURE_EXIT);
    };
    let argv: Vec<String> = words.collect();
    // The collector may recurse: run on a big stack, as `hsrts run` does.
    let status = hsrts::compile::with_big_stack(|| {
        hsrts::exec::run_native_image(program.image, program.code, program.name, &argv)
    });
    match status {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            eprintln!("{name}: hsrts: {e}");
            ExitCode::from(hsrts::exec::FAILURE_EXIT)
        }
    }
}
