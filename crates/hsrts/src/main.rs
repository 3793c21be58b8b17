//! The `hsrts` command-line tool: `run`, `build`, `info` (DESIGN.md, "How a
//! program flows"; docs/user-guide.md).
//!
//! This file only turns the parsed command into work and the outcome into
//! an exit status; parsing is in [`hsrts::cli`], the work in the library's
//! modules.

use std::process::ExitCode;

use hsrts::cli::{self, Command, OutputKind};
use hsrts::{compile, emit_c, emit_rust, exec, info, reactor, wasm_module};

/// Exit status when a program does not compile (GHC's is 1 too).
const COMPILE_ERROR_STATUS: u8 = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args) {
        Ok(Command::Info) => {
            print!("{}", info::render(&info::fields()));
            ExitCode::SUCCESS
        }
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("hsrts {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Run { file, args }) => ExitCode::from(run(&file, &args)),
        Ok(Command::Build { file, output, kind }) => ExitCode::from(build(&file, &output, kind)),
        Ok(Command::BuildReactor {
            file,
            output,
            exports,
        }) => ExitCode::from(build_reactor(&file, &output, &exports)),
        Ok(Command::PostLink { input, output }) => {
            match reactor::post_link_file(input.as_ref(), output.as_ref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("hsrts: post-link: {e}");
                    ExitCode::from(COMPILE_ERROR_STATUS)
                }
            }
        }
        Err(e) => {
            eprintln!("hsrts: {e}");
            eprintln!("{}", cli::USAGE);
            ExitCode::from(cli::USAGE_ERROR_STATUS)
        }
    }
}

/// `hsrts run`: an image is recognised by its magic number, anything else
/// is compiled as Haskell source.
fn run(file: &str, args: &[String]) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("hsrts: {file}: cannot read: {e}");
            return COMPILE_ERROR_STATUS;
        }
    };
    let image = if compile::is_image(&bytes) {
        bytes
    } else {
        let source = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("hsrts: {file}: neither an hsrts image nor UTF-8 Haskell source");
                return COMPILE_ERROR_STATUS;
            }
        };
        match compile::with_big_stack(|| compile::source_to_image(file, &source)).and_then(|r| r) {
            Ok(image) => image,
            Err(e) => {
                eprintln!("{e}");
                return COMPILE_ERROR_STATUS;
            }
        }
    };
    let prog = exec::program_name_for(file);
    // The interpreter keeps its stack on the heap, but the collector and the
    // loader may recurse: run on the big stack too.
    match compile::with_big_stack(|| exec::run_image(&image, &prog, args)) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("{prog}: hsrts: {e}");
            exec::FAILURE_EXIT
        }
    }
}

/// `hsrts build`.
fn build(file: &str, output: &str, kind: OutputKind) -> u8 {
    let image = match compile::file_to_image(file) {
        Ok(image) => image,
        Err(e) => {
            eprintln!("{e}");
            return COMPILE_ERROR_STATUS;
        }
    };
    let bytes = match kind {
        OutputKind::Image => image,
        OutputKind::WasmModule => match wasm_module::build_module(&image) {
            Ok(module) => module,
            Err(e) => {
                eprintln!("hsrts: {e}");
                return COMPILE_ERROR_STATUS;
            }
        },
        OutputKind::CSource {
            no_main,
            wrapper_pool,
        } => return write_c(&image, output, no_main, wrapper_pool),
        OutputKind::RustSource => return write_rust(&image, file, output),
    };
    if let Err(e) = std::fs::write(output, bytes) {
        eprintln!("hsrts: cannot write {output}: {e}");
        return COMPILE_ERROR_STATUS;
    }
    0
}

/// `hsrts build --reactor`: the JavaScript FFI reactor module (reactor.rs).
fn build_reactor(file: &str, output: &str, exports: &[String]) -> u8 {
    let made = compile::file_to_image(file)
        .map_err(|e| e.to_string())
        .and_then(|image| {
            reactor::build_reactor(&image, exports).map_err(|e| format!("hsrts: {e}"))
        });
    match made {
        Ok(module) => match std::fs::write(output, module) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("hsrts: cannot write {output}: {e}");
                COMPILE_ERROR_STATUS
            }
        },
        Err(e) => {
            eprintln!("{e}");
            COMPILE_ERROR_STATUS
        }
    }
}

/// `hsrts build -o prog.rs`: the Rust file at `output` and the native
/// image it includes beside it (`prog.rs` -> `prog.hsimg`).
fn write_rust(image: &[u8], file: &str, output: &str) -> u8 {
    let image_path = match output.strip_suffix(".rs") {
        Some(stem) => format!("{stem}.hsimg"),
        None => format!("{output}.hsimg"),
    };
    let image_name = std::path::Path::new(&image_path)
        .file_name()
        .map_or_else(|| image_path.clone(), |n| n.to_string_lossy().into_owned());
    let source_name = std::path::Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    let generated = bytecode::Image::load(image)
        .map_err(|e| e.to_string())
        .and_then(|image| {
            emit_rust::generate(&image, &image_name, &source_name).map_err(|e| e.to_string())
        });
    let program = match generated {
        Ok(program) => program,
        Err(e) => {
            eprintln!("hsrts: -o {output}: {e}");
            return COMPILE_ERROR_STATUS;
        }
    };
    for (path, bytes) in [
        (output, program.source.as_bytes()),
        (image_path.as_str(), program.image.as_slice()),
    ] {
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("hsrts: cannot write {path}: {e}");
            return COMPILE_ERROR_STATUS;
        }
    }
    0
}

/// `hsrts build --emit-c`: the C file at `output` and its header beside it
/// (`x_hs.c` -> `x_hs.h`).
fn write_c(image: &[u8], output: &str, no_main: bool, wrapper_pool: usize) -> u8 {
    let header_path = match output.strip_suffix(".c") {
        Some(stem) => format!("{stem}.h"),
        None => format!("{output}.h"),
    };
    let header_name = std::path::Path::new(&header_path)
        .file_name()
        .map_or_else(|| header_path.clone(), |n| n.to_string_lossy().into_owned());
    let generated = bytecode::Image::load(image)
        .map_err(|e| e.to_string())
        .and_then(|image| {
            let options = emit_c::EmitOptions {
                header_name,
                no_main,
                wrapper_pool,
            };
            emit_c::generate(&image, &options).map_err(|e| e.to_string())
        });
    let (c, h) = match generated {
        Ok(files) => files,
        Err(e) => {
            eprintln!("hsrts: --emit-c: {e}");
            return COMPILE_ERROR_STATUS;
        }
    };
    for (path, text) in [(output, c), (header_path.as_str(), h)] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("hsrts: cannot write {path}: {e}");
            return COMPILE_ERROR_STATUS;
        }
    }
    0
}
