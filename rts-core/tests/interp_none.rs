//! Loading bytecode and native programs under both kinds of build: with
//! `interp-none` a bytecode image is refused with the documented message
//! (docs/design/native-code.md); with an interpreter it loads, and
//! `load_native` refuses code that does not fit the image or an image that
//! still holds bytecode. Native programs themselves run in
//! crates/native-tests.

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use rts_core::interp::native::NativeCode;
use rts_core::{GcConfig, Storage, loader};

fn image_bytes(src: &str) -> Vec<u8> {
    let core = compile_source("Main.hs", src, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    let img = stg::compile(&core, &stg::FrontendPrims).unwrap_or_else(|e| panic!("stg: {e}"));
    img.to_bytes()
}

const HELLO: &str = "main :: IO ()\nmain = putStrLn \"hello\"\n";

#[test]
fn bytecode_loads_only_with_an_interpreter() {
    let bytes = image_bytes(HELLO);
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let result = loader::load_bytes(&mut storage, &bytes);
    if rts_features::interp::INTERPRETER {
        assert!(result.is_ok(), "{:?}", result.err());
    } else {
        let err = result.expect_err("interp-none must refuse bytecode");
        assert!(matches!(err, loader::LoadError::NoInterpreter));
        assert_eq!(err.to_string(), loader::NO_INTERPRETER);
        assert!(
            err.to_string()
                .starts_with("this hsrts was built without the bytecode interpreter (interp-none)")
        );
    }
}

#[test]
fn load_native_refuses_code_that_does_not_fit() {
    let bytes = image_bytes(HELLO);
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let none: &'static [NativeCode] = &[];
    let err = loader::load_native(&mut storage, &bytes, none).expect_err("no code at all");
    assert!(matches!(err, loader::LoadError::NativeMismatch(_)), "{err}");
}

#[test]
fn load_native_refuses_an_image_that_still_holds_bytecode() {
    let bytes = image_bytes(HELLO);
    let image = bytecode::Image::load(&bytes).expect("image");
    let code: &'static [NativeCode] = Box::leak(
        vec![rts_core::interp::native::prelude::not_compiled as NativeCode; image.bcos.len()]
            .into_boxed_slice(),
    );
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let err = loader::load_native(&mut storage, &bytes, code).expect_err("bytecode image");
    assert!(err.to_string().contains("still holds bytecode"), "{err}");
}
