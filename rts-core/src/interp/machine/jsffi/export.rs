//! Calls of `foreign export javascript` functions: box the argument
//! slots, start a thread running the library's driver
//! (`GHC.Wasm.Prim.jsffiRunExport`, or `jsffiRunPureExport` for a non-IO
//! export) on the applied function and two host MVars, and later read
//! which MVar was filled: the result (unboxed to a slot) or the
//! exception's text (a JavaScript string key). The embedder (the reactor
//! runner, or a test) runs the scheduler in between and settles the
//! call's Promise. docs/jsffi.md, "Exports".

use bytecode::{FfiType, ForeignExport};

use super::super::{HostMVar, Machine, internal};
use super::JSVAL_BOX;
use crate::closure::PapArgs;
use crate::heap::stable_ptr::StablePtr;
use crate::info::{ClosureType, InfoTable};
use crate::interp::RunError;
use crate::loader::LoadedInfo;
use crate::word::{ClosurePtr, Word};

/// The library's driver of IO exports.
pub const RUN_EXPORT: &str = "GHC.Wasm.Prim.jsffiRunExport";
/// The library's driver of non-IO exports.
pub const RUN_PURE_EXPORT: &str = "GHC.Wasm.Prim.jsffiRunPureExport";

/// A started export call.
#[derive(Debug)]
pub struct JsExportCall {
    done: HostMVar,
    failed: HostMVar,
    result: Option<FfiType>,
}

/// The Haskell function a call from JavaScript applies.
#[derive(Clone, Copy)]
pub(super) enum CallTarget {
    /// A static closure (a `foreign export javascript`'s).
    Static(ClosurePtr),
    /// The closure behind a stable pointer (a "wrapper" callback's).
    Stable(StablePtr),
}

/// The signature of a call from JavaScript into Haskell.
pub(super) struct CallSig<'s> {
    pub target: CallTarget,
    /// What is called (for errors).
    pub what: &'s str,
    pub io: bool,
    pub arg_types: &'s [FfiType],
    pub result: Option<FfiType>,
}

/// How an export call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsSettled {
    /// Returned: the result's slot (`None` for `()`).
    Resolved(Option<u64>),
    /// Threw: the key of a JavaScript string holding the exception's text.
    Rejected { message: u32 },
}

impl Machine<'_> {
    /// A static closure by qualified name.
    fn static_named(&self, name: &str) -> Option<ClosurePtr> {
        let program = self.program();
        let i = program.static_names.iter().position(|n| n == name)?;
        program.statics.get(i).copied()
    }

    /// The constructor info table named `name` in the image.
    fn con_named(&self, name: &str) -> Result<&'static InfoTable, RunError> {
        self.program()
            .infos
            .iter()
            .find_map(|i| match i {
                LoadedInfo::Con { table } if table.name == name => Some(*table),
                _ => None,
            })
            .ok_or_else(|| internal(format!("the image has no constructor {name}")))
    }

    /// A static closure of the nullary constructor `name` (made once in
    /// the static area if the image has none).
    fn nullary_named(&mut self, name: &str) -> Result<ClosurePtr, RunError> {
        let info = self.con_named(name)?;
        let existing = self.program().statics.iter().copied().find(|p| {
            // SAFETY: every static closure of a loaded program is initialised.
            std::ptr::eq(unsafe { p.info() }, info)
        });
        match existing {
            Some(p) => Ok(p),
            None => self
                .storage_mut()
                .new_static_closure(info, &[], &[])
                .map_err(|_| RunError::OutOfMemory),
        }
    }

    /// The boxed Haskell value of an argument slot of type `t`.
    fn box_export_arg(
        &mut self,
        t: FfiType,
        slot: u64,
        roots: &mut [ClosurePtr],
    ) -> Result<ClosurePtr, RunError> {
        let word = super::from_slot(t, slot);
        if let Some((con, payload)) = t.boxed(word) {
            let info = self.con_named(con)?;
            return self.host_alloc(roots, |s, _| s.alloc_closure(info, &[], &[payload]));
        }
        match t {
            FfiType::Bool => {
                let name = if word != 0 {
                    "GHC.Types.True"
                } else {
                    "GHC.Types.False"
                };
                self.nullary_named(name)
            }
            FfiType::StablePtr => {
                let info = &super::super::memory::STABLE_PTR_BOX;
                self.host_alloc(roots, |s, _| s.alloc_closure(info, &[], &[word]))
            }
            // JSVal, the one other type `boxed` leaves out.
            _ => self.host_new_jsval(slot as u32, roots),
        }
    }

    /// [`Machine::new_jsval`] for the host, outside any instruction.
    fn host_new_jsval(
        &mut self,
        key: u32,
        roots: &mut [ClosurePtr],
    ) -> Result<ClosurePtr, RunError> {
        let boxed = self.host_alloc(roots, |s, _| {
            s.alloc_closure(&JSVAL_BOX, &[], &[Word::from(key)])
        })?;
        let mut all: Vec<ClosurePtr> = roots.iter().copied().chain([boxed]).collect();
        let finalizer = super::finalizer_for(key);
        self.host_alloc(&mut all, |s, r| {
            let b = r[r.len() - 1];
            s.mk_weak(b, b, ClosurePtr::from_word(0), Some(finalizer))
        })?;
        let n = roots.len();
        roots.copy_from_slice(&all[..n]);
        Ok(all[n])
    }

    /// Starts a call of `export` on argument slots `args`: the thread runs
    /// at the next [`run_until_blocked`](Machine::run_until_blocked).
    pub fn js_export_start(
        &mut self,
        export: &ForeignExport,
        args: &[u64],
    ) -> Result<JsExportCall, RunError> {
        let target = self
            .program()
            .statics
            .get(export.target.0 as usize)
            .copied()
            .ok_or_else(|| internal(format!("export {} has no target", export.name)))?;
        let sig = CallSig {
            target: CallTarget::Static(target),
            what: &export.name,
            io: export.io,
            arg_types: &export.arg_types,
            result: export.result_type,
        };
        self.js_call_start(&sig, args)
    }

    /// Starts a thread applying `sig.target` to the boxed `args` under the
    /// library's driver; shared by static exports and "wrapper" callbacks.
    pub(super) fn js_call_start(
        &mut self,
        sig: &CallSig<'_>,
        args: &[u64],
    ) -> Result<JsExportCall, RunError> {
        if args.len() != sig.arg_types.len() {
            return Err(RunError::JavaScript(format!(
                "{} takes {} arguments, got {}",
                sig.what,
                sig.arg_types.len(),
                args.len()
            )));
        }
        let driver_name = if sig.io { RUN_EXPORT } else { RUN_PURE_EXPORT };
        let driver = self.static_named(driver_name).ok_or_else(|| {
            RunError::JavaScript(format!(
                "{driver_name} is not in the image: a program with `foreign export javascript` \
                 or a javascript \"wrapper\" must import GHC.Wasm.Prim"
            ))
        })?;
        // A stable pointer is checked first (before the allocations below
        // could reuse a freed one's index) and read again after them (its
        // closure moves in a collection; host_alloc below keeps it rooted).
        if let CallTarget::Stable(sp) = sig.target
            && let Err(e) = self.storage_mut().deref_stable_ptr(sp)
        {
            return Err(RunError::JavaScript(format!(
                "{}: its Haskell function was freed ({e:?})",
                sig.what
            )));
        }
        let done = self.new_host_mvar()?;
        let failed = self.new_host_mvar()?;
        let target = match sig.target {
            CallTarget::Static(p) => p,
            CallTarget::Stable(sp) => self
                .storage_mut()
                .deref_stable_ptr(sp)
                .map_err(|e| internal(format!("a live stable pointer went away: {e:?}")))?,
        };
        let mut boxed: Vec<ClosurePtr> = Vec::with_capacity(args.len() + 1);
        boxed.push(target);
        for (t, slot) in sig.arg_types.iter().zip(args) {
            let p = self.box_export_arg(*t, *slot, &mut boxed)?;
            boxed.push(p);
        }
        let action = if args.is_empty() {
            boxed[0]
        } else {
            let desc = PapArgs {
                n_args: args.len() as u16,
                arity: 0,
                non_pointer_mask: 0,
            };
            self.host_alloc(&mut boxed, |s, r| {
                let words: Vec<Word> = r[1..].iter().map(|p| p.to_word()).collect();
                s.new_pap(true, r[0], desc, &words)
            })?
        };
        let done_c = self.host_mvar_closure(&done)?;
        let failed_c = self.host_mvar_closure(&failed)?;
        self.spawn_io(driver, &[action, done_c, failed_c])?;
        Ok(JsExportCall {
            done,
            failed,
            result: sig.result,
        })
    }

    /// How `call` ended, if it has (then the call is over: its MVars are
    /// freed).
    pub fn js_export_poll(
        &mut self,
        call: JsExportCall,
    ) -> Result<Result<JsSettled, JsExportCall>, RunError> {
        if let Some(v) = self.try_take_host_mvar(&call.done)? {
            let slot = match call.result {
                None => None,
                Some(t) => Some(unbox_result(t, v)?),
            };
            self.js_export_drop(call);
            return Ok(Ok(JsSettled::Resolved(slot)));
        }
        if let Some(v) = self.try_take_host_mvar(&call.failed)? {
            let message = self.jsval_key(v)?;
            self.js_export_drop(call);
            return Ok(Ok(JsSettled::Rejected { message }));
        }
        Ok(Err(call))
    }

    /// Forgets a call (frees its MVars).
    pub fn js_export_drop(&mut self, call: JsExportCall) {
        self.free_host_mvar(call.done);
        self.free_host_mvar(call.failed);
    }
}

/// The slot of an evaluated export result of type `t`.
fn unbox_result(t: FfiType, v: ClosurePtr) -> Result<u64, RunError> {
    // SAFETY: the driver evaluated the result to WHNF before putting it;
    // `deref` follows indirections to the constructor.
    let p = unsafe { super::super::deref(v) };
    // SAFETY: a live, evaluated closure.
    let info = unsafe { p.info() };
    if info.closure_type != ClosureType::Constr && !std::ptr::eq(info, &JSVAL_BOX) {
        return Err(internal(format!(
            "an export result that is not a value ({})",
            info.name
        )));
    }
    Ok(match t {
        FfiType::Bool => u64::from(info.name.ends_with("True")),
        FfiType::JSVal => {
            // SAFETY: checked to be a JSVal object's word below.
            let key = unsafe { super::jsval_key(p.to_word()) }?;
            u64::from(key.ok_or_else(super::used_after_free)?)
        }
        // A Float is a D# holding a binary32 value: its double's bits are
        // already the slot.
        // SAFETY: a D# box keeps its value in payload word 0.
        FfiType::Float => unsafe { p.payload(0) },
        // SAFETY: the one-word boxes (I#, W#, D#, C#, StablePtr) keep the
        // value in payload word 0.
        _ => super::to_slot(t, unsafe { p.payload(0) })?,
    })
}
