//! The loader never panics on a damaged image: bytes of a real compiled
//! program are flipped at random, and whatever `Image::load` accepts goes
//! through `loader::load` (info tables, literals, static closures, primops
//! resolved by name), which must answer `Ok` or a `LoadError`.
//!
//! The image format's own fuzz tests (crates/bytecode/tests/image.rs) stop
//! at `Image::load`; this one covers what the loader adds on top of the
//! validator. The damaged program is loaded, never run: the interpreter
//! trusts a loaded image (docs/bytecode.md, "What the validator
//! guarantees").
// Loading bytecode needs the interpreter (interp-none refuses it at once).
#![cfg(not(feature = "interp-none"))]

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use rts_core::{GcConfig, Storage, loader};

/// A program with a bit of everything the loader handles: constructors
/// and CAFs, Integer and Double literals, strings, type classes, IORefs
/// and primops.
const SRC: &str = r#"
module Main where
import Data.IORef

data Shape = Circle Double | Rect Int Int deriving Show

big :: Integer
big = 123456789012345678901234567890

area :: Shape -> Double
area (Circle r) = 3.14159 * r * r
area (Rect w h) = fromIntegral (w * h)

main :: IO ()
main = do
  r <- newIORef (0 :: Int)
  mapM_ (\s -> modifyIORef r (+ 1) >> print (s, area s)) [Circle 1.5, Rect 2 3]
  n <- readIORef r
  print (big * fromIntegral n, "done")
"#;

fn image() -> &'static [u8] {
    static IMAGE: OnceLock<Vec<u8>> = OnceLock::new();
    IMAGE.get_or_init(|| common::image(SRC))
}

fn storage() -> Storage {
    Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        ..GcConfig::default()
    })
    .expect("storage")
}

#[test]
fn the_undamaged_image_loads() {
    let mut storage = storage();
    loader::load_bytes(&mut storage, image()).expect("the sample loads");
}

/// Each loaded BCO's slot bound (what `run_bco` checks once per
/// activation to read slots unchecked, Note [Unchecked slots]) is one more
/// than the largest slot any of its instructions names, and inside its
/// frame.
#[test]
fn slot_bounds_cover_every_slot_operand() {
    let mut storage = storage();
    let program = loader::load_bytes(&mut storage, image()).expect("the sample loads");
    let mut with_slots = 0;
    for b in &program.bcos {
        let mut largest: Option<usize> = None;
        for instr in b.code.iter() {
            instr.visit_operands(&mut |op| {
                if let bytecode::OperandRef::Slot(s) = op {
                    largest = largest.max(Some(s.0 as usize));
                }
            });
        }
        let expected = largest.map_or(0, |s| s + 1);
        assert_eq!(b.code.slot_bound(), expected, "BCO {}", b.name);
        assert!(
            b.code.slot_bound() <= b.frame_size as usize,
            "BCO {}",
            b.name
        );
        with_slots += usize::from(expected > 0);
    }
    assert!(with_slots > 0, "the sample names no slot at all");
}

proptest! {
    // Few cases: this runs under every feature vector and under wasmtime.
    // PROPTEST_CASES raises the count for a longer fuzzing run.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn damaged_images_never_panic_the_loader(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = image().to_vec();
        for (at, x) in flips {
            let i = at % bytes.len();
            bytes[i] ^= x | 1;
        }
        let mut storage = storage();
        match loader::load_bytes(&mut storage, &bytes) {
            Ok(_) => {}
            // Every error renders.
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
