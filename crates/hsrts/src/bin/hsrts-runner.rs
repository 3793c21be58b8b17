//! The `main` of a standalone wasm module made by `hsrts build -o prog.wasm`:
//! fetch the embedded image through the `hsrts.image_len`/`image_copy`
//! imports (which `hsrts build` replaces with local functions, see
//! docs/design/wasm-module.md) and run it like `hsrts run` does, RTS options
//! and all. The program's name is argv\[0\]'s file stem (`prog.wasm` runs as
//! `prog`).
//!
//! Built for anything but wasm32 this executable only says what it is for.

use std::process::ExitCode;

#[cfg(target_family = "wasm")]
mod embedded {
    #[link(wasm_import_module = "hsrts")]
    unsafe extern "C" {
        fn image_len() -> i32;
        fn image_copy(dst: *mut u8);
    }

    /// The embedded image.
    pub fn image() -> Vec<u8> {
        // SAFETY: `image_len` takes nothing and returns the segment length.
        let len = usize::try_from(unsafe { image_len() }).unwrap_or(0);
        let mut bytes = vec![0u8; len];
        // SAFETY: `bytes` has room for exactly `len` bytes, which is what
        // `image_copy` writes (memory.init of the whole segment).
        unsafe { image_copy(bytes.as_mut_ptr()) };
        bytes
    }
}

#[cfg(target_family = "wasm")]
fn main() -> ExitCode {
    let mut argv = std::env::args();
    let argv0 = argv.next().unwrap_or_else(|| "main".to_owned());
    let args: Vec<String> = argv.collect();
    let prog = hsrts::exec::program_name_for(&argv0);
    let image = embedded::image();
    // The process ends when `main` returns: nothing is freed (Note
    // [Nothing freed at exit] in exec.rs).
    ExitCode::from(hsrts::exec::run_image_for_exit(&image, &prog, &args))
}

#[cfg(not(target_family = "wasm"))]
fn main() -> ExitCode {
    eprintln!(
        "hsrts-runner is the wasm32-wasip1 runner that `hsrts build -o prog.wasm` embeds a program in; \
         build it with `{}`",
        hsrts::runner::COMMAND_RUNNER.build_command
    );
    ExitCode::from(2)
}
