//! The process-wide runtime behind the C API: the storage manager, the
//! loaded program, the RTS flags, the one capability (`rts_lock`) and the
//! table of `HaskellObj` handles given to C.
//!
//! Everything lives in one mutex-protected [`Global`]; every C entry point
//! goes through [`with_runtime`] (needs a started runtime) or
//! [`with_capability`] (also needs the calling thread to hold the
//! capability). Misuse is reported with [`fatal`].

// Note [HaskellObj handles]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// In GHC a `HaskellObj` is the closure's address. C code never looks
// inside one, but it keeps them in variables while it builds an
// application (`rts_mkInt`, `rts_mkInt`, `rts_apply`, ...), and any
// allocation may start a collection that moves every young closure. GHC
// avoids this with an allocator that never collects outside the scheduler;
// ours collects when the nursery is full. So a `HaskellObj` here is a
// handle: an index into a per-`rts_lock` table of stable pointers (which
// the collector updates, wherever the collection is started), with the
// lock window's number ("epoch") in the high bits:
//
//     handle = epoch << HANDLE_INDEX_BITS | (index + 1)
//
// `rts_unlock` frees the table and starts a new epoch, so a `HaskellObj`
// kept past `rts_unlock` is reported as stale rather than read as whatever
// the entry now holds. (The epoch has 12 bits on wasm32, so a handle kept
// for exactly 4095 lock windows would not be caught; on 64-bit targets
// the check is exact.) A handle is never NULL and never a small number, so
// it is not mistaken for a stable pointer either. Values that must outlive
// a lock window are kept with `getStablePtr`, as GHC's documentation asks.

use std::cell::Cell;
use std::collections::HashMap;
use std::ptr::NonNull;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::ThreadId;

use rts_core::flags::RtsFlags;
use rts_core::heap::stable_ptr::StablePtr;
use rts_core::interp::machine::{in_foreign_call, with_reentered_machine};
use rts_core::interp::{InterpConfig, Machine, RunError, StdSink};
use rts_core::loader::{LoadError, LoadedInfo, Program};
use rts_core::{ClosurePtr, InfoTable, Storage, Word};

use crate::lifecycle::Lifecycle;
pub use crate::misuse::fatal;

/// Bits of a handle that hold the table index (Note [HaskellObj handles]).
pub const HANDLE_INDEX_BITS: u32 = 20;
/// Handles one lock window may hold.
pub const MAX_HANDLES: usize = (1 << HANDLE_INDEX_BITS) - 1;
const EPOCH_BITS: u32 = usize::BITS - HANDLE_INDEX_BITS;

/// GHC's `SchedulerStatus` (RtsAPI.h), with the same numbers.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulerStatus {
    NoStatus = 0,
    Success = 1,
    Killed = 2,
    Interrupted = 3,
    HeapExhausted = 4,
}

/// What the C API knows about a stable-pointer table entry (the table is
/// shared with the handles and with Haskell's `newStablePtr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// Not made by the C API (free, or made by Haskell code).
    Unknown,
    /// A stable pointer given to C by `getStablePtr` / `rts_evalStableIO`.
    Issued,
    /// Such a stable pointer, since freed.
    Freed,
    /// The entry behind a `HaskellObj` handle.
    Handle,
}

// Note [One machine for every call]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Building an interpreter `Machine` resolves the image's concurrency
// primops and exception closures by name; doing that per call was most of
// the cost of calling an export from C. So the runtime builds one machine
// when the image is loaded and keeps it for the life of the runtime
// (`hsrts_main`, `rts_eval*` and every export stub use it; each
// evaluation is a fresh run of it, see `Machine::eval`).
//
// The machine borrows the storage manager and the program for ever, so
// both live in their own heap allocations, owned by `Runtime` through raw
// pointers (freed in `Drop`, machine first): `Runtime` itself holds no
// reference that would overlap the machine's. While the machine exists
// the storage manager is used only through it (`Runtime::with_storage`,
// `Runtime::with_machine`), so allocation by the C API collects with the
// machine's roots too.
//
// Callbacks (C -> Haskell during a foreign call made by Haskell): the
// evaluation that runs the machine holds the process lock (`GLOBAL`) and
// the capability. It publishes its `&mut Runtime` in the thread-local
// `NESTED` for the duration; a C API call on the same thread during the
// run uses that instead of taking the lock (which would deadlock), and the
// machine it reaches is the one the foreign call published (Note
// [Re-entering the machine] in rts-core/src/interp/machine/embed.rs).
// `rts_lock` inside a callback opens a nested lock window instead of
// reporting "rts_lock twice"; its `rts_unlock` frees only the nested
// window's handles, so the outer stub's `HaskellObj`s stay valid.

thread_local! {
    /// The runtime of the evaluation running on this thread (null: none).
    /// Note [One machine for every call].
    static NESTED: Cell<*mut Runtime> = const { Cell::new(std::ptr::null_mut()) };
}

/// The started runtime.
pub struct Runtime {
    /// The storage manager (Note [One machine for every call]).
    heap: NonNull<Storage>,
    program: Option<NonNull<Program>>,
    machine: Option<NonNull<Machine<'static>>>,
    pub flags: RtsFlags,
    pub prog_name: String,
    pub args: Vec<String>,
    /// Status of the last evaluation (`rts_getSchedStatus`).
    pub status: SchedulerStatus,
    handles: Vec<StablePtr>,
    /// Where each nested lock window's handles start (callbacks).
    window_starts: Vec<usize>,
    epoch: usize,
    entries: Vec<Entry>,
    cons: HashMap<&'static str, &'static InfoTable>,
    nullary: HashMap<&'static str, ClosurePtr>,
    /// Top-level closures by name (built on first use).
    statics: HashMap<String, ClosurePtr>,
}

/// The process-wide state (see the module comment).
pub struct Global {
    pub lifecycle: Lifecycle,
    pub runtime: Option<Box<Runtime>>,
    /// An image registered before `hs_init`, loaded when it starts.
    pub pending_image: Option<Vec<u8>>,
}

// SAFETY: the storage manager holds raw pointers to memory it owns; it is
// only ever used by the thread that holds `GLOBAL`'s lock, so moving it
// between threads with the lock is sound.
unsafe impl Send for Global {}

static GLOBAL: Mutex<Global> = Mutex::new(Global {
    lifecycle: Lifecycle::new(),
    runtime: None,
    pending_image: None,
});

/// The capability: which thread holds it (`rts_lock`) and how many
/// threads wait for it (so that `rts_unlock` only wakes when someone
/// waits: a wake-up is a system call, and the common case has no waiter).
static CAPABILITY: Mutex<Capability> = Mutex::new(Capability {
    owner: None,
    waiting: 0,
});
static CAPABILITY_FREED: Condvar = Condvar::new();

struct Capability {
    owner: Option<ThreadId>,
    waiting: usize,
}

thread_local! {
    /// Whether this thread holds the capability (a cheap check for every
    /// API call; the mutex above is the authority).
    static HOLDS_CAPABILITY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic cannot leave these half-updated in a way that matters more
    // than stopping would (every C entry point aborts on panic anyway).
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `f` on the process-wide state.
pub fn with_global<R>(f: impl FnOnce(&mut Global) -> R) -> R {
    if !NESTED.with(Cell::get).is_null() {
        fatal(
            "hs_init/hs_exit",
            "called from a callback (C code that Haskell called); start and stop the runtime outside Haskell",
        );
    }
    f(&mut lock(&GLOBAL))
}

/// Runs `f` on the started runtime; a call before `hs_init` or after the
/// last `hs_exit` is reported as misuse.
pub fn with_runtime<R>(site: &str, f: impl FnOnce(&mut Runtime) -> R) -> R {
    let nested = NESTED.with(Cell::get);
    if !nested.is_null() {
        // SAFETY: published by `Runtime::run_machine` on this thread from
        // its `&mut Runtime`, which it does not use until the machine
        // returns (Note [One machine for every call]); we are inside that
        // run (a callback), so this is the only path to the runtime.
        return f(unsafe { &mut *nested });
    }
    let mut global = lock(&GLOBAL);
    let stopped = global.lifecycle.was_stopped();
    match global.runtime.as_deref_mut() {
        Some(rt) => f(rt),
        None if stopped => fatal(
            site,
            "called after the last hs_exit (the runtime has stopped)",
        ),
        None => fatal(site, "called before hs_init (the runtime is not running)"),
    }
}

/// Whether the calling thread holds the capability.
pub fn holds_capability() -> bool {
    HOLDS_CAPABILITY.with(std::cell::Cell::get)
}

/// [`with_runtime`] for functions that need the capability (`rts_lock`).
pub fn with_capability<R>(site: &str, f: impl FnOnce(&mut Runtime) -> R) -> R {
    if !holds_capability() {
        // Distinguish "no runtime" (a clearer message) from "no lock".
        with_runtime(site, |_| ());
        fatal(
            site,
            "called without holding the capability (call rts_lock first)",
        );
    }
    with_runtime(site, f)
}

/// `rts_lock`: waits until no other thread holds the capability and takes
/// it. Taking it twice from one thread is reported (it would deadlock).
pub fn acquire_capability(site: &str) {
    with_runtime(site, |_| ());
    if holds_capability() {
        if in_foreign_call() && !NESTED.with(Cell::get).is_null() {
            // A callback: a nested lock window on the held capability.
            with_runtime(site, Runtime::open_nested_window);
            return;
        }
        fatal(
            site,
            "this thread already holds the capability (rts_lock twice without rts_unlock)",
        );
    }
    let mut cap = lock(&CAPABILITY);
    while cap.owner.is_some() {
        cap.waiting += 1;
        cap = CAPABILITY_FREED
            .wait(cap)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cap.waiting -= 1;
    }
    cap.owner = Some(std::thread::current().id());
    HOLDS_CAPABILITY.with(|h| h.set(true));
}

/// `rts_unlock`: frees the lock window's handles and gives the capability
/// back.
pub fn release_capability(site: &str) {
    if !holds_capability() {
        fatal(
            site,
            "the calling thread does not hold the capability (rts_unlock without rts_lock)",
        );
    }
    if with_runtime(site, Runtime::close_nested_window) {
        return;
    }
    with_runtime(site, Runtime::end_lock_window);
    HOLDS_CAPABILITY.with(|h| h.set(false));
    let mut cap = lock(&CAPABILITY);
    cap.owner = None;
    if cap.waiting > 0 {
        CAPABILITY_FREED.notify_one();
    }
}

impl Runtime {
    /// A runtime with an empty heap configured by `flags`.
    pub fn start(flags: RtsFlags, prog_name: String, args: Vec<String>) -> Result<Runtime, String> {
        let mut storage = Storage::new(flags.gc_config())
            .map_err(|e| format!("cannot allocate the heap: {e}"))?;
        storage.set_sanity_checks(flags.sanity_checks);
        Ok(Runtime {
            heap: NonNull::from(Box::leak(Box::new(storage))),
            program: None,
            machine: None,
            window_starts: Vec::new(),
            flags,
            prog_name,
            args,
            status: SchedulerStatus::NoStatus,
            handles: Vec::new(),
            epoch: 1,
            entries: Vec::new(),
            cons: HashMap::new(),
            nullary: HashMap::new(),
            statics: HashMap::new(),
        })
    }

    /// Loads a serialised image; one program per process.
    pub fn load_image(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.program.is_some() {
            return Err("a program image is already loaded (one per process)".to_owned());
        }
        let program = self
            .with_storage(|storage| rts_core::loader::load_bytes(storage, bytes))
            .map_err(|e: LoadError| format!("cannot load the program image: {e}"))?;
        let program = NonNull::from(Box::leak(Box::new(program)));
        self.program = Some(program);
        let config = InterpConfig {
            max_stack_words: self.flags.max_stack_bytes / rts_core::WORD_BYTES,
            prog_name: self.prog_name.clone(),
            args: self.args.clone(),
            ..InterpConfig::default()
        };
        // `StdSink` has no data: leaking one allocates nothing.
        let sink: &'static mut StdSink = Box::leak(Box::new(StdSink));
        // SAFETY: Note [One machine for every call]: the storage manager
        // and the program live in allocations this runtime owns and frees
        // only after the machine (in `Drop`); from now on the storage
        // manager is used only through the machine.
        let (storage, program) = unsafe { (&mut *self.heap.as_ptr(), &*program.as_ptr()) };
        let machine = Box::new(Machine::new(storage, program, sink, config));
        self.machine = Some(NonNull::from(Box::leak(machine)));
        Ok(())
    }

    /// Runs `f` on the storage manager (through the machine once there is
    /// one: Note [One machine for every call]).
    pub fn with_storage<R>(&mut self, f: impl FnOnce(&mut Storage) -> R) -> R {
        if self.machine.is_some() {
            return self.with_machine("hsrts", |m| f(m.storage_mut()));
        }
        // SAFETY: no machine exists, so nothing else refers to the storage
        // manager; `&mut self` makes this the only use.
        f(unsafe { &mut *self.heap.as_ptr() })
    }

    /// `hs_exit`'s last collection (`Machine::collect_at_exit`), when an
    /// image was ever loaded.
    pub fn collect_at_exit(&mut self) {
        if self.machine.is_some() {
            self.with_machine("hs_exit", |m| m.collect_at_exit());
        }
    }

    /// Runs `f` on the machine: the one a running foreign call published
    /// during a callback, else the idle one (misuse if no image is loaded).
    pub fn with_machine<R>(
        &mut self,
        site: &str,
        f: impl for<'m> FnOnce(&mut Machine<'m>) -> R,
    ) -> R {
        let mut f = Some(f);
        let mut call = |m: &mut Machine<'_>| match f.take() {
            Some(f) => f(m),
            None => unreachable!("called once"),
        };
        if in_foreign_call()
            && let Some(r) = with_reentered_machine(&mut call)
        {
            return r;
        }
        match self.machine {
            // SAFETY: the machine is owned by this runtime; no evaluation is
            // running it (that would be a callback, handled above), so
            // `&mut self` makes this the only use.
            Some(m) => call(unsafe { &mut *m.as_ptr() }),
            None => fatal(
                site,
                "no program image is loaded (call hsrts_set_image before hs_init, or hsrts_load_image after)",
            ),
        }
    }

    /// Runs `f` (an evaluation) on the machine, callbacks allowed: nested
    /// inside the running evaluation during a callback (Note
    /// [Re-entering the machine]), with this runtime published for the C
    /// API calls the evaluation's foreign calls make.
    pub fn run_machine<R>(
        &mut self,
        site: &str,
        f: impl for<'m> FnOnce(&mut Machine<'m>) -> R,
    ) -> R {
        let previous = NESTED.with(|n| n.replace(self as *mut Runtime));
        let r = if in_foreign_call() {
            self.with_machine(site, |m| m.nested(f))
        } else {
            self.with_machine(site, f)
        };
        NESTED.with(|n| n.set(previous));
        r
    }

    /// The loaded program, or a misuse report.
    pub fn program(&self, site: &str) -> &Program {
        // SAFETY: owned by this runtime until `Drop`; only ever shared.
        match self.program.map(|p| unsafe { &*p.as_ptr() }) {
            Some(p) => p,
            None => fatal(
                site,
                "no program image is loaded (call hsrts_set_image before hs_init, or hsrts_load_image after)",
            ),
        }
    }

    /// The top-level closure named `name` (e.g. `Main.triple`), if any.
    /// Static closures never move, so the table is built once.
    pub fn static_closure(&mut self, site: &str, name: &str) -> Option<ClosurePtr> {
        if self.statics.is_empty() {
            let program = self.program(site);
            let table: HashMap<String, ClosurePtr> = program
                .static_names
                .iter()
                .cloned()
                .zip(program.statics.iter().copied())
                .collect();
            self.statics = table;
        }
        self.statics.get(name).copied()
    }

    // ------------------------------------------------------------ handles

    /// A new `HaskellObj` for `p` in the current lock window.
    pub fn new_handle(&mut self, site: &str, p: ClosurePtr) -> usize {
        if self.handles.len() >= MAX_HANDLES {
            fatal(
                site,
                format!("more than {MAX_HANDLES} HaskellObj values in one rts_lock window"),
            );
        }
        let sp = self.with_storage(|s| s.new_stable_ptr(p));
        self.set_entry(sp, Entry::Handle);
        self.handles.push(sp);
        (self.epoch << HANDLE_INDEX_BITS) | self.handles.len()
    }

    /// The closure behind a `HaskellObj`; anything else is misuse.
    pub fn resolve(&mut self, site: &str, handle: usize) -> ClosurePtr {
        if handle == 0 {
            fatal(site, "the HaskellObj is NULL");
        }
        let index = handle & MAX_HANDLES;
        let epoch = handle >> HANDLE_INDEX_BITS;
        if epoch != self.epoch {
            fatal(
                site,
                format!(
                    "{handle:#x} is not a HaskellObj of the current rts_lock window (kept past rts_unlock, or not a HaskellObj at all)"
                ),
            );
        }
        let Some(&sp) = index.checked_sub(1).and_then(|i| self.handles.get(i)) else {
            fatal(
                site,
                format!("{handle:#x} is not a HaskellObj this runtime made"),
            );
        };
        match self.with_storage(|s| s.deref_stable_ptr(sp)) {
            Ok(p) => p,
            Err(e) => fatal(site, format!("internal error: handle {handle:#x}: {e}")),
        }
    }

    /// `rts_lock` in a callback: a nested window on the held capability.
    fn open_nested_window(&mut self) {
        self.window_starts.push(self.handles.len());
    }

    /// `rts_unlock` of a nested window frees its handles only; `false`
    /// when no nested window is open.
    fn close_nested_window(&mut self) -> bool {
        let Some(start) = self.window_starts.pop() else {
            return false;
        };
        let nested = self.handles.split_off(start.min(self.handles.len()));
        self.free_handles(nested);
        true
    }

    fn free_handles(&mut self, handles: Vec<StablePtr>) {
        for sp in handles {
            self.set_entry(sp, Entry::Unknown);
            // The entries were made by `new_handle` and are freed only here.
            let _ = self.with_storage(|s| s.free_stable_ptr(sp));
        }
    }

    /// Ends a lock window: frees every handle and starts a new epoch.
    fn end_lock_window(&mut self) {
        let handles = std::mem::take(&mut self.handles);
        self.free_handles(handles);
        self.epoch = (self.epoch + 1) % (1 << EPOCH_BITS.min(usize::BITS - 1));
        if self.epoch == 0 {
            self.epoch = 1;
        }
    }

    // ---------------------------------------------------- stable pointers

    fn set_entry(&mut self, sp: StablePtr, e: Entry) {
        let i = sp.0 - 1;
        if self.entries.len() <= i {
            self.entries.resize(i + 1, Entry::Unknown);
        }
        self.entries[i] = e;
    }

    fn entry(&self, sp: usize) -> Entry {
        sp.checked_sub(1)
            .and_then(|i| self.entries.get(i))
            .copied()
            .unwrap_or(Entry::Unknown)
    }

    /// `getStablePtr`: a stable pointer for C.
    pub fn issue_stable_ptr(&mut self, p: ClosurePtr) -> usize {
        let sp = self.with_storage(|s| s.new_stable_ptr(p));
        self.set_entry(sp, Entry::Issued);
        sp.0
    }

    /// `deRefStablePtr`.
    pub fn deref_stable_ptr(&mut self, site: &str, sp: usize) -> ClosurePtr {
        self.check_stable_ptr(site, sp);
        match self.with_storage(|s| s.deref_stable_ptr(StablePtr(sp))) {
            Ok(p) => p,
            Err(e) => fatal(site, e),
        }
    }

    /// `freeStablePtr` / `hs_free_stable_ptr`.
    pub fn free_stable_ptr(&mut self, site: &str, sp: usize) {
        self.check_stable_ptr(site, sp);
        match self.with_storage(|s| s.free_stable_ptr(StablePtr(sp))) {
            Ok(()) => self.set_entry(StablePtr(sp), Entry::Freed),
            Err(e) => fatal(site, e),
        }
    }

    fn check_stable_ptr(&self, site: &str, sp: usize) {
        match self.entry(sp) {
            Entry::Freed => fatal(site, format!("stable pointer {sp:#x} was already freed")),
            Entry::Handle => fatal(
                site,
                format!(
                    "{sp:#x} is not a stable pointer (it names a HaskellObj; use getStablePtr)"
                ),
            ),
            Entry::Issued | Entry::Unknown => {
                if sp == 0 {
                    fatal(site, "the stable pointer is NULL");
                }
            }
        }
    }

    // --------------------------------------------------------- allocation

    /// A constructor closure `info` with `ptrs` then `nptrs`, collecting
    /// when the nursery is full (the handles survive: they are stable
    /// pointers; `ptrs` are roots during the collection).
    pub fn alloc_con(
        &mut self,
        site: &str,
        info: &'static InfoTable,
        ptrs: &[ClosurePtr],
        nptrs: &[Word],
    ) -> ClosurePtr {
        self.alloc_con_keeping(site, info, ptrs, nptrs, &mut [])
    }

    /// [`Runtime::alloc_con`] that also keeps `keep` alive (and updated)
    /// across a collection.
    pub fn alloc_con_keeping(
        &mut self,
        site: &str,
        info: &'static InfoTable,
        ptrs: &[ClosurePtr],
        nptrs: &[Word],
        keep: &mut [ClosurePtr],
    ) -> ClosurePtr {
        let mut roots: Vec<ClosurePtr> = ptrs.iter().chain(keep.iter()).copied().collect();
        let n = ptrs.len();
        let made = self.with_machine(site, |m| {
            m.host_alloc(&mut roots, |storage, roots| {
                storage.alloc_closure(info, &roots[..n], nptrs)
            })
        });
        keep.copy_from_slice(&roots[n..]);
        made.unwrap_or_else(|e| fatal(site, alloc_failure(&e)))
    }

    /// An AP thunk `f x` (for `rts_apply`).
    pub fn alloc_ap(&mut self, site: &str, f: ClosurePtr, x: ClosurePtr) -> ClosurePtr {
        let mut roots = [f, x];
        let desc = rts_core::closure::PapArgs {
            n_args: 1,
            arity: 0,
            non_pointer_mask: 0,
        };
        self.with_machine(site, |m| {
            m.host_alloc(&mut roots, |storage, roots| {
                storage.new_pap(true, roots[0], desc, &[roots[1].to_word()])
            })
        })
        .unwrap_or_else(|e| fatal(site, alloc_failure(&e)))
    }

    /// A major collection (`hs_perform_gc`); handles, stable pointers and
    /// (during a callback) the interrupted evaluation are the roots.
    pub fn perform_gc(&mut self) {
        if self.machine.is_some() {
            let _ = self.with_machine("hs_perform_gc", |m| m.host_collect(true));
        } else {
            let _ = self.with_storage(|s| s.collect(&mut rts_core::gc::NoRoots, true));
        }
    }

    // ------------------------------------------------------- constructors

    /// The image's constructor info named by one of `names` (qualified, or
    /// unqualified to match any module), the first that exists.
    pub fn find_con(&mut self, site: &str, names: &[&'static str]) -> Option<&'static InfoTable> {
        for &name in names {
            if let Some(&t) = self.cons.get(name) {
                return Some(t);
            }
            let found = self.program(site).infos.iter().find_map(|i| match i {
                LoadedInfo::Con { table } if con_name_matches(table.name, name) => Some(*table),
                _ => None,
            });
            if let Some(t) = found {
                self.cons.insert(name, t);
                return Some(t);
            }
        }
        None
    }

    /// [`Runtime::find_con`], or a report that the image lacks it.
    pub fn con(&mut self, site: &str, names: &[&'static str]) -> &'static InfoTable {
        match self.find_con(site, names) {
            Some(t) => t,
            None => fatal(
                site,
                format!(
                    "the program image has no constructor {}",
                    names.join(" or ")
                ),
            ),
        }
    }

    /// The closure of a nullary constructor (`True`, `()`): the image's
    /// static one, or one made once in the static area.
    pub fn nullary(&mut self, site: &str, name: &'static str) -> ClosurePtr {
        if let Some(&p) = self.nullary.get(name) {
            return p;
        }
        let info = self.con(site, &[name]);
        let program = self.program(site);
        let existing = program.statics.iter().copied().find(|p| {
            // SAFETY: every static closure of a loaded program is initialised.
            std::ptr::eq(unsafe { p.info() }, info)
        });
        let p = match existing {
            Some(p) => p,
            None => match self.with_storage(|s| s.new_static_closure(info, &[], &[])) {
                Ok(p) => p,
                Err(e) => fatal(site, e),
            },
        };
        self.nullary.insert(name, p);
        p
    }
}

/// Why an allocation for C failed.
fn alloc_failure(e: &RunError) -> String {
    match e {
        RunError::HeapOverflow => "heap exhausted".to_owned(),
        other => other.to_string(),
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Note [One machine for every call]: the machine borrows the other
        // two, so it goes first.
        if let Some(m) = self.machine.take() {
            // SAFETY: made by `Box::leak` in `load_image`; no evaluation is
            // running (the runtime is being dropped by `hs_exit`).
            drop(unsafe { Box::from_raw(m.as_ptr()) });
        }
        if let Some(p) = self.program.take() {
            // SAFETY: made by `Box::leak` in `load_image`; nothing borrows
            // it any more.
            drop(unsafe { Box::from_raw(p.as_ptr()) });
        }
        // SAFETY: made by `Box::leak` in `start`; nothing borrows it.
        drop(unsafe { Box::from_raw(self.heap.as_ptr()) });
    }
}

/// Whether the info name `actual` (always qualified, e.g. `GHC.Types.I#`)
/// is `wanted` (qualified, or unqualified such as `I8#`).
pub fn con_name_matches(actual: &str, wanted: &str) -> bool {
    actual == wanted
        || (!wanted.contains('.')
            && actual
                .strip_suffix(wanted)
                .is_some_and(|module| module.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_names_match_qualified_or_unqualified() {
        assert!(con_name_matches("GHC.Types.I#", "GHC.Types.I#"));
        assert!(con_name_matches("GHC.Types.I#", "I#"));
        assert!(con_name_matches("GHC.Int.I8#", "I8#"));
        assert!(!con_name_matches("GHC.Int.I8#", "I#"));
        assert!(!con_name_matches("GHC.Types.I#", "GHC.Int.I#"));
        assert!(!con_name_matches("Foo.FunPtr", "Ptr"));
        assert!(con_name_matches("Foreign.Ptr.FunPtr", "FunPtr"));
    }

    #[test]
    fn the_scheduler_status_numbers_are_ghcs() {
        assert_eq!(SchedulerStatus::NoStatus as i32, 0);
        assert_eq!(SchedulerStatus::Success as i32, 1);
        assert_eq!(SchedulerStatus::Killed as i32, 2);
        assert_eq!(SchedulerStatus::Interrupted as i32, 3);
        assert_eq!(SchedulerStatus::HeapExhausted as i32, 4);
    }
}
