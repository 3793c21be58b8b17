//! Compiled entry code: Rust functions that info tables and bytecode
//! objects can point at instead of bytecode, and the trampoline that runs
//! them. Owns the calling convention (Note [The native calling
//! convention]), the runtime's own native entries ([`entries`]) and the
//! operations compiled code calls ([`ops`], one per instruction).
//!
//! Two kinds of native code exist:
//! * *entries* of the runtime's own info tables ([`crate::info::Entry::Native`]
//!   indexes [`entries::ENTRIES`]): the code of a built-in closure, such as
//!   the thunk that re-raises an exception;
//! * *compiled programs*: a table of [`NativeCode`] functions, one per
//!   bytecode object of an image, written by `hsrts build prog.hs -o prog.rs`
//!   and loaded with [`crate::loader::load_native`]. Their frames are the
//!   interpreter's BCO frames (same slots, layouts and resume points), so
//!   the collector, the scheduler and exceptions treat them alike.
//!
//! Design: docs/design/native-code.md.

// Note [The native calling convention]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Compiled code never calls other Haskell code directly and never returns
// into Rust callers that hold Haskell state: it returns *what to do next*
// to the machine's loop (`Machine::exec`), which does it — GHC's
// mini-interpreter on targets without tail calls, and the same on native
// and wasm, so Haskell recursion depth never becomes Rust stack depth.
//
// * A compiled bytecode object is `fn(&mut Machine, pc) -> NativeResult`.
//   It is called when the loop would run the top BCO frame at instruction
//   `pc` (0 on entry, a continuation's resume index after a return, the
//   heap check's index after a safe point, the instruction after a primop
//   that blocked). Its arguments and free variables are where the
//   interpreter puts them: arguments in the frame's top slots, free
//   variables in `Machine::node` (read with `load_fv` before the first
//   GC point), returned values in `Machine::rets` (`recv`).
// * It returns `Ok(Some(jump))`: enter a closure, apply a function to the
//   pending arguments, return to the frame below, raise, or schedule;
//   `Ok(None)`: the program called `exit#`; `Err(e)`: a run error
//   (`<<loop>>`, overflow, an internal error), which the loop turns into an
//   exception when a handler exists, exactly as for bytecode.
// * Between GC points it may keep heap pointers in Rust locals; at a GC
//   point (heap check, allocating primop, call) every live pointer must be
//   in a slot that the point's layout marks — the same contract as
//   bytecode (Note [The stack lives outside the heap]). The operations in
//   `ops` set the layout for it.
// * A built-in entry is `fn(&mut Machine, node) -> Result<Next, RunError>`
//   with the entered closure as `node`; it returns the next step the same
//   way.
// Every transfer goes through the loop, so safe points (context switch,
// interrupts, chaos GC) are consulted exactly where they are for bytecode.

pub mod entries;
pub mod ops;

use super::{Machine, Next};
use crate::interp::RunError;

pub use ops::{Code, Flow};

/// The next step a piece of compiled code asks the loop to take (opaque:
/// only the operations in [`ops`] make one).
#[derive(Clone, Copy, Debug)]
pub struct Jump(pub(super) Next);

/// What compiled code returns: the next step, `None` after `exit#`, or an
/// error. See Note [The native calling convention].
pub type NativeResult = Result<Option<Jump>, RunError>;

/// The compiled code of one bytecode object; see Note [The native calling
/// convention].
pub type NativeCode = for<'m, 'a> fn(&'m mut Machine<'a>, u32) -> NativeResult;

/// What generated code imports: the operations and the operand types.
pub mod prelude {
    pub use super::{Code, Flow, Jump, NativeCode, NativeResult};
    pub use crate::interp::{Machine, RunError};
    pub use bytecode::{Arg, BinOp, Rep, Slot};

    /// The code of a bytecode object the back end found unreachable (and
    /// so did not compile): calling it is an internal error.
    pub fn not_compiled(_m: &mut Machine<'_>, _pc: u32) -> NativeResult {
        Err(RunError::Internal(
            "a bytecode object that was not compiled to native code ran".to_owned(),
        ))
    }

    /// An argument operand (`rep`, slot).
    #[inline(always)]
    pub const fn arg(rep: Rep, slot: u16) -> Arg {
        Arg {
            rep,
            slot: Slot(slot),
        }
    }
}

impl Machine<'_> {
    /// Runs the top BCO frame from `pc`: its compiled code when the program
    /// was loaded with native code, otherwise the bytecode interpreter (if
    /// this build has one). The trampoline step of Note [The native calling
    /// convention].
    #[inline]
    pub(super) fn run_code(&mut self, pc: u32) -> Result<Option<Next>, RunError> {
        if let Some(table) = self.program.native {
            let Some(&super::Frame::Bco { bco, .. }) = self.st.frames.last() else {
                return Err(super::internal("running without a BCO frame"));
            };
            let code = table
                .get(bco as usize)
                .ok_or_else(|| super::internal("a BCO without compiled code"))?;
            return code(self, pc).map(|j| j.map(|Jump(n)| n));
        }
        self.run_bytecode(pc)
    }

    #[cfg(not(feature = "interp-none"))]
    #[inline]
    fn run_bytecode(&mut self, pc: u32) -> Result<Option<Next>, RunError> {
        self.run_bco(pc)
    }

    /// Without an interpreter every program has native code (the loader
    /// refuses bytecode), so this is unreachable for loaded programs.
    #[cfg(feature = "interp-none")]
    fn run_bytecode(&mut self, _pc: u32) -> Result<Option<Next>, RunError> {
        Err(super::internal(crate::loader::NO_INTERPRETER))
    }
}
