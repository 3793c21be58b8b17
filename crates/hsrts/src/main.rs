//! The `hsrts` command-line tool: `run`, `build`, `info` (DESIGN.md, "How a
//! program flows"; docs/user-guide.md).
//!
//! This file only turns the parsed command into work and the outcome into
//! an exit status; parsing is in [`hsrts::cli`], the work in the library's
//! modules.
//!
//! Note [One malloc arena]
//! `hsrts run` loads and runs the program on a thread with a big stack
//! (compile::with_big_stack). glibc gives each new thread that allocates
//! its own malloc arena, and a non-main arena grows its heap by
//! `mprotect`ing the next pages of a reserved 64 MiB region at each
//! allocation that needs more room, with no padding: loading the standard
//! library made about 1,070 `mprotect` calls (8 ms of system time of a
//! 26 ms start-up; docs/performance.md, "Session 8: start-up"). The main
//! arena grows with `brk` in steps padded by `M_TOP_PAD` (128 KiB), a few
//! dozen calls. Only one thread of `hsrts` allocates at a time (the main
//! thread waits for the worker; the ticker thread allocates next to
//! nothing), so `M_ARENA_MAX = 1` makes every thread use the main arena,
//! at no cost in contention. Set here, in the executable, not in the
//! library: an embedder's process keeps its own malloc policy.
//!
//! Note [Start-up page faults]
//! Loading the standard library touches about 9 MB of fresh malloc'd
//! memory (names, decoded code, info tables): one page fault per 4 KiB
//! page, about 2,200 faults and most of start-up's system time. At start
//! `hsrts` makes the heap grow once by [`HEAP_PAD_BYTES`] (`M_TOP_PAD`, and
//! two probe allocations that the initial heap cannot hold) and advises
//! the kernel to back that range with transparent huge pages
//! (`MADV_HUGEPAGE`; glibc's `glibc.malloc.hugetlb=1` tunable does the
//! same, but only from the environment). Where THP is enabled ("always" or
//! "madvise"), a 2 MiB page costs one fault: `thread_ring 1` went from
//! about 2,390 faults to about 350. Only touched huge pages take memory, so
//! a small program's resident size grows by at most a few MiB. Where THP
//! is off or the advice fails, nothing changes but the padding. The heap
//! is not trimmed below the padding, which `hsrts run` never needs.
use std::process::ExitCode;

use hsrts::cli::{self, Command, OutputKind};
use hsrts::{compile, emit_c, emit_rust, exec, info, reactor, wasm_module};

/// Exit status when a program does not compile (GHC's is 1 too).
const COMPILE_ERROR_STATUS: u8 = 1;

fn main() -> ExitCode {
    tune_malloc();
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
    // The process ends when this returns: nothing is freed (Note [Nothing
    // freed at exit] in exec.rs).
    match compile::with_big_stack(|| exec::run_image_for_exit(&image, &prog, args)) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("{prog}: hsrts: {e}");
            exec::FAILURE_EXIT
        }
    }
}

/// Note [One malloc arena] and Note [Start-up page faults]. glibc only:
/// other C libraries have neither option (musl's allocator has no
/// per-thread arenas and no padding to set).
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes two integers and changes only the allocator's
    // policy, before any other thread exists; `sbrk(0)` only reads the
    // break; the probe is allocated and freed here; `madvise` is given a
    // range of the heap that `malloc` owns and only changes how the kernel
    // backs it (never its contents).
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_TOP_PAD, HEAP_PAD_BYTES as libc::c_int);
        let before = libc::sbrk(0) as usize;
        // Two allocations the initial heap (about 132 KiB) cannot both hold,
        // each below the mmap threshold (128 KiB): the heap grows now.
        // (`black_box`: the compiler may not drop an unused malloc/free pair.)
        let probes = std::hint::black_box([libc::malloc(PROBE_BYTES), libc::malloc(PROBE_BYTES)]);
        for p in probes {
            libc::free(p);
        }
        let after = libc::sbrk(0) as usize;
        let start = before.next_multiple_of(HUGE_PAGE_BYTES);
        let end = after / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
        if before != usize::MAX && after != usize::MAX && end > start {
            // Advice only: without transparent huge pages it fails, harmlessly.
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

/// How far the heap grows at a time (Note [Start-up page faults]).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_PAD_BYTES: usize = 32 << 20;
/// A transparent huge page on x86-64 and aarch64 (4 KiB base pages).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HUGE_PAGE_BYTES: usize = 2 << 20;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const PROBE_BYTES: usize = 96 << 10;

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
