//! Sized integers (`Int8`..`Word64`) and `Float` built by `rts_mk*` and
//! used by Haskell code, which narrows its results with `narrow8Int#` and
//! friends and rounds `Float`s with `doubleRoundFloat#`.

// These tests load a bytecode image, which a runtime built without the
// interpreter refuses (interp-none; docs/design/native-code.md).
#![cfg(not(feature = "interp-none"))]

use std::ffi::CString;

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use hsrts::capability::{Capability, HaskellObj, rts_lock, rts_unlock};
use hsrts::eval::{rts_eval, rts_getSchedStatus};
use hsrts::image::{hsrts_closure, hsrts_set_image};
use hsrts::marshal::*;
use hsrts::runtime::SchedulerStatus;
use hsrts::{hs_exit, hs_init};

const PROGRAM: &str = r#"
module Main where

import Data.Int (Int8, Int32)
import Data.Word (Word16)

foreign export ccall addInt8 :: Int8 -> Int8 -> Int8
addInt8 :: Int8 -> Int8 -> Int8
addInt8 a b = a + b

foreign export ccall negateInt32 :: Int32 -> Int32
negateInt32 :: Int32 -> Int32
negateInt32 = negate

foreign export ccall twiceWord16 :: Word16 -> Word16
twiceWord16 :: Word16 -> Word16
twiceWord16 w = w * 2

foreign export ccall halfFloat :: Float -> Float
halfFloat :: Float -> Float
halfFloat x = x / 2

main :: IO ()
main = return ()
"#;

fn apply(cap: *mut Capability, f: &str, args: &[HaskellObj]) -> HaskellObj {
    let name = CString::new(f).unwrap();
    // SAFETY: the token; objects of the current lock window.
    unsafe {
        let mut app = hsrts_closure(cap, name.as_ptr());
        assert!(!app.is_null(), "no {f}");
        for a in args {
            app = hsrts::eval::rts_apply(cap, app, *a);
        }
        app
    }
}

#[test]
fn sized_arithmetic_wraps_like_ghc() {
    let core = compile_source("Main.hs", PROGRAM, &StandardBuiltins).expect("front end");
    let bytes = stg::compile(&core, &stg::FrontendPrims)
        .expect("stg")
        .to_bytes();
    // SAFETY: a valid slice; null arguments are allowed.
    unsafe {
        assert_eq!(hsrts_set_image(bytes.as_ptr(), bytes.len()), 0);
        hs_init(std::ptr::null_mut(), std::ptr::null_mut());
    }
    let mut cap = rts_lock();
    let mut r: HaskellObj = std::ptr::null_mut();
    // SAFETY: the token of this thread; objects of the current window.
    unsafe {
        let app = apply(
            cap,
            "Main.addInt8",
            &[rts_mkInt8(cap, 100), rts_mkInt8(cap, 100)],
        );
        rts_eval(&mut cap, app, &mut r);
        assert_eq!(rts_getSchedStatus(cap), SchedulerStatus::Success);
        assert_eq!(rts_getInt8(r), -56);
        let app = apply(cap, "Main.negateInt32", &[rts_mkInt32(cap, i32::MIN)]);
        rts_eval(&mut cap, app, &mut r);
        assert_eq!(rts_getInt32(r), i32::MIN);
        let app = apply(cap, "Main.twiceWord16", &[rts_mkWord16(cap, 40000)]);
        rts_eval(&mut cap, app, &mut r);
        assert_eq!(rts_getWord16(r), 14464);
        let app = apply(cap, "Main.halfFloat", &[rts_mkFloat(cap, 3.0)]);
        rts_eval(&mut cap, app, &mut r);
        assert_eq!(rts_getFloat(r), 1.5);
        rts_unlock(cap);
    }
    hs_exit();
}
