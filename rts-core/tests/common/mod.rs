//! What the interpreter's end-to-end tests share: compiling a Haskell
//! source to a bytecode image with the front end and stg.

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;

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
