//! Foreign calls in the interpreter (`ffi.call`, interp/machine/ffi.rs):
//! Haskell source → front end → STG → image → loader → interpreter, calling
//! C through whichever interpreter implementation this build has. The
//! corpus program `ffi_libc` must print GHC's recorded output; under
//! interp-static the test registers the C functions it imports itself (the
//! runtime registers only malloc/calloc/free); under interp-none every
//! foreign call is an error that says so.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/native-tests.
#![cfg(not(feature = "interp-none"))]

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};
use rts_features::interp::{self as cffi, FfiError, StaticEntry};

struct Outcome {
    result: Result<Exit, RunError>,
    stdout: String,
}

fn run(src: &str, args: Vec<String>) -> Outcome {
    let core = compile_source("Main.hs", src, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    let img = stg::compile(&core, &stg::FrontendPrims).unwrap_or_else(|e| panic!("stg: {e}"));
    let bytes = img.to_bytes();
    let mut storage = Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        sanity_checks: true,
        ..GcConfig::default()
    })
    .expect("storage");
    let program = loader::load_bytes(&mut storage, &bytes).unwrap_or_else(|e| panic!("load: {e}"));
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        args,
        max_steps: Some(50_000_000),
        ..InterpConfig::default()
    };
    let result = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    Outcome {
        result,
        stdout: String::from_utf8_lossy(&sink.stdout).into_owned(),
    }
}

fn corpus(name: &str, ext: &str) -> String {
    let path = format!(
        "{}/../tests/programs/{name}.{ext}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// The C functions `ffi_libc` imports besides malloc/calloc/free, as a
// link-time table for interp-static (interp-libffi finds them by dlsym).

unsafe extern "C" {
    fn sin(x: f64) -> f64;
    fn cos(x: f64) -> f64;
    fn abs(x: i32) -> i32;
    fn labs(x: i64) -> i64;
    fn toupper(c: i32) -> i32;
    fn strlen(s: *const core::ffi::c_char) -> usize;
}

/// # Safety
/// `args`: one slot; `result`: one writable slot (the thunk contract).
unsafe extern "C" fn sin_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: by the thunk contract; sin takes any double.
    unsafe { *result = sin(f64::from_bits(*args)).to_bits() }
}
/// # Safety
/// As `sin_thunk`.
unsafe extern "C" fn cos_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: as above.
    unsafe { *result = cos(f64::from_bits(*args)).to_bits() }
}
/// # Safety
/// As `sin_thunk`.
unsafe extern "C" fn abs_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: as above; results sign-extended to the slot.
    unsafe { *result = abs(*args as i32) as i64 as u64 }
}
/// # Safety
/// As `sin_thunk`.
unsafe extern "C" fn labs_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: as above.
    unsafe { *result = labs(*args as i64) as u64 }
}
/// # Safety
/// As `sin_thunk`.
unsafe extern "C" fn toupper_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: as above; the program passes character codes.
    unsafe { *result = toupper(*args as i32) as i64 as u64 }
}
/// # Safety
/// As `sin_thunk`, and the slot holds a NUL-terminated string's address.
unsafe extern "C" fn strlen_thunk(args: *const u64, result: *mut u64) {
    // SAFETY: as above; the program passes a calloc'ed, NUL-terminated buffer.
    unsafe { *result = strlen(*args as usize as *const core::ffi::c_char) as u64 }
}

static LIBC_TABLE: [StaticEntry; 6] = [
    StaticEntry::new(c"sin", c"d>d", sin_thunk),
    StaticEntry::new(c"cos", c"d>d", cos_thunk),
    StaticEntry::new(c"abs", c"i>i", abs_thunk),
    StaticEntry::new(c"labs", c"l>l", labs_thunk),
    StaticEntry::new(c"toupper", c"i>i", toupper_thunk),
    StaticEntry::new(c"strlen", c"p>L", strlen_thunk),
];

fn register_for_static() {
    if cffi::IMPLEMENTATION == "static" {
        cffi::register_static_table(&LIBC_TABLE);
    }
}

#[test]
fn ffi_libc_prints_ghcs_output() {
    register_for_static();
    let o = run(&corpus("ffi_libc", "hs"), vec![]);
    if !cffi::INTERPRETER {
        let err = o.result.expect_err("interp-none cannot call C");
        assert!(
            matches!(
                &err,
                RunError::Foreign {
                    error: FfiError::NoInterpreter,
                    ..
                }
            ),
            "{err}"
        );
        return;
    }
    match o.result {
        Ok(Exit::Returned | Exit::Code(0)) => {}
        other => panic!("ffi_libc: {other:?}\nstdout so far:\n{}", o.stdout),
    }
    assert_eq!(o.stdout, corpus("ffi_libc", "stdout"));
}

/// `ffi_libc`'s calls that need no memory primops, against Rust's libm.
#[test]
fn c_functions_by_name_marshal_their_types() {
    register_for_static();
    let src = "import Data.Int (Int32)\n\
               foreign import ccall unsafe \"sin\" c_sin :: Double -> Double\n\
               foreign import ccall unsafe \"math.h cos\" c_cos :: Double -> Double\n\
               foreign import ccall unsafe \"abs\" c_abs :: Int32 -> Int32\n\
               foreign import ccall safe \"labs\" c_labs :: Int -> Int\n\
               foreign import ccall unsafe \"toupper\" c_toupper :: Int32 -> Int32\n\
               main :: IO ()\n\
               main = do\n\
               \x20 print (map (\\x -> round (c_sin x * 1000000) :: Integer) [0.5, 1, 2])\n\
               \x20 print (round (c_cos 1 * 1000000) :: Integer)\n\
               \x20 print (map c_abs [-7, 0, minBound + 1])\n\
               \x20 print (map c_labs [-123456789012, 5])\n\
               \x20 print (map (toEnum . fromIntegral . c_toupper . fromIntegral . fromEnum) \"hi, ffi!\" :: String)\n";
    let o = run(src, vec![]);
    if !cffi::INTERPRETER {
        assert!(o.result.is_err());
        return;
    }
    assert!(o.result.is_ok(), "{:?}", o.result);
    let r = |x: f64| (x * 1e6).round() as i64;
    let expected = format!(
        "[{},{},{}]\n{}\n[7,0,2147483647]\n[123456789012,5]\n\"HI, FFI!\"\n",
        r(0.5f64.sin()),
        r(1f64.sin()),
        r(2f64.sin()),
        r(1f64.cos())
    );
    assert_eq!(o.stdout, expected);
}

#[test]
fn a_missing_symbol_is_an_error_naming_it_and_the_implementation() {
    let src = "foreign import ccall unsafe \"hsrts_no_such_function\" f :: Int -> IO Int\n\
               main :: IO ()\nmain = f 3 >>= print\n";
    let o = run(src, vec![]);
    let err = o.result.expect_err("the symbol does not exist");
    let msg = err.to_string();
    assert!(matches!(err, RunError::Foreign { .. }), "{msg}");
    assert!(msg.contains("hsrts_no_such_function"), "{msg}");
    if cffi::INTERPRETER {
        assert!(
            msg.contains(&format!("interp-{}", cffi::IMPLEMENTATION)),
            "{msg}"
        );
    }
    if cffi::IMPLEMENTATION == "static" {
        assert!(msg.contains("registered table"), "{msg}");
    }
    assert_eq!(o.stdout, "");
}

/// Called through a `FunPtr` the program builds from its argument.
extern "C" fn triple_minus(x: i64, y: i32) -> i64 {
    3 * x - y as i64
}

#[test]
fn dynamic_calls_the_function_pointer_it_is_given() {
    let src = "import System.Environment (getArgs)\n\
               import Data.Int (Int32)\n\
               import Foreign.Ptr\n\
               foreign import ccall \"dynamic\" callIt :: FunPtr (Int -> Int32 -> IO Int) -> Int -> Int32 -> IO Int\n\
               main :: IO ()\n\
               main = do\n\
               \x20 [a] <- getArgs\n\
               \x20 let f = castPtrToFunPtr (nullPtr `plusPtr` read a)\n\
               \x20 r <- callIt f 14 (-2)\n\
               \x20 print r\n\
               \x20 callIt f (-5) 7 >>= print\n";
    let address = triple_minus as extern "C" fn(i64, i32) -> i64 as usize;
    let o = run(src, vec![address.to_string()]);
    if cffi::IMPLEMENTATION == "libffi" {
        assert!(o.result.is_ok(), "{:?}", o.result);
        assert_eq!(o.stdout, "44\n-22\n");
    } else {
        let err = o.result.expect_err("dynamic calls need libffi");
        assert!(matches!(err, RunError::Foreign { .. }), "{err}");
    }
}

#[test]
fn wrappers_run_their_haskell_function_when_c_calls_them() {
    // Called back through a "dynamic" import (C calling the pointer):
    // nested runs on the same machine, collections (a 64k nursery, sanity
    // checks on) while the wrappers' closures are only held by stable
    // pointers; then freed, and one more made.
    let src = "import Foreign.Ptr\n\
               foreign import ccall \"wrapper\" mk :: (Int -> IO Int) -> IO (FunPtr (Int -> IO Int))\n\
               foreign import ccall \"dynamic\" callIt :: FunPtr (Int -> IO Int) -> Int -> IO Int\n\
               main :: IO ()\n\
               main = do\n\
               \x20 fs <- mapM (\\k -> mk (\\x -> return (x * 10 + k))) [1 .. 5]\n\
               \x20 rs <- mapM (\\f -> callIt f 4) fs\n\
               \x20 print rs\n\
               \x20 print (length (filter (== nullFunPtr) fs))\n\
               \x20 mapM_ freeHaskellFunPtr fs\n\
               \x20 g <- mk (\\x -> return (length (show [1 .. x])))\n\
               \x20 callIt g 3000 >>= print\n\
               \x20 freeHaskellFunPtr g\n";
    let o = run(src, vec![]);
    if cffi::IMPLEMENTATION == "libffi" {
        assert!(o.result.is_ok(), "{:?}", o.result);
        let expected_len = format!("{:?}", (1..=3000).collect::<Vec<i64>>())
            .replace(' ', "")
            .len();
        assert_eq!(o.stdout, format!("[41,42,43,44,45]\n0\n{expected_len}\n"));
    } else {
        // interp-static makes wrappers only from the trampolines that
        // `hsrts build --emit-c` writes (none here: tests/capi covers them).
        match o.result {
            Err(RunError::Foreign { error, .. }) => {
                assert!(matches!(error, FfiError::NoWrapperPool { .. }), "{error}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn library_allocation_works_on_every_implementation_with_an_interpreter() {
    // malloc/free come from the runtime's built-in table under
    // interp-static, from the C library under interp-libffi.
    let src = "import Foreign.Marshal.Alloc\nimport Foreign.Storable\nimport Foreign.Ptr\n\
               main :: IO ()\nmain = do\n\
               \x20 p <- mallocBytes 16 :: IO (Ptr Int)\n\
               \x20 poke p 41\n\
               \x20 x <- peek p\n\
               \x20 free p\n\
               \x20 print (x + 1)\n";
    let o = run(src, vec![]);
    if cffi::INTERPRETER {
        assert!(o.result.is_ok(), "{:?}", o.result);
        assert_eq!(o.stdout, "42\n");
    } else {
        assert!(o.result.is_err());
    }
}

extern "C" fn mix(a: i8, b: u16, c: u32, d: i64, e: f32, f: f64) -> f64 {
    a as f64 + b as f64 + c as f64 + d as f64 + e as f64 + f
}
extern "C" fn next_char(c: u32) -> u32 {
    c + 1
}
extern "C" fn neg8(x: i8) -> i8 {
    x.wrapping_neg()
}
extern "C" fn is_neg(x: f32) -> i64 {
    if x < 0.0 { 7 } else { 0 }
}
extern "C" fn keep(p: *mut core::ffi::c_void) -> *mut core::ffi::c_void {
    p
}

/// Every C argument and result kind through `"dynamic"` (interp-libffi):
/// narrow integers both ways (sign extension of an `int8_t` result),
/// Char as `uint32_t`, Bool as a 64-bit int, Float, Double, and a
/// StablePtr handed to C and back.
#[test]
fn marshals_each_c_type_through_function_pointers() {
    let src = "import System.Environment (getArgs)\n\
               import Data.Int (Int8)\n\
               import Data.Word (Word16)\n\
               import Foreign.Ptr\n\
               import Foreign.StablePtr\n\
               foreign import ccall \"dynamic\" mix :: FunPtr (Int8 -> Word16 -> Char -> Bool -> Float -> Double -> Double) -> Int8 -> Word16 -> Char -> Bool -> Float -> Double -> Double\n\
               foreign import ccall \"dynamic\" nextChar :: FunPtr (Char -> Char) -> Char -> Char\n\
               foreign import ccall \"dynamic\" neg8 :: FunPtr (Int8 -> Int8) -> Int8 -> Int8\n\
               foreign import ccall \"dynamic\" isNeg :: FunPtr (Float -> Bool) -> Float -> Bool\n\
               foreign import ccall safe \"dynamic\" keep :: FunPtr (StablePtr [Int] -> IO (StablePtr [Int])) -> StablePtr [Int] -> IO (StablePtr [Int])\n\
               fp :: String -> FunPtr a\n\
               fp a = castPtrToFunPtr (nullPtr `plusPtr` read a)\n\
               main :: IO ()\n\
               main = do\n\
               \x20 [a, b, c, d, e] <- getArgs\n\
               \x20 print (mix (fp a) (-3) 60000 'A' True 0.5 0.25)\n\
               \x20 print (nextChar (fp b) 'y', neg8 (fp c) 100, neg8 (fp c) (-128))\n\
               \x20 print (isNeg (fp d) (-1.5), isNeg (fp d) 2)\n\
               \x20 s <- newStablePtr [1, 2, 3]\n\
               \x20 s' <- keep (fp e) s\n\
               \x20 xs <- deRefStablePtr s'\n\
               \x20 print (sum xs)\n\
               \x20 freeStablePtr s\n";
    let args = vec![
        (mix as extern "C" fn(i8, u16, u32, i64, f32, f64) -> f64 as usize).to_string(),
        (next_char as extern "C" fn(u32) -> u32 as usize).to_string(),
        (neg8 as extern "C" fn(i8) -> i8 as usize).to_string(),
        (is_neg as extern "C" fn(f32) -> i64 as usize).to_string(),
        (keep as extern "C" fn(*mut core::ffi::c_void) -> *mut core::ffi::c_void as usize)
            .to_string(),
    ];
    let o = run(src, args);
    if cffi::IMPLEMENTATION != "libffi" {
        let err = o.result.expect_err("dynamic calls need libffi");
        assert!(matches!(err, RunError::Foreign { .. }), "{err}");
        return;
    }
    assert!(o.result.is_ok(), "{:?}\n{}", o.result, o.stdout);
    assert_eq!(o.stdout, "60063.75\n('z',-100,-128)\n(True,False)\n6\n");
}
