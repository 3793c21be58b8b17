//! `foreign import ccall "wrapper"`: C function pointers for Haskell
//! closures. Owns the table of live wrappers (key -> stable pointer to the
//! closure, its callback signature, the C function pointer), making and
//! freeing them (`freeHaskellFunPtr` / `hs_free_fun_ptr`), and what a C
//! call of one does: box the C arguments, apply the closure on the machine
//! that made the foreign call C is running in, run it, unbox the result.
//! See Note [Calling a wrapper].

// Note [Calling a wrapper]
// ~~~~~~~~~~~~~~~~~~~~~~~~
// Making a wrapper (`ffi.call` of a "wrapper" site, argument: the Haskell
// function) takes a stable pointer to the function, so the collector keeps
// it and may move it, and asks the build's interpreter implementation for
// a C function pointer of the site's callback signature that runs our
// handler with a key naming this table's entry
// (rts_features::interp::make_wrapper: a libffi closure, or a pooled
// trampoline on interp-static; Note [Wrapper function pointers] there).
//
// When C calls the pointer, the handler must find a machine. C code can
// only be running because Haskell called it through `ffi.call`, which
// published its machine for callbacks (Note [Re-entering the machine] in
// embed.rs), so the handler re-enters that machine as a nested run: the
// C arguments are boxed with the image's constructors (the same
// representation the front end's marshalling uses: IntN as I#, WordN, Ptr
// and FunPtr as W#, Float as a D# of the equal Double, Bool as
// True/False, StablePtr as its box), the function is applied to them (an
// AP thunk), run as an IO action (or evaluated, for a pure callback type),
// and the result is taken apart again into a C value.
//
// Limits (docs/capi.md): a wrapper called by C when no Haskell foreign
// call is running on the thread (for instance from a C `main` after the
// export that made it returned) has no machine to run on: the process
// reports it and aborts. A Haskell exception escaping the callback cannot
// be passed through C: an IO callback runs under the library's top
// handler (`primCatch action topHandler`), which prints the exception as
// for `main` and ends the process (status 1 for most exceptions), as GHC
// does for an exception escaping a wrapper; `exitWith` in the callback
// ends the process with its code. (A pure callback's exception, and any
// other failure, is reported by the runtime and exits with status 1.)

use std::sync::{Mutex, PoisonError};

use bytecode::{CallbackSig, FfiType};
use rts_features::interp::{self as cffi, FfiValue, Wrapper};

use super::super::memory::STABLE_PTR_BOX;
use super::super::{Machine, internal};
use super::{signature, to_c};
use crate::closure::PapArgs;
use crate::heap::stable_ptr::StablePtr;
use crate::info::{ClosureType, InfoTable};
use crate::interp::{Exit, RunError};
use crate::loader::LoadedInfo;
use crate::word::{ClosurePtr, Word};

/// One live wrapper.
struct Entry {
    /// Index in the machine's stable pointer table of the Haskell function.
    stable: usize,
    callback: CallbackSig,
    wrapper: Wrapper,
}

/// Live wrappers by key (`None`: a free key).
static WRAPPERS: Mutex<Vec<Option<Entry>>> = Mutex::new(Vec::new());

fn wrappers() -> std::sync::MutexGuard<'static, Vec<Option<Entry>>> {
    WRAPPERS.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Machine<'_> {
    /// Makes a C function pointer for `function` (a "wrapper" call site
    /// with callback signature `callback`). Note [Calling a wrapper].
    pub(super) fn make_wrapper(
        &mut self,
        entity: &str,
        callback: &CallbackSig,
        function: ClosurePtr,
    ) -> Result<Word, RunError> {
        cffi::set_wrapper_handler(run_wrapper);
        let foreign_err = |error| RunError::Foreign {
            entity: entity.to_owned(),
            error,
        };
        let sig = signature(&callback.args, callback.result).map_err(foreign_err)?;
        let stable = self.storage.new_stable_ptr(function);
        let mut table = wrappers();
        let key = match table.iter().position(Option::is_none) {
            Some(k) => k,
            None => {
                table.push(None);
                table.len() - 1
            }
        };
        match cffi::make_wrapper(&sig, key) {
            Ok(wrapper) => {
                let address = wrapper.address();
                table[key] = Some(Entry {
                    stable: stable.0,
                    callback: callback.clone(),
                    wrapper,
                });
                Ok(address as Word)
            }
            Err(e) => {
                drop(table);
                let _ = self.storage.free_stable_ptr(stable);
                Err(foreign_err(e))
            }
        }
    }

    /// `freeHaskellFunPtr` / `hs_free_fun_ptr`: frees the wrapper at
    /// `address` and the stable pointer to its function. A null pointer is
    /// ignored; one that no live wrapper has is an error.
    pub fn free_fun_ptr(&mut self, address: usize) -> Result<(), RunError> {
        if address == 0 {
            return Ok(());
        }
        let entry = {
            let mut table = wrappers();
            let found = table
                .iter()
                .position(|e| e.as_ref().is_some_and(|e| e.wrapper.address() == address));
            found.and_then(|k| table[k].take())
        };
        let Some(entry) = entry else {
            return Err(RunError::Foreign {
                entity: "freeHaskellFunPtr".to_owned(),
                error: cffi::FfiError::NotFound {
                    symbol: format!("<function at {address:#x}>"),
                    implementation: cffi::IMPLEMENTATION,
                    detail: "not a live \"wrapper\" function pointer (never made, or \
                             already freed)"
                        .to_owned(),
                },
            });
        };
        drop(entry.wrapper);
        self.storage
            .free_stable_ptr(StablePtr(entry.stable))
            .map_err(|e| internal(format!("freeHaskellFunPtr: {e}")))
    }

    /// Runs the function of a wrapper on C arguments `args` (slots) and
    /// returns the result slot. Note [Calling a wrapper].
    fn call_wrapper(
        &mut self,
        stable: usize,
        callback: &CallbackSig,
        args: &[u64],
    ) -> Result<u64, RunError> {
        let function = self
            .storage
            .deref_stable_ptr(StablePtr(stable))
            .map_err(|e| internal(format!("a wrapper's function: {e}")))?;
        let mut boxed = vec![function];
        for (t, slot) in callback.args.iter().zip(args) {
            let p = self.box_c_value(*t, *slot, &mut boxed)?;
            boxed.push(p);
        }
        let action = if args.is_empty() {
            function
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
        let value = if callback.io {
            let action = self.with_top_handler(action)?;
            match self.run_io_value(action)? {
                (Exit::Code(code), _) => self.exit_process(code),
                (Exit::Returned, value) => value,
            }
        } else {
            Some(action)
        };
        let (Some(t), Some(value)) = (callback.result, value) else {
            return Ok(0);
        };
        let value = self.eval(value)?;
        unbox_c_value(t, value)
    }

    /// Ends the process with `code` (`exitWith` in a callback), flushing
    /// Haskell's standard handles first.
    fn exit_process(&mut self, code: i64) -> ! {
        let _ = self.out.flush(1);
        let _ = self.out.flush(2);
        std::process::exit(code as i32)
    }

    /// `action` with the library's top handler around it (`primCatch
    /// action topHandler`): an exception escaping the callback is printed
    /// as for `main` and ends the process (Note [Calling a wrapper]).
    /// `action` itself when the image has no such functions.
    fn with_top_handler(&mut self, action: ClosurePtr) -> Result<ClosurePtr, RunError> {
        let program = self.program();
        let (Some(catch), Some(handler)) = (
            program.static_named("Hsrts.Prim.primCatch"),
            program.static_named("GHC.TopHandler.topHandler"),
        ) else {
            return Ok(action);
        };
        let desc = PapArgs {
            n_args: 2,
            arity: 0,
            non_pointer_mask: 0,
        };
        let mut roots = [catch, action, handler];
        self.host_alloc(&mut roots, |s, r| {
            s.new_pap(true, r[0], desc, &[r[1].to_word(), r[2].to_word()])
        })
    }

    /// The boxed Haskell value of C argument `slot` of type `t`.
    fn box_c_value(
        &mut self,
        t: FfiType,
        slot: u64,
        roots: &mut [ClosurePtr],
    ) -> Result<ClosurePtr, RunError> {
        if let Some((con, payload)) = t.boxed(slot) {
            let info = self.con_info(con)?;
            return self.host_alloc(roots, |s, _| s.alloc_closure(info, &[], &[payload]));
        }
        match t {
            FfiType::Bool => {
                let name = if slot != 0 {
                    "GHC.Types.True"
                } else {
                    "GHC.Types.False"
                };
                let info = self.con_info(name)?;
                self.host_alloc(roots, |s, _| s.alloc_closure(info, &[], &[]))
            }
            FfiType::StablePtr => {
                self.host_alloc(roots, |s, _| s.alloc_closure(&STABLE_PTR_BOX, &[], &[slot]))
            }
            // JSVal, the one other type `boxed` leaves out.
            _ => Err(internal("a C callback with a JSVal argument")),
        }
    }

    /// The image's constructor info table named `name`.
    fn con_info(&self, name: &str) -> Result<&'static InfoTable, RunError> {
        self.program()
            .infos
            .iter()
            .find_map(|i| match i {
                LoadedInfo::Con { table } if table.name == name => Some(*table),
                _ => None,
            })
            .ok_or_else(|| internal(format!("the image has no constructor {name}")))
    }
}

/// The C slot of an evaluated callback result of type `t`.
fn unbox_c_value(t: FfiType, v: ClosurePtr) -> Result<u64, RunError> {
    // SAFETY: evaluated to WHNF just before; `deref` follows indirections.
    let p = unsafe { super::super::deref(v) };
    // SAFETY: a live, evaluated closure.
    let info = unsafe { p.info() };
    let is_box = std::ptr::eq(info, &STABLE_PTR_BOX);
    if info.closure_type != ClosureType::Constr && !is_box {
        return Err(internal(format!(
            "a callback result that is not a value ({})",
            info.name
        )));
    }
    if t == FfiType::Bool {
        return Ok(u64::from(info.name.ends_with("True")));
    }
    if t == FfiType::StablePtr {
        // SAFETY: a StablePtr box keeps its index in payload word 0.
        return Ok(unsafe { p.payload(0) });
    }
    // SAFETY: the one-word boxes (I#, W#, C#, D#, F#) keep the value in
    // payload word 0.
    let word = unsafe { p.payload(0) };
    if t == FfiType::Float {
        let f = if info.name.ends_with("D#") {
            f64::from_bits(word) as f32
        } else {
            f32::from_bits(word as u32)
        };
        return Ok(FfiValue::F32(f).to_slot());
    }
    Ok(to_c(t, word)?.to_slot())
}

/// The handler installed for every wrapper (rts_features calls it when C
/// calls a wrapper). Note [Calling a wrapper].
fn run_wrapper(key: usize, args: &[u64]) -> u64 {
    let found = wrappers()
        .get(key)
        .and_then(|e| e.as_ref().map(|e| (e.stable, e.callback.clone())));
    let Some((stable, callback)) = found else {
        eprintln!(
            "hsrts: a \"wrapper\" function pointer was called after freeHaskellFunPtr freed it"
        );
        std::process::abort()
    };
    let outcome = super::super::embed::with_reentered_machine(|m| {
        m.nested(|m| m.call_wrapper(stable, &callback, args))
    });
    match outcome {
        Some(Ok(slot)) => slot,
        Some(Err(e)) => {
            eprintln!("hsrts: in a \"wrapper\" callback: {e}");
            std::process::exit(1)
        }
        None => {
            eprintln!(
                "hsrts: a \"wrapper\" function pointer was called while no Haskell foreign call \
                 is running on this thread (C may call one only from inside a foreign call \
                 Haskell made; see docs/capi.md)"
            );
            std::process::abort()
        }
    }
}
