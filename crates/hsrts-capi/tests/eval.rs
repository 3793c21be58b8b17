//! The C API driven from Rust as C would drive it, on a real program: the
//! runtime is started with `hs_init`, the image is registered with
//! `hsrts_set_image`, and values are built, applied, evaluated and read
//! back. One test function: the runtime is process-wide state.

// These tests load a bytecode image, which a runtime built without the
// interpreter refuses (interp-none; docs/design/native-code.md).
#![cfg(not(feature = "interp-none"))]

use std::ffi::{CStr, CString, c_char, c_int, c_void};

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use hsrts::capability::{HaskellObj, rts_lock, rts_unlock};
use hsrts::eval::*;
use hsrts::image::{hsrts_closure, hsrts_set_image};
use hsrts::marshal::*;
use hsrts::runtime::SchedulerStatus;
use hsrts::stable::*;
use hsrts::{hs_exit, hs_init};

const PROGRAM: &str = r#"
module Main where

import Foreign.Ptr (Ptr, plusPtr)

foreign export ccall nextPtr :: Ptr Int -> Ptr Int
nextPtr :: Ptr Int -> Ptr Int
nextPtr p = plusPtr p 8

foreign export ccall triple :: Int -> Int
triple :: Int -> Int
triple x = 3 * x

foreign export ccall count :: Int -> IO Int
count :: Int -> IO Int
count n = do
  putStrLn ("count " ++ show n)
  return (n + 1)

foreign export ccall isBig :: Double -> Bool
isBig :: Double -> Bool
isBig d = d > 100

foreign export ccall nextChar :: Char -> Char
nextChar :: Char -> Char
nextChar c = succ c

foreign export ccall sumTo :: Int -> Int
sumTo :: Int -> Int
sumTo n = strLen (replicate n 'x')

strLen :: String -> Int
strLen = length

foreign export ccall failing :: Int -> IO Int
failing :: Int -> IO Int
failing n = if n > 0 then error "boom" else return n

main :: IO ()
main = return ()
"#;

fn image() -> Vec<u8> {
    let core = compile_source("Main.hs", PROGRAM, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    stg::compile(&core, &stg::FrontendPrims)
        .unwrap_or_else(|e| panic!("stg: {e}"))
        .to_bytes()
}

/// `hsrts_closure` for a Rust string.
fn closure(cap: *mut hsrts::capability::Capability, name: &str) -> HaskellObj {
    let name = CString::new(name).unwrap();
    // SAFETY: the token and a NUL-terminated name.
    let obj = unsafe { hsrts_closure(cap, name.as_ptr()) };
    assert!(!obj.is_null(), "the image has no {name:?}");
    obj
}

#[test]
fn values_round_trip_and_functions_evaluate() {
    let bytes = image();
    // Registered before hs_init, loaded when the runtime starts.
    // SAFETY: a valid byte slice.
    assert_eq!(unsafe { hsrts_set_image(bytes.as_ptr(), bytes.len()) }, 0);

    // A small nursery so that building and evaluating cross collections.
    let words = ["eval_test", "+RTS", "-A8k", "-DS", "-RTS", "arg1"];
    let owned: Vec<CString> = words.iter().map(|w| CString::new(*w).unwrap()).collect();
    let mut argv_storage: Vec<*mut c_char> = owned.iter().map(|s| s.as_ptr().cast_mut()).collect();
    argv_storage.push(std::ptr::null_mut());
    let mut argc: c_int = words.len() as c_int;
    let mut argv = argv_storage.as_mut_ptr();
    // SAFETY: a valid argument vector.
    unsafe { hs_init(&mut argc, &mut argv) };
    assert_eq!(argc, 2, "RTS options are removed from argv");
    // SAFETY: argv now holds argc valid strings.
    let kept: Vec<&str> = (0..argc as usize)
        .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) }.to_str().unwrap())
        .collect();
    assert_eq!(kept, ["eval_test", "arg1"]);

    let mut cap = rts_lock();
    // SAFETY: `cap` is the token rts_lock returned to this thread and every
    // HaskellObj is of the current lock window (the whole block).
    unsafe {
        // Round trips of every one-word type.
        assert_eq!(rts_getInt(rts_mkInt(cap, -7)), -7);
        assert_eq!(rts_getInt(rts_mkInt(cap, i64::MIN)), i64::MIN);
        assert_eq!(rts_getWord(rts_mkWord(cap, u64::MAX)), u64::MAX);
        assert_eq!(rts_getInt8(rts_mkInt8(cap, -128)), -128);
        assert_eq!(rts_getInt16(rts_mkInt16(cap, -300)), -300);
        assert_eq!(rts_getInt32(rts_mkInt32(cap, i32::MIN)), i32::MIN);
        assert_eq!(rts_getInt64(rts_mkInt64(cap, i64::MAX)), i64::MAX);
        assert_eq!(rts_getWord8(rts_mkWord8(cap, 255)), 255);
        assert_eq!(rts_getWord16(rts_mkWord16(cap, 65535)), 65535);
        assert_eq!(rts_getWord32(rts_mkWord32(cap, u32::MAX)), u32::MAX);
        assert_eq!(rts_getWord64(rts_mkWord64(cap, 1 << 63)), 1 << 63);
        assert_eq!(rts_getChar(rts_mkChar(cap, 0x1F600)), 0x1F600);
        assert_eq!(rts_getDouble(rts_mkDouble(cap, -2.5)), -2.5);
        assert_eq!(rts_getBool(rts_mkBool(cap, 1)), 1);
        assert_eq!(rts_getBool(rts_mkBool(cap, 0)), 0);
        assert_eq!(rts_getBool(rts_mkBool(cap, 42)), 1);
        let p = 0x1234_5678usize as *mut c_void;
        assert_eq!(rts_getPtr(rts_mkPtr(cap, p)), p);
        assert_eq!(
            rts_getStablePtr(rts_mkStablePtr(cap, 9 as *mut c_void)),
            9 as *mut c_void
        );

        assert_eq!(rts_getFloat(rts_mkFloat(cap, 1.25)), 1.25);
        assert_eq!(rts_getFloat(rts_mkFloat(cap, f32::MAX)), f32::MAX);
        extern "C" fn some_function() {}
        let f: unsafe extern "C" fn() = some_function;
        assert_eq!(
            rts_getFunPtr(rts_mkFunPtr(cap, Some(f))).map(|g| g as usize),
            Some(f as usize)
        );
        assert!(rts_getFunPtr(rts_mkFunPtr(cap, None)).is_none());

        // A Ptr through Haskell code: the library's representation (a
        // newtype of Word) is what is built. (Sized integers and Float:
        // tests/sized_types.rs.)
        let mut r: HaskellObj = std::ptr::null_mut();
        let next = closure(cap, "Main.nextPtr");
        rts_eval(
            &mut cap,
            rts_apply(cap, next, rts_mkPtr(cap, 0x1000 as *mut c_void)),
            &mut r,
        );
        assert_eq!(rts_getPtr(r), 0x1008 as *mut c_void);

        // rts_apply + rts_eval on a pure export.
        rts_eval(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.triple"), rts_mkInt(cap, 14)),
            &mut r,
        );
        assert_eq!(rts_getSchedStatus(cap), SchedulerStatus::Success);
        assert_eq!(rts_getInt(r), 42);

        rts_eval(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.isBig"), rts_mkDouble(cap, 250.0)),
            &mut r,
        );
        assert_eq!(rts_getBool(r), 1);
        rts_eval(
            &mut cap,
            rts_apply(
                cap,
                closure(cap, "Main.nextChar"),
                rts_mkChar(cap, 'a' as u32),
            ),
            &mut r,
        );
        assert_eq!(rts_getChar(r), 'b' as u32);

        // A String built by rts_mkString, long enough to need collections
        // while it is built (-A8k).
        let text = CString::new("y".repeat(5000)).unwrap();
        let s = rts_mkString(cap, text.as_ptr());
        rts_eval(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.strLen"), s),
            &mut r,
        );
        assert_eq!(rts_getInt(r), 5000);

        // Evaluation that allocates a lot: handles made before it stay valid.
        let kept = rts_mkInt(cap, 77);
        rts_eval(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.sumTo"), rts_mkInt(cap, 20000)),
            &mut r,
        );
        assert_eq!(rts_getInt(r), 20000);
        assert_eq!(rts_getInt(kept), 77);

        // An IO export: its output and result.
        rts_evalIO(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.count"), rts_mkInt(cap, 5)),
            &mut r,
        );
        assert_eq!(rts_getSchedStatus(cap), SchedulerStatus::Success);
        assert_eq!(rts_getInt(r), 6);
        rts_evalLazyIO(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.count"), rts_mkInt(cap, 8)),
            &mut r,
        );
        rts_eval(&mut cap, r, &mut r);
        assert_eq!(rts_getInt(r), 9);

        // An exception: the status says so and the runtime goes on.
        rts_evalIO(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.failing"), rts_mkInt(cap, 1)),
            &mut r,
        );
        assert_eq!(rts_getSchedStatus(cap), SchedulerStatus::Killed);
        assert!(r.is_null());
        rts_evalIO(
            &mut cap,
            rts_apply(cap, closure(cap, "Main.failing"), rts_mkInt(cap, 0)),
            &mut r,
        );
        assert_eq!(rts_getSchedStatus(cap), SchedulerStatus::Success);
        assert_eq!(rts_getInt(r), 0);
    }

    // A stable pointer outlives the lock window and collections.
    // SAFETY: as above.
    let sp = unsafe { getStablePtr(rts_mkInt(cap, 1234)) };
    // SAFETY: the token of this thread.
    unsafe { rts_unlock(cap) };
    hs_perform_gc();
    let mut cap = rts_lock();
    // SAFETY: as above; `sp` is live.
    unsafe {
        assert_eq!(rts_getInt(deRefStablePtr(sp)), 1234);
        // rts_evalStableIO on an action held by a stable pointer.
        let action = getStablePtr(rts_apply(
            cap,
            closure(cap, "Main.count"),
            rts_mkInt(cap, 41),
        ));
        let mut out: *mut c_void = std::ptr::null_mut();
        rts_evalStableIO(&mut cap, action, &mut out);
        assert_eq!(rts_getInt(deRefStablePtr(out)), 42);
        freeStablePtr(out);
        hs_free_stable_ptr(action);
        freeStablePtr(sp);
        rts_unlock(cap);
    }

    // Many lock windows in a loop with collections in between: the handle
    // table and the heap stay bounded.
    for i in 0..2000 {
        let mut cap = rts_lock();
        // SAFETY: as above.
        unsafe {
            let mut r: HaskellObj = std::ptr::null_mut();
            rts_eval(
                &mut cap,
                rts_apply(cap, closure(cap, "Main.triple"), rts_mkInt(cap, i)),
                &mut r,
            );
            assert_eq!(rts_getInt(r), 3 * i);
            rts_unlock(cap);
        }
        if i % 100 == 0 {
            hs_perform_gc();
        }
    }
    hs_exit();
}
