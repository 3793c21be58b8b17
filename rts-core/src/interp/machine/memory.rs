//! Stable pointers, stable names and weak pointers: the primops over the
//! storage manager's tables (`heap::stable_ptr`, `stable_name`, `weak`).
//!
//! A `StablePtr a` travels as a pointer-rep value, so the table index is
//! boxed in a small constructor (`STABLE_PTR_BOX`) the collector can
//! copy; `stablePtrToInt#`/`intToStablePtr#` convert between the box and
//! the number. Haskell finalizers of dead weak pointers are collected by
//! the storage manager; `schedule_finalizers` starts them after a
//! collection.

use super::{Machine, PrimOut, internal};
use crate::heap::AllocError;
use crate::heap::stable_ptr::StablePtr;
use crate::info::InfoTable;
use crate::interp::RunError;
use crate::interp::prims::Prim;
use crate::word::{ClosurePtr, Word};

/// A boxed stable pointer: one non-pointer word, the table index.
pub static STABLE_PTR_BOX: InfoTable = InfoTable::constructor("StablePtr", 0, 0, 1);

/// Whether `exec_memory` runs `p` (Note [Primop routes] in concurrency.rs).
pub(super) fn is_memory_prim(p: Prim) -> bool {
    use Prim::*;
    matches!(
        p,
        MakeStablePtr
            | DeRefStablePtr
            | FreeStablePtr
            | StablePtrToInt
            | IntToStablePtr
            | MakeStableName
            | StableNameToInt
            | EqStableName
            | MkWeak
            | MkWeakNoFinalizer
            | DeRefWeak
            | FinalizeWeak
    )
}

impl Machine<'_> {
    /// Runs storage calls that may need a collection first: `f` reads its
    /// pointer arguments afresh (from `st.args`) on every attempt.
    fn with_gc<T>(
        &mut self,
        mut f: impl FnMut(&mut Self) -> Result<T, AllocError>,
    ) -> Result<T, RunError> {
        loop {
            match f(self) {
                Ok(v) => return Ok(v),
                Err(AllocError::NurseryFull) => self.gc()?,
                Err(AllocError::HeapOverflow(_)) => return Err(RunError::HeapOverflow),
                Err(AllocError::OutOfMemory(_)) => return Err(RunError::OutOfMemory),
            }
        }
    }

    /// After a collection: runs the Haskell finalizers the collector queued,
    /// in its order (GHC's: Note [Weak list order] in gc/weak.rs), one after
    /// another in one new thread at the back of the run queue, as
    /// `GHC.TopHandler.runFinalizerBatch [fin, ..]` (GHC's
    /// `runFinalizerBatch`). Without it in the image they are dropped.
    pub(super) fn schedule_finalizers(&mut self) -> Result<(), RunError> {
        let finalizers = self.storage.take_finalizers();
        let Some(run) = finalizers.first().and_then(|_| {
            self.program
                .static_named("GHC.TopHandler.runFinalizerBatch")
        }) else {
            return Ok(());
        };
        // The finalizers and the list built so far are roots while the
        // cons cells and the thread are allocated (each may collect).
        let wired = self.program.wired;
        let base = self.host_roots.len();
        self.host_roots.extend_from_slice(&finalizers);
        self.host_roots.push(wired.nil);
        let list = base + finalizers.len();
        let mut result = Ok(());
        for i in (base..list).rev() {
            let cell = match self.alloc(3) {
                Ok(cell) => cell,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            };
            // SAFETY: a fresh 3-word cons cell; its fields are roots read
            // after the allocation.
            unsafe {
                cell.set_info(wired.cons);
                cell.set_payload(0, self.host_roots[i].to_word());
                cell.set_payload(1, self.host_roots[list].to_word());
            }
            self.host_roots[list] = cell;
        }
        if result.is_ok() {
            let fins = self.host_roots[list];
            result = self
                .fork_thread(run, &[fins], super::threads::UNMASKED)
                .map(drop);
        }
        self.host_roots.truncate(base);
        result
    }

    fn box_stable_ptr(&mut self, index: usize) -> Result<ClosurePtr, RunError> {
        let p = self.alloc(2)?;
        // SAFETY: a fresh 2-word constructor.
        unsafe {
            p.set_info(&STABLE_PTR_BOX);
            p.set_payload(0, index as Word);
        }
        Ok(p)
    }

    fn unbox_stable_ptr(&self, w: Word) -> Result<StablePtr, RunError> {
        // SAFETY: a StablePtr argument is an evaluated box.
        unsafe {
            let p = super::deref(ClosurePtr::from_word(w));
            if !std::ptr::eq(p.info(), &STABLE_PTR_BOX) {
                return Err(internal("stable pointer primop on a non-StablePtr"));
            }
            Ok(StablePtr(p.payload(0) as usize))
        }
    }

    fn ptr_arg(&self, i: usize) -> ClosurePtr {
        self.st
            .args
            .iter()
            .filter(|(r, _)| *r != bytecode::Rep::Void)
            .nth(i)
            .map_or(ClosurePtr::from_addr(0), |(_, w)| ClosurePtr::from_word(*w))
    }

    /// Runs a stable-pointer, stable-name or weak-pointer primop; `None`
    /// if `p` is not one.
    pub(super) fn exec_memory(&mut self, p: Prim, a: &[Word]) -> Result<Option<PrimOut>, RunError> {
        let Some((vals, n)) = self.memory_values(p, a)? else {
            return Ok(None);
        };
        self.rets.clear();
        self.rets.extend_from_slice(&vals[..n]);
        Ok(Some(PrimOut::Values))
    }

    /// `exec_memory`'s work: the results (at most two) and how many there
    /// are. The primops `direct_memory_prim` accepts read only `a` (never
    /// `st.args`), so `prim_general` may call this without collecting the
    /// arguments (Note [Direct primop calls] in cold.rs). Inlined into
    /// both callers: no call, no results through memory.
    #[inline(always)]
    pub(super) fn memory_values(
        &mut self,
        p: Prim,
        a: &[Word],
    ) -> Result<Option<([Word; 2], usize)>, RunError> {
        use Prim::*;
        // At most two results, in a fixed array: no vector per call.
        let (vals, n): ([Word; 2], usize) = match p {
            MakeStablePtr => {
                // The table entry keeps the argument alive across the box's
                // allocation.
                let sp = self.storage.new_stable_ptr(ClosurePtr::from_word(a[0]));
                ([self.box_stable_ptr(sp.0)?.to_word(), 0], 1)
            }
            DeRefStablePtr => {
                let sp = self.unbox_stable_ptr(a[0])?;
                let v = self
                    .storage
                    .deref_stable_ptr(sp)
                    .map_err(|e| internal(format!("deRefStablePtr: {e}")))?;
                ([v.to_word(), 0], 1)
            }
            FreeStablePtr => {
                let sp = self.unbox_stable_ptr(a[0])?;
                self.storage
                    .free_stable_ptr(sp)
                    .map_err(|e| internal(format!("freeStablePtr: {e}")))?;
                ([0, 0], 0)
            }
            StablePtrToInt => ([self.unbox_stable_ptr(a[0])?.0 as Word, 0], 1),
            IntToStablePtr => ([self.box_stable_ptr(a[0] as usize)?.to_word(), 0], 1),
            MakeStableName => {
                let n = self.with_gc(|m| {
                    // SAFETY: the argument is a live closure.
                    let target = unsafe { super::deref(m.ptr_arg(0)) };
                    m.storage.make_stable_name(target)
                })?;
                ([n.to_word(), 0], 1)
            }
            StableNameToInt => {
                // SAFETY: a live STABLE_NAME closure.
                let i = unsafe {
                    self.storage
                        .stable_name_index(super::deref(ClosurePtr::from_word(a[0])))
                };
                ([i as Word, 0], 1)
            }
            EqStableName => {
                // SAFETY: live STABLE_NAME closures.
                let (x, y) = unsafe {
                    (
                        self.storage
                            .stable_name_index(super::deref(ClosurePtr::from_word(a[0]))),
                        self.storage
                            .stable_name_index(super::deref(ClosurePtr::from_word(a[1]))),
                    )
                };
                ([(x == y) as Word, 0], 1)
            }
            MkWeak | MkWeakNoFinalizer => {
                let w = self.with_gc(|m| {
                    let fin = if p == MkWeak {
                        m.ptr_arg(2)
                    } else {
                        ClosurePtr::from_addr(0)
                    };
                    m.storage.mk_weak(m.ptr_arg(0), m.ptr_arg(1), fin, None)
                })?;
                ([w.to_word(), 0], 1)
            }
            DeRefWeak => {
                // SAFETY: a live WEAK / DEAD_WEAK closure.
                let v = unsafe {
                    self.storage
                        .deref_weak(super::deref(ClosurePtr::from_word(a[0])))
                };
                match v {
                    Some(v) => ([1, v.to_word()], 2),
                    None => ([0, self.program.wired.nil.to_word()], 2),
                }
            }
            FinalizeWeak => {
                // SAFETY: a live WEAK / DEAD_WEAK closure; no C finalizers
                // are made by Haskell code.
                let f = unsafe {
                    self.storage
                        .finalize_weak(super::deref(ClosurePtr::from_word(a[0])))
                };
                match f {
                    Some(f) if f.addr() != 0 => ([1, f.to_word()], 2),
                    _ => ([0, self.program.wired.nil.to_word()], 2),
                }
            }
            _ => return Ok(None),
        };
        Ok(Some((vals, n)))
    }
}

/// Whether `prim_general` may run `p` straight from the slots
/// (`memory_values` on the word arguments, results written to the result
/// slots), and if so whether it may allocate (and so collect: the frame's
/// layout must then be set). `None`: `p` reads `st.args` afresh after a
/// collection (`with_gc`) or is not a memory primop; it takes the general
/// path. Note [Direct primop calls] in cold.rs.
pub(super) fn direct_memory_prim(p: Prim) -> Option<bool> {
    use Prim::*;
    match p {
        MakeStablePtr | IntToStablePtr => Some(true),
        DeRefStablePtr | FreeStablePtr | StablePtrToInt | StableNameToInt | EqStableName
        | DeRefWeak => Some(false),
        _ => None,
    }
}
