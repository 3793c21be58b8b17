//! Weak pointers: `mkWeak#`, `deRefWeak#`, `finalizeWeak#`, and the queue
//! of Haskell finalizers waiting for the scheduler.
//!
//! A WEAK closure is `[key, value, finalizer, C function, C argument]`. It
//! sits on the weak list of its generation; the collector decides liveness
//! from the key alone (see Note \[Weak pointers\] in `gc::weak`). When the key
//! dies the weak becomes DEAD_WEAK with every pointer nulled, its C
//! finalizer runs at the end of that collection and its Haskell finalizer
//! (an `IO ()` closure) joins [`Storage::take_finalizers`]'s queue, which is
//! a root until the scheduler takes it. Either way it happens once:
//! a DEAD_WEAK is never finalized again.

use std::ffi::c_void;

use crate::builtins;
use crate::info::ClosureType;
use crate::word::{ClosurePtr, Word};

use super::{AllocError, Storage};

/// Payload index of the key.
pub const WEAK_KEY: usize = 0;
/// Payload index of the value.
pub const WEAK_VALUE: usize = 1;
/// Payload index of the Haskell finalizer (null for none).
pub const WEAK_FINALIZER: usize = 2;
/// Payload index of the C finalizer function (0 for none).
pub const WEAK_C_FUNCTION: usize = 3;
/// Payload index of the C finalizer's argument.
pub const WEAK_C_ARGUMENT: usize = 4;

/// A C finalizer: `function(argument)`, run once after the key dies.
#[derive(Copy, Clone, Debug)]
pub struct CFinalizer {
    pub function: unsafe extern "C" fn(*mut c_void),
    pub argument: *mut c_void,
}

impl CFinalizer {
    /// Run it.
    ///
    /// # Safety
    /// The function's own contract with its argument must hold.
    pub unsafe fn run(self) {
        // SAFETY: forwarded to the caller.
        unsafe { (self.function)(self.argument) }
    }

    /// Read the C finalizer stored in a weak closure, if any.
    ///
    /// # Safety
    /// `w` must be a live WEAK or DEAD_WEAK closure.
    pub(crate) unsafe fn read(w: ClosurePtr) -> Option<CFinalizer> {
        // SAFETY: the layout above; function words were written from a
        // valid function pointer by `mk_weak`.
        unsafe {
            let f = w.payload(WEAK_C_FUNCTION) as usize;
            (f != 0).then(|| CFinalizer {
                function: std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void)>(f),
                argument: w.payload(WEAK_C_ARGUMENT) as usize as *mut c_void,
            })
        }
    }
}

/// Turn `w` into a DEAD_WEAK with null pointers (and no C finalizer).
///
/// # Safety
/// `w` must be a WEAK closure (live or in from-space during a collection).
pub(crate) unsafe fn kill(w: ClosurePtr) {
    // SAFETY: forwarded to the caller; DEAD_WEAK has WEAK's layout.
    unsafe {
        w.set_info(&builtins::DEAD_WEAK);
        for i in 0..5 {
            w.set_payload(i, 0);
        }
    }
}

impl Storage {
    /// `mkWeak#`: a weak pointer from `key` to `value`, with an optional
    /// Haskell finalizer (null for none) and C finalizer.
    pub fn mk_weak(
        &mut self,
        key: ClosurePtr,
        value: ClosurePtr,
        finalizer: ClosurePtr,
        c_finalizer: Option<CFinalizer>,
    ) -> Result<ClosurePtr, AllocError> {
        let (f, a) = c_finalizer.map_or((0, 0), |c| {
            (c.function as usize as Word, c.argument as usize as Word)
        });
        let w = self.alloc_closure(&builtins::WEAK, &[key, value, finalizer], &[f, a])?;
        self.gens[0].weaks.push(w);
        Ok(w)
    }

    /// `deRefWeak#`: the value while the key is alive, `None` after.
    ///
    /// # Safety
    /// `w` must be a live WEAK or DEAD_WEAK closure.
    pub unsafe fn deref_weak(&self, w: ClosurePtr) -> Option<ClosurePtr> {
        // SAFETY: forwarded to the caller.
        unsafe {
            let w = w.untagged();
            (w.info().closure_type == ClosureType::Weak).then(|| w.payload_ptr(WEAK_VALUE))
        }
    }

    /// `finalizeWeak#`: kill `w` now; its C finalizer runs now, and its
    /// Haskell finalizer (if any) is returned for the caller to run.
    /// `None` if `w` was already dead (finalizers run at most once).
    ///
    /// # Safety
    /// `w` must be a live WEAK or DEAD_WEAK closure; the C finalizer's
    /// contract must hold.
    pub unsafe fn finalize_weak(&mut self, w: ClosurePtr) -> Option<ClosurePtr> {
        let w = w.untagged();
        // SAFETY: forwarded to the caller.
        unsafe {
            if w.info().closure_type != ClosureType::Weak {
                return None;
            }
            let finalizer = w.payload_ptr(WEAK_FINALIZER);
            let c = CFinalizer::read(w);
            kill(w);
            if let Some(c) = c {
                c.run();
            }
            (!finalizer.is_null()).then_some(finalizer)
        }
    }

    /// At exit, after the last collection (GHC's `runAllCFinalizers` in
    /// `hs_exit`): the C finalizers of the weak pointers still alive run
    /// now, each weak dying as it runs, so none runs twice. Haskell
    /// finalizers do not run at exit, as in GHC. How many ran.
    pub fn run_all_c_finalizers(&mut self) -> usize {
        let mut ran = 0;
        for generation in &mut self.gens {
            generation.weaks.retain(|&w| {
                // SAFETY: a generation's weak list holds WEAK closures, or
                // DEAD_WEAKs killed by `finalizeWeak#` since the last
                // collection; the C finalizer was registered through
                // `mk_weak`, whose caller vouched for its contract, and
                // runs once: `kill` makes the weak a DEAD_WEAK first.
                unsafe {
                    if w.info().closure_type != ClosureType::Weak {
                        return false;
                    }
                    let Some(c) = CFinalizer::read(w) else {
                        return true;
                    };
                    kill(w);
                    c.run();
                }
                ran += 1;
                false
            });
        }
        ran
    }

    /// The Haskell finalizers of weak pointers whose keys died, in the
    /// order found; the scheduler runs each (an `IO ()`) once. Until taken
    /// they are roots.
    pub fn take_finalizers(&mut self) -> Vec<ClosurePtr> {
        std::mem::take(&mut self.pending_finalizers)
    }

    /// How many Haskell finalizers are waiting.
    pub fn pending_finalizer_count(&self) -> usize {
        self.pending_finalizers.len()
    }
}
