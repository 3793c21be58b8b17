//! The JavaScript FFI's runtime half against a mock JavaScript host
//! (natively; the real host is the ES module, tested under node in
//! tests/jsffi/node): sync imports and their marshalling, export calls
//! resolving and rejecting, JSVal release after a collection,
//! `freeJSVal` and use after it, JS strings, `isJSFFIUsed`, "wrapper"
//! callbacks, async imports in threads bound to a C export
//! (`WouldBlockException`) and not.
// These tests run bytecode, which a build without the interpreter refuses
// to load (interp-none; docs/design/native-code.md). Native programs are
// tested in crates/native-tests.
#![cfg(not(feature = "interp-none"))]

mod common;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use bytecode::{CallConv, ForeignExport, Image};
use common::image;
use rts_core::interp::machine::jsffi::{self, JsExportCall, JsHost, JsSettled};
use rts_core::interp::{BufferSink, InterpConfig, Machine, Progress, RunError};
use rts_core::{GcConfig, Storage, loader};

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Num(f64),
    Str(String),
    /// A "wrapper" callback's function, holding its stable pointer.
    Fn(usize),
}

/// A JavaScript side that knows a few snippets by their text.
#[derive(Default)]
struct MockState {
    table: HashMap<u32, Val>,
    next: u32,
    snippets: HashMap<u32, String>,
    calls: usize,
    /// Stable pointers passed to `__hsrts.await`, with their Promise's key.
    awaits: Vec<(u32, usize)>,
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
            "wrapper" => Ok(u64::from(Mock::new_key(&mut s, Val::Fn(args[0] as usize)))),
            // An already-resolved Promise of its argument.
            "Promise.resolve($1)" => Ok(u64::from(Mock::new_key(
                &mut s,
                Val::Num(args[0] as i64 as f64),
            ))),
            "__hsrts.await($1, $2)" => {
                s.awaits.push((args[0] as u32, args[1] as usize));
                Ok(1)
            }
            "__hsrts.failed($1)" => Ok(0),
            "__hsrts.take($1)" | "$1" => match s.table.get(&(args[0] as u32)).cloned() {
                Some(Val::Num(n)) if snippet == "$1" => Ok(n as i64 as u64),
                Some(v) => Ok(u64::from(Mock::new_key(&mut s, v))),
                None => Err("no such Promise".to_owned()),
            },
            "__hsrts.forget($1)" => Ok(0),
            other => Err(format!("unknown snippet {other}")),
        }
    }
    fn release(&mut self, key: u32) {
        self.0.borrow_mut().table.remove(&key);
    }
    fn free(&mut self, key: u32) -> Option<usize> {
        match self.0.borrow_mut().table.remove(&key) {
            Some(Val::Fn(sp)) => Some(sp),
            _ => None,
        }
    }
    fn string_new(&mut self, text: &str) -> u32 {
        Mock::new_key(&mut self.0.borrow_mut(), Val::Str(text.to_owned()))
    }
    fn string_read(&mut self, key: u32) -> Result<String, String> {
        match self.0.borrow().table.get(&key) {
            Some(Val::Str(t)) => Ok(t.clone()),
            Some(Val::Num(n)) => Ok(n.to_string()),
            Some(Val::Fn(_)) => Ok("function".to_owned()),
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

foreign import javascript "wrapper" js_wrap :: (Int -> IO Int) -> IO JSVal
foreign import javascript safe "Promise.resolve($1)" js_async :: Int -> IO Int

foreign export javascript "mkDoubler" mkDoubler :: IO JSVal
foreign export javascript "freeIt" freeIt :: JSVal -> IO ()
foreign export javascript "awaitIt" awaitIt :: Int -> IO Int
foreign export javascript "awaitFive" awaitFive :: IO Int

awaitFive :: IO Int
awaitFive = awaitIt 5

mkDoubler :: IO JSVal
mkDoubler = js_wrap (\x -> return (x * 2))

freeIt :: JSVal -> IO ()
freeIt = freeJSVal

-- -1: the thread could not wait (WouldBlockException).
awaitIt :: Int -> IO Int
awaitIt n = do
  v <- js_async n
  r <- try (evaluate v)
  evaluate (case r of
    Left (WouldBlockException _) -> -1
    Right x -> x)

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

fn export<'i>(image: &'i Image, name: &str) -> &'i ForeignExport {
    image
        .foreign_exports
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no export {name}"))
}

/// Calls export `name` with `args` to completion.
fn call(
    m: &mut Machine<'_>,
    image: &Image,
    name: &str,
    args: &[u64],
) -> Result<JsSettled, RunError> {
    let pending = m.js_export_start(export(image, name), args)?;
    finish(m, name, pending)
}

/// Runs the scheduler until `pending` settles.
fn finish(
    m: &mut Machine<'_>,
    name: &str,
    mut pending: JsExportCall,
) -> Result<JsSettled, RunError> {
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

/// The image's javascript "wrapper" call site.
fn wrapper_site(image: &Image) -> u32 {
    image
        .foreign_calls
        .iter()
        .position(|c| c.conv == CallConv::JavaScript && c.entity == "wrapper")
        .expect("a wrapper site") as u32
}

#[test]
fn wrapper_callbacks_run_as_exports_until_freejsval_frees_them() {
    with_machine(|m, image, mock| {
        let base = jsffi::stable_ptr_count(m);
        let JsSettled::Resolved(Some(key)) = call(m, image, "mkDoubler", &[]).expect("mk") else {
            panic!("mkDoubler gave no JSVal")
        };
        let sp = match mock.0.borrow().table.get(&(key as u32)) {
            Some(Val::Fn(sp)) => *sp,
            other => panic!("the JSVal is {other:?}, not a callback"),
        };
        // The stable pointer keeps the closure across collections.
        assert_eq!(jsffi::stable_ptr_count(m), base + 1);
        m.host_collect(true).expect("gc");
        let site = wrapper_site(image);
        for x in [21u64, 5, (-4i64) as u64] {
            let pending = m.js_callback_start(site, sp, &[x]).expect("callback");
            assert_eq!(
                finish(m, "callback", pending).expect("callback"),
                JsSettled::Resolved(Some((x as i64 * 2) as u64))
            );
        }
        // freeJSVal (here on a second JSVal for the same function, as an
        // export's JSVal argument is) frees the stable pointer too.
        assert_eq!(
            call(m, image, "freeIt", &[key]).expect("freeIt"),
            JsSettled::Resolved(None)
        );
        assert_eq!(jsffi::stable_ptr_count(m), base);
        assert!(!mock.0.borrow().table.contains_key(&(key as u32)));
        let err = m
            .js_callback_start(site, sp, &[1])
            .expect_err("a freed callback");
        assert!(err.to_string().contains("freed"), "{err}");
    });
}

#[test]
fn a_collected_callback_function_frees_its_stable_pointer() {
    with_machine(|m, image, mock| {
        let base = jsffi::stable_ptr_count(m);
        let JsSettled::Resolved(Some(key)) = call(m, image, "mkDoubler", &[]).expect("mk") else {
            panic!("mkDoubler gave no JSVal")
        };
        let Some(Val::Fn(sp)) = mock.0.borrow().table.get(&(key as u32)).cloned() else {
            panic!("not a callback")
        };
        // The Haskell JSVal dies: only its table entry goes.
        m.host_collect(true).expect("gc");
        jsffi::flush_released();
        assert!(!mock.0.borrow().table.contains_key(&(key as u32)));
        assert_eq!(jsffi::stable_ptr_count(m), base + 1);
        // JavaScript's registry reports the function collected.
        m.js_callback_free(sp).expect("free");
        assert_eq!(jsffi::stable_ptr_count(m), base);
    });
}

#[test]
fn a_thread_bound_to_a_c_export_gets_would_block_exception() {
    with_machine(|m, image, mock| {
        let base = jsffi::stable_ptr_count(m);
        // The C API runs an export call as the main thread of a run
        // (`run_io_value`, nested or not): it cannot wait for a Promise.
        let action = m.program().statics[export(image, "awaitFive").target.0 as usize];
        let (_, value) = m.run_io_value(action).expect("run");
        let value = m.eval(value.expect("a result")).expect("eval");
        // SAFETY: an evaluated Int box keeps its value in payload word 0.
        assert_eq!(unsafe { value.payload(0) } as i64, -1);
        assert!(
            mock.0.borrow().awaits.is_empty(),
            "JavaScript was asked to wait"
        );
        assert_eq!(
            jsffi::stable_ptr_count(m),
            base,
            "the wait's stable pointer leaked"
        );
        // A JavaScript export's thread (spawn_io) waits and gets the value.
        let pending = m
            .js_export_start(export(image, "awaitIt"), &[9])
            .expect("start");
        let pending = match m.run_until_blocked().expect("run") {
            Progress::Idle { .. } => match m.js_export_poll(pending).expect("poll") {
                Err(still) => still,
                Ok(settled) => panic!("settled without waiting: {settled:?}"),
            },
            p => panic!("program ended: {p:?}"),
        };
        let waits = std::mem::take(&mut mock.0.borrow_mut().awaits);
        let [(_, sp)] = waits[..] else {
            panic!("expected one wait, got {waits:?}")
        };
        m.js_wake(sp).expect("settled");
        assert_eq!(
            finish(m, "awaitIt", pending).expect("awaitIt"),
            JsSettled::Resolved(Some(9))
        );
        assert_eq!(jsffi::stable_ptr_count(m), base);
    });
}
