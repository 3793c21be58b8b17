//! The array primops end to end (interp/machine/arrays.rs): byte-array
//! element widths and signs, copies and fills, pinned addresses across
//! collections, boxed arrays written after promotion (the write barrier,
//! checked by the sanity checker after every collection), freeze/thaw
//! states, and out-of-range indices stopping the program instead of
//! touching memory. Programs call the primitives through `Hsrts.Prim`.

// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md).
#![cfg(not(feature = "interp-none"))]

use frontend::driver::compile_source;
use frontend::driver::standard::StandardBuiltins;
use rts_core::interp::{BufferSink, Exit, InterpConfig, Machine, RunError};
use rts_core::{GcConfig, Storage, loader};

/// Runs `src` with the sanity checker on and a small nursery.
fn run(src: &str) -> (Result<Exit, RunError>, String) {
    let core = compile_source("Main.hs", src, &StandardBuiltins)
        .unwrap_or_else(|e| panic!("front end: {e}"));
    let img = stg::compile(&core, &stg::FrontendPrims).unwrap_or_else(|e| panic!("stg: {e}"));
    let mut storage = Storage::new(GcConfig {
        nursery_bytes: 16 * 1024,
        sanity_checks: true,
        ..GcConfig::default()
    })
    .expect("heap");
    let program = loader::load_bytes(&mut storage, &img.to_bytes()).expect("load");
    let mut sink = BufferSink::default();
    let config = InterpConfig {
        max_steps: Some(50_000_000),
        install_interrupts: false,
        ..InterpConfig::default()
    };
    let r = Machine::new(&mut storage, &program, &mut sink, config).run_main();
    (r, String::from_utf8_lossy(&sink.stdout).into_owned())
}

fn ok(r: &Result<Exit, RunError>) -> bool {
    matches!(r, Ok(Exit::Code(0) | Exit::Returned))
}

#[test]
fn byte_array_elements_have_ghc_widths_and_signs() {
    let (r, out) = run(r#"
import Hsrts.Prim

main :: IO ()
main = do
  b <- primNewByteArray 16
  z <- primReadIntArray b 1
  primWriteInt8Array b 0 (-1)
  w8 <- primReadWord8Array b 0
  i8 <- primReadInt8Array b 0
  primWriteWord16Array b 1 0x8001
  i16 <- primReadInt16Array b 1
  w16 <- primReadWord16Array b 1
  primWriteInt32Array b 1 (-2)
  w32 <- primReadWord32Array b 1
  primWriteDoubleArray b 1 1.5
  d <- primReadDoubleArray b 1
  primWriteFloatArray b 0 0.1
  f <- primReadFloatArray b 0
  primWriteWideCharArray b 1 '\x1F600'
  c <- primReadWideCharArray b 1
  primWriteCharArray b 15 'z'
  c8 <- primReadCharArray b 15
  print (z, w8, i8, i16, w16, w32)
  print (d, f == primDoubleRoundFloat 0.1, c, c8)
  frozen <- primUnsafeFreezeByteArray b
  print (primSizeofByteArray frozen, primIndexWord8Array frozen 15, primIndexWideCharArray frozen 1)
"#);
    assert!(ok(&r), "{r:?}");
    assert_eq!(
        out,
        "(0,255,-1,-32767,32769,4294967294)\n(1.5,True,'\\128512','z')\n(16,122,'\\128512')\n"
    );
}

#[test]
fn byte_copies_fills_and_pinned_addresses() {
    let (r, out) = run(r#"
import Hsrts.Prim
import System.Mem

main :: IO ()
main = do
  a <- primNewPinnedByteArray 10
  mapM_ (\i -> primWriteWord8Array a i (primIntToWord (i + 1))) [0 .. 9]
  let addr = primMutableByteArrayContents a
  performGC
  xs <- mapM (primReadWord8Array a) [0 .. 9]
  print (xs, primMutableByteArrayContents a == addr, addr /= 0)
  primCopyMutableByteArray a 0 a 3 7
  ys <- mapM (primReadWord8Array a) [0 .. 9]
  print ys
  primSetByteArray a 2 5 0x1ff
  zs <- mapM (primReadWord8Array a) [0 .. 9]
  print zs
  b <- primNewByteArray 4
  fa <- primUnsafeFreezeByteArray a
  primCopyByteArray fa 6 b 0 4
  ws <- mapM (primReadWord8Array b) [0 .. 3]
  print (ws, primSizeofMutableByteArray b)
"#);
    assert!(ok(&r), "{r:?}");
    assert_eq!(
        out,
        "([1,2,3,4,5,6,7,8,9,10],True,True)\n\
         [1,2,3,1,2,3,4,5,6,7]\n\
         [1,2,255,255,255,255,255,5,6,7]\n\
         ([255,5,6,7],4)\n"
    );
}

/// Arrays promoted by a major collection, then filled with pointers to
/// young objects: without the write barrier the sanity checker (on after
/// every collection) reports an old-to-young pointer off the remembered
/// set, or a later collection frees the young objects under the array.
#[test]
fn old_arrays_record_young_pointers() {
    let (r, out) = run(r#"
import Hsrts.Prim
import System.Mem

fill :: PrimMutableArray [Int] -> Int -> Int -> IO ()
fill arr k n = mapM_ (\i -> primWriteArray arr i [i * k .. i * k + 20]) [0 .. n - 1]

total :: PrimMutableArray [Int] -> Int -> IO Int
total arr n = fmap sum (mapM (\i -> fmap sum (primReadArray arr i)) [0 .. n - 1])

main :: IO ()
main = do
  arr <- primNewArray 300 []
  performGC
  fill arr 1 300
  performMinorGC
  t1 <- total arr 300
  frozen <- primUnsafeFreezeArray arr
  performMinorGC
  again <- primUnsafeThawArray frozen
  fill again 2 300
  performMinorGC
  performGC
  t2 <- total again 300
  copy <- primFreezeArray again 100 50
  thawed <- primThawArray copy 0 50
  primCopyMutableArray again 0 again 1 299
  performMinorGC
  t3 <- total again 300
  t4 <- total thawed 50
  print (t1, t2, t3, t4, primSizeofArray copy, primSameMutableArray arr again)
"#);
    assert!(ok(&r), "{r:?}");
    // sum over i of sum [i*k .. i*k + 20] = 21 * (k * sum i + 10 * count).
    let s = |k: i64, lo: i64, hi: i64| (lo..hi).map(|i| 21 * (i * k) + 210).sum::<i64>();
    let t1 = s(1, 0, 300);
    let t2 = s(2, 0, 300);
    // After the shift by one, slot 0 keeps its list and slot j holds j-1's.
    let t3 = s(2, 0, 1) + s(2, 0, 299);
    let t4 = s(2, 100, 150);
    assert_eq!(out, format!("({t1},{t2},{t3},{t4},50,True)\n"));
}

#[test]
fn bad_indices_stop_the_program_without_touching_memory() {
    for body in [
        "a <- primNewArray 5 'x'\n  c <- primReadArray a 5\n  print c",
        "a <- primNewArray 5 'x'\n  primWriteArray a (-1) 'y'",
        "a <- primNewArray (-3) 'x'\n  print (primSizeofMutableArray a)",
        "a <- primNewArray 4 'x'\n  b <- primNewArray 4 'y'\n  primCopyMutableArray a 2 b 0 3",
        "b <- primNewByteArray 7\n  primReadIntArray b 0 >>= print",
        "b <- primNewByteArray 8\n  primWriteWord32Array b 2 1",
        "b <- primNewByteArray 8\n  primSetByteArray b 4 5 0",
    ] {
        let src = format!("import Hsrts.Prim\n\nmain :: IO ()\nmain = do\n  {body}\n");
        let (r, out) = run(&src);
        assert!(
            matches!(r, Err(RunError::BadMemoryAccess(_))),
            "{body}: {r:?}, {out:?}"
        );
        assert_eq!(out, "", "{body}");
    }
}
