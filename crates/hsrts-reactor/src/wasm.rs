//! The wasm-only half: imports, exports and the one machine.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use bytecode::Image;
use rts_core::interp::machine::jsffi::{self, JsExportCall, JsHost, JsSettled};
use rts_core::interp::{InterpConfig, Machine, Progress, StdSink};
use rts_core::{Storage, flags, loader};

#[link(wasm_import_module = "hsrts")]
unsafe extern "C" {
    fn image_len() -> i32;
    fn image_copy(dst: *mut u8);
}

#[link(wasm_import_module = "ghc_wasm_jsffi")]
unsafe extern "C" {
    #[link_name = "call"]
    fn js_call(id: i32, args: *const u64, ret: *mut u64);
    #[link_name = "release"]
    fn js_release(key: i32);
    #[link_name = "free"]
    fn js_free(key: i32) -> i32;
    #[link_name = "string_new"]
    fn js_string_new(ptr: *const u8, len: i32) -> i32;
    #[link_name = "string_encode"]
    fn js_string_encode(key: i32) -> i32;
    #[link_name = "string_copy"]
    fn js_string_copy(ptr: *mut u8);
    #[link_name = "promise_new"]
    fn js_promise_new(export: i32) -> i32;
    #[link_name = "promise_resolve"]
    fn js_promise_resolve(key: i32, ret: *const u64);
    #[link_name = "promise_reject"]
    fn js_promise_reject(key: i32, msg: i32);
    #[link_name = "schedule"]
    fn js_schedule(ms: f64);
}

/// The JavaScript side through the ES module's imports.
struct WasmHost;

impl JsHost for WasmHost {
    fn call(&mut self, id: u32, args: &[u64]) -> Result<u64, String> {
        let mut ret = 0u64;
        // SAFETY: `args` holds `args.len()` slots, the import reads exactly
        // as many as import `id` takes; `ret` is one writable slot.
        unsafe { js_call(id as i32, args.as_ptr(), &mut ret) };
        Ok(ret)
    }
    fn release(&mut self, key: u32) {
        // SAFETY: takes a plain integer.
        unsafe { js_release(key as i32) }
    }
    fn free(&mut self, key: u32) -> Option<usize> {
        // SAFETY: takes and returns plain integers.
        let sp = unsafe { js_free(key as i32) } as u32;
        (sp != 0).then_some(sp as usize)
    }
    fn string_new(&mut self, text: &str) -> u32 {
        // SAFETY: `text` is `len` readable bytes.
        unsafe { js_string_new(text.as_ptr(), text.len() as i32) as u32 }
    }
    fn string_read(&mut self, key: u32) -> Result<String, String> {
        // SAFETY: plain integers; `string_copy` writes exactly the length
        // `string_encode` returned.
        let bytes = unsafe {
            let len = usize::try_from(js_string_encode(key as i32)).unwrap_or(0);
            let mut bytes = vec![0u8; len];
            js_string_copy(bytes.as_mut_ptr());
            bytes
        };
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }
}

fn new_js_string(text: &str) -> i32 {
    WasmHost.string_new(text) as i32
}

struct Pending {
    promise: i32,
    call: JsExportCall,
}

/// How long the scheduler runs Haskell threads before handing the event
/// loop back to JavaScript (docs/jsffi.md, "Time budget").
const DEFAULT_BUDGET: Duration = Duration::from_millis(10);

struct Reactor {
    machine: Machine<'static>,
    image: Image,
    pending: Vec<Pending>,
    /// The scheduler's time budget per run (`None`: until nothing can run).
    budget: Option<Duration>,
    /// Set when the runtime failed: later calls reject with it.
    dead: Option<String>,
}

thread_local! {
    static REACTOR: RefCell<Option<Reactor>> = const { RefCell::new(None) };
    static ARGS: RefCell<(u32, Vec<u64>)> = const { RefCell::new((0, Vec::new())) };
}

fn embedded_image() -> Vec<u8> {
    // SAFETY: `image_len` takes nothing and returns the segment length.
    let len = usize::try_from(unsafe { image_len() }).unwrap_or(0);
    let mut bytes = vec![0u8; len];
    // SAFETY: `bytes` has room for the whole segment, which is what
    // `image_copy` writes.
    unsafe { image_copy(bytes.as_mut_ptr()) };
    bytes
}

fn start() -> Result<Reactor, String> {
    let bytes = embedded_image();
    let image = Image::from_bytes(&bytes).map_err(|e| format!("bad image: {e}"))?;
    let rts = flags::RtsFlags::default();
    let storage: &'static mut Storage = Box::leak(Box::new(
        Storage::new(rts.gc_config()).map_err(|e| format!("out of memory: {e}"))?,
    ));
    let program: &'static loader::Program = Box::leak(Box::new(
        loader::load_bytes(storage, &bytes).map_err(|e| format!("cannot load: {e}"))?,
    ));
    let sink: &'static mut StdSink = Box::leak(Box::new(StdSink));
    let config = InterpConfig {
        prog_name: "reactor".to_owned(),
        install_interrupts: false,
        ..InterpConfig::from_rts_flags(&rts)
    };
    jsffi::set_js_host(Some(Box::new(WasmHost)));
    Ok(Reactor {
        machine: Machine::new(storage, program, sink, config),
        image,
        pending: Vec::new(),
        budget: Some(DEFAULT_BUDGET),
        dead: None,
    })
}

fn with_reactor<R>(f: impl FnOnce(&mut Reactor) -> R) -> R {
    REACTOR.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            panic!(
                "hsrts: JavaScript called into Haskell during a synchronous (unsafe) JavaScript \
                 import; re-entrance needs an asynchronous (safe) import"
            )
        };
        if slot.is_none() {
            match start() {
                Ok(r) => *slot = Some(r),
                Err(e) => panic!("hsrts: cannot start the runtime: {e}"),
            }
        }
        let Some(r) = slot.as_mut() else {
            unreachable!("filled above")
        };
        f(r)
    })
}

fn reject(promise: i32, text: &str) {
    let msg = new_js_string(text);
    // SAFETY: plain integers.
    unsafe { js_promise_reject(promise, msg) };
}

/// Runs threads until none can run or the time budget is spent, settles
/// finished calls, and asks the event loop for another turn when threads
/// can still run (at once) or a thread sleeps (at its deadline).
fn drive(r: &mut Reactor) {
    if let Some(dead) = &r.dead {
        let text = dead.clone();
        for p in r.pending.drain(..) {
            reject(p.promise, &text);
        }
        return;
    }
    let progress = match r.budget {
        Some(budget) => r.machine.run_for(budget),
        None => r.machine.run_until_blocked(),
    };
    jsffi::flush_released();
    let mut still = Vec::new();
    for p in std::mem::take(&mut r.pending) {
        match r.machine.js_export_poll(p.call) {
            Ok(Ok(JsSettled::Resolved(slot))) => {
                let ret = slot.unwrap_or(0);
                // SAFETY: `ret` is one readable slot.
                unsafe { js_promise_resolve(p.promise, &ret) };
            }
            Ok(Ok(JsSettled::Rejected { message })) => {
                // SAFETY: plain integers; the ES module drops `message`.
                unsafe { js_promise_reject(p.promise, message as i32) };
            }
            Ok(Err(call)) => still.push(Pending {
                promise: p.promise,
                call,
            }),
            Err(e) => reject(p.promise, &format!("hsrts: {e}")),
        }
    }
    r.pending = still;
    match progress {
        Ok(Progress::Idle {
            next_timer: Some(t),
            ..
        }) => {
            let ms = t.saturating_duration_since(Instant::now()).as_secs_f64() * 1000.0;
            // SAFETY: a plain number.
            unsafe { js_schedule(ms) };
        }
        Ok(Progress::Idle { .. }) => {}
        // The budget ran out: go on in a continuation on the next turn of
        // the event loop, after JavaScript's timers and events.
        // SAFETY: a plain number.
        Ok(Progress::Yielded { .. }) => unsafe { js_schedule(0.0) },
        Ok(Progress::Exited(_)) => r.dead = Some("hsrts: the program exited".to_owned()),
        Err(e) => r.dead = Some(format!("hsrts: {e}")),
    }
    if r.dead.is_some() {
        drive(r);
    }
}

/// Starts collecting the arguments of a call of export number `export`.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_export_begin(export: i32) {
    ARGS.with(|a| *a.borrow_mut() = (export as u32, Vec::new()));
}

/// The next argument: an integer slot.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_export_arg_i64(value: i64) {
    ARGS.with(|a| a.borrow_mut().1.push(value as u64));
}

/// The next argument: a floating-point slot.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_export_arg_f64(value: f64) {
    ARGS.with(|a| a.borrow_mut().1.push(value.to_bits()));
}

/// Starts the call whose arguments were collected; returns its Promise's
/// key (the wrapper turns it into the Promise with `promise_take`).
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_export_run() -> i32 {
    let (export, args) = ARGS.with(|a| std::mem::take(&mut *a.borrow_mut()));
    // SAFETY: a plain integer.
    let promise = unsafe { js_promise_new(export as i32) };
    with_reactor(|r| {
        let Some(desc) = r.image.foreign_exports.get(export as usize).cloned() else {
            reject(promise, &format!("hsrts: no export number {export}"));
            return;
        };
        if r.dead.is_none() {
            match r.machine.js_export_start(&desc, &args) {
                Ok(call) => r.pending.push(Pending { promise, call }),
                Err(e) => {
                    reject(promise, &format!("hsrts: {e}"));
                    return;
                }
            }
        } else {
            reject(promise, "hsrts: the runtime stopped after an earlier error");
            return;
        }
        drive(r);
    });
    promise
}

/// A call from JavaScript of the function "wrapper" site `call` made for
/// stable pointer `sp` (Note [JavaScript callbacks] in rts-core): its
/// arguments were collected with `hsrts_jsffi_export_begin`/`_arg_*`; the
/// ES module made the pending Promise `promise` (read by the callback's
/// result type), which this settles now or later.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_callback_run(call: i32, sp: i32, promise: i32) {
    let (_, args) = ARGS.with(|a| std::mem::take(&mut *a.borrow_mut()));
    with_reactor(|r| {
        if r.dead.is_some() {
            reject(promise, "hsrts: the runtime stopped after an earlier error");
            return;
        }
        match r
            .machine
            .js_callback_start(call as u32, sp as u32 as usize, &args)
        {
            Ok(call) => r.pending.push(Pending { promise, call }),
            Err(e) => {
                reject(promise, &format!("hsrts: {e}"));
                return;
            }
        }
        drive(r);
    });
}

/// The ES module's FinalizationRegistry found a callback's JavaScript
/// function collected: free the stable pointer `sp` that kept its Haskell
/// function alive.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_callback_free(sp: i32) {
    with_reactor(|r| {
        if r.dead.is_none()
            && let Err(e) = r.machine.js_callback_free(sp as u32 as usize)
        {
            r.dead = Some(format!("hsrts: {e}"));
        }
    });
}

/// Number of live stable pointers (for tests: callbacks and waits free
/// theirs).
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_stable_ptrs() -> i32 {
    with_reactor(|r| jsffi::stable_ptr_count(&mut r.machine) as i32)
}

/// The Promise of an async import settled: wake the thread waiting on the
/// MVar behind stable pointer `sp`, then run threads.
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_settled(sp: i32) {
    with_reactor(|r| {
        if r.dead.is_none()
            && let Err(e) = r.machine.js_wake(sp as u32 as usize)
        {
            r.dead = Some(format!("hsrts: {e}"));
        }
        drive(r);
    });
}

/// Runs Haskell threads again (the ES module's `schedule` timer).
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_resume() {
    with_reactor(drive);
}

/// Sets the scheduler's time budget per run to `ms` milliseconds; `0`,
/// less or NaN: run until no thread can run (the page freezes during a long
/// computation).
#[unsafe(no_mangle)]
pub extern "C" fn hsrts_jsffi_budget(ms: f64) {
    // `ms > 0.0` is false for NaN; a budget too big for a Duration is
    // none at all in practice.
    let budget = if ms > 0.0 {
        Some(Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX))
    } else {
        None
    };
    with_reactor(|r| r.budget = budget);
}
