//! The JavaScript FFI's runtime half against a mock JavaScript host
//! (natively; the real host is the ES module, tested under node in
//! tests/jsffi/node): sync imports and their marshalling, export calls
//! resolving and rejecting, JSVal release after a collection,
//! `freeJSVal` and use after it, JS strings, `isJSFFIUsed`.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/hsrts/tests/native_programs.rs.
#![cfg(not(feature = "interp-none"))]

mod common;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use bytecode::{CallConv, Image};
use common::image;
use rts_core::interp::machine::jsffi::{self, JsHost, JsSettled};
use rts_core::interp::{BufferSink, InterpConfig, Machine, Progress, RunError};
use rts_core::{GcConfig, Storage, loader};

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Num(f64),
    Str(String),
}

/// A JavaScript side that knows a few snippets by their text.
#[derive(Default)]
struct MockState {
    table: HashMap<u32, Val>,
    next: u32,
    snippets: HashMap<u32, String>,
    calls: usize,
}

#[derive(Clone)]
struct Mock(Rc<RefCell<MockState>>);

impl Mock {
    fn new_key(s: &mut MockState, v: Val) -> u32 {
        s.next += 1;
        s.table.insert(s.next, v);
        s.next
    }
}

impl JsHost for Mock {
    fn call(&mut self, id: u32, args: &[u64]) -> Result<u64, String> {
        let mut s = self.0.borrow_mut();
        s.calls += 1;
        let snippet = s.snippets.get(&id).cloned().ok_or("no such import")?;
        match snippet.as_str() {
            "$1 + $2" => Ok(args[0].wrapping_add(args[1])),
            "$1 * 0.5" => Ok((f64::from_bits(args[0]) * 0.5).to_bits()),
            "$1 > 10" => Ok(u64::from(args[0] as i64 > 10)),
            "({n: $1})" => Ok(u64::from(Mock::new_key(
                &mut s,
                Val::Num(args[0] as i64 as f64),
            ))),
            "$1.n" => match s.table.get(&(args[0] as u32)) {
                Some(Val::Num(n)) => Ok(*n as i64 as u64),
                other => Err(format!("not an object: {other:?}")),
            },
            "$1.length" => match s.table.get(&(args[0] as u32)) {
                Some(Val::Str(t)) => Ok(t.chars().count() as u64),
                other => Err(format!("not a string: {other:?}")),
            },
            other => Err(format!("unknown snippet {other}")),
        }
    }
    fn release(&mut self, key: u32) {
        self.0.borrow_mut().table.remove(&key);
    }
    fn string_new(&mut self, text: &str) -> u32 {
        Mock::new_key(&mut self.0.borrow_mut(), Val::Str(text.to_owned()))
    }
    fn string_read(&mut self, key: u32) -> Result<String, String> {
        match self.0.borrow().table.get(&key) {
            Some(Val::Str(t)) => Ok(t.clone()),
            Some(Val::Num(n)) => Ok(n.to_string()),
            None => Err(format!("no value {key}")),
        }
    }
}

const SRC: &str = r#"
import GHC.Wasm.Prim
import Control.Exception

foreign import javascript unsafe "$1 + $2" js_add :: Int -> Int -> Int
foreign import javascript unsafe "$1 * 0.5" js_half :: Double -> Double
foreign import javascript unsafe "$1 > 10" js_big :: Int -> Bool
foreign import javascript unsafe "({n: $1})" js_obj :: Int -> IO JSVal
foreign import javascript unsafe "$1.n" js_n :: JSVal -> IO Int
foreign import javascript unsafe "$1.length" js_length :: JSString -> Int

foreign export javascript "add3" add3 :: Int -> Int -> Int -> Int
foreign export javascript "half" half :: Double -> IO Double
foreign export javascript "big" big :: Int -> Bool
foreign export javascript "boom" boom :: Int -> IO Int
foreign export javascript "churn" churn :: Int -> IO Int
foreign export javascript "useAfterFree" useAfterFree :: IO Int
foreign export javascript "strings" strings :: IO Int
foreign export javascript "used" used :: IO Bool

add3 :: Int -> Int -> Int -> Int
add3 a b c = js_add a (js_add b c)

half :: Double -> IO Double
half x = return (js_half x)

big :: Int -> Bool
big = js_big

boom :: Int -> IO Int
boom n = if n > 0 then throwIO (ErrorCall ("boom " ++ show n)) else return n

churn :: Int -> IO Int
churn n = go 0 0
  where
    go i acc
      | i >= n = return acc
      | otherwise = do
          o <- js_obj i
          v <- js_n o
          go (i + 1) (acc + v)

useAfterFree :: IO Int
useAfterFree = do
  o <- js_obj 5
  freeJSVal o
  js_n o

strings :: IO Int
strings = do
  let s = toJSString "héllo"
  return (js_length s + length (fromJSString s))

used :: IO Bool
used = return isJSFFIUsed

main :: IO ()
main = return ()
"#;

struct Setup {
    bytes: Vec<u8>,
    image: Image,
}

fn setup() -> Setup {
    let bytes = image(SRC);
    let image = Image::from_bytes(&bytes).expect("image");
    Setup { bytes, image }
}

fn mock_for(image: &Image) -> Mock {
    let mut state = MockState::default();
    for (i, c) in image.foreign_calls.iter().enumerate() {
        if c.conv == CallConv::JavaScript {
            state.snippets.insert(i as u32, c.entity.clone());
        }
    }
    Mock(Rc::new(RefCell::new(state)))
}

/// Calls export `name` with `args` to completion.
fn call(
    m: &mut Machine<'_>,
    image: &Image,
    name: &str,
    args: &[u64],
) -> Result<JsSettled, RunError> {
    let export = image
        .foreign_exports
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no export {name}"));
    let mut pending = m.js_export_start(export, args)?;
    for _ in 0..100 {
        match m.run_until_blocked()? {
            Progress::Idle { .. } => {}
            p => panic!("program ended: {p:?}"),
        }
        match m.js_export_poll(pending)? {
            Ok(settled) => return Ok(settled),
            Err(still) => pending = still,
        }
    }
    panic!("export {name} never settled");
}

fn with_machine(f: impl FnOnce(&mut Machine<'_>, &Image, &Mock)) {
    let s = setup();
    let mock = mock_for(&s.image);
    jsffi::set_js_host(Some(Box::new(mock.clone())));
    let mut storage = Storage::new(GcConfig {
        nursery_bytes: 64 * 1024,
        sanity_checks: true,
        ..GcConfig::default()
    })
    .expect("storage");
    let program = loader::load_bytes(&mut storage, &s.bytes).expect("load");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    f(&mut m, &s.image, &mock);
    jsffi::set_js_host(None);
}

fn text_of(mock: &Mock, key: u32) -> String {
    match mock.0.borrow().table.get(&key) {
        Some(Val::Str(t)) => t.clone(),
        other => panic!("message {key} is {other:?}"),
    }
}

#[test]
fn sync_imports_and_exports_marshal_every_kind_of_value() {
    with_machine(|m, image, _| {
        let r = call(m, image, "add3", &[1, 20, (-300i64) as u64]).expect("add3");
        assert_eq!(r, JsSettled::Resolved(Some((-279i64) as u64)));
        let r = call(m, image, "half", &[5.0f64.to_bits()]).expect("half");
        assert_eq!(r, JsSettled::Resolved(Some(2.5f64.to_bits())));
        assert_eq!(
            call(m, image, "big", &[11]).expect("big"),
            JsSettled::Resolved(Some(1))
        );
        assert_eq!(
            call(m, image, "big", &[3]).expect("big"),
            JsSettled::Resolved(Some(0))
        );
        assert_eq!(
            call(m, image, "used", &[]).expect("used"),
            JsSettled::Resolved(Some(1))
        );
    });
}

#[test]
fn an_export_that_throws_rejects_with_the_exception_text() {
    with_machine(|m, image, mock| {
        match call(m, image, "boom", &[7]).expect("boom") {
            JsSettled::Rejected { message } => assert_eq!(text_of(mock, message), "boom 7"),
            other => panic!("expected a rejection, got {other:?}"),
        }
        // The runtime keeps working afterwards.
        assert_eq!(
            call(m, image, "boom", &[0]).expect("boom"),
            JsSettled::Resolved(Some(0))
        );
    });
}

#[test]
fn dead_jsvals_are_released_after_a_collection() {
    with_machine(|m, image, mock| {
        let r = call(m, image, "churn", &[2000]).expect("churn");
        assert_eq!(r, JsSettled::Resolved(Some((0..2000u64).sum())));
        let before = mock.0.borrow().table.len();
        m.host_collect(true).expect("gc");
        jsffi::flush_released();
        let after = mock.0.borrow().table.len();
        assert!(
            after < 50,
            "table still holds {after} values (before the GC: {before})"
        );
    });
}

#[test]
fn use_after_free_is_a_clear_error() {
    with_machine(|m, image, _| {
        let err = call(m, image, "useAfterFree", &[]).expect_err("must fail");
        assert!(err.to_string().contains("after freeJSVal"), "{err}");
    });
}

#[test]
fn js_strings_round_trip() {
    with_machine(|m, image, _| {
        // "héllo": 5 characters on both sides.
        assert_eq!(
            call(m, image, "strings", &[]).expect("strings"),
            JsSettled::Resolved(Some(10))
        );
    });
}

#[test]
fn without_a_host_a_javascript_call_is_a_clear_error() {
    let s = setup();
    jsffi::set_js_host(None);
    let mut storage = Storage::new(GcConfig::default()).expect("storage");
    let program = loader::load_bytes(&mut storage, &s.bytes).expect("load");
    let mut sink = BufferSink::default();
    let mut m = Machine::new(&mut storage, &program, &mut sink, InterpConfig::default());
    let err = call(&mut m, &s.image, "add3", &[1, 2, 3]).expect_err("no host");
    assert!(err.to_string().contains("--reactor"), "{err}");
}
