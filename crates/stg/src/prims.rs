//! What the STG writer needs to know about primitive operations, behind a
//! trait so the front end's table (`frontend::prim`) can be plugged in.
//!
//! Core names primops as strings. The writer needs, for a primop in an
//! argument position, its result rep; and for every primop, whether it may
//! enter Haskell code (raise, catch, seq#, mask...), which decides between
//! `prim` (runs inline, results in slots) and `prim.call` (pushes a case
//! continuation, results arrive by return). See docs/bytecode.md.

use frontend::core::Rep;

/// Facts about primitive operations.
pub trait PrimTable {
    /// The reps of the primop's results (several for an unboxed tuple;
    /// `Void` components included), or `None` if unknown.
    fn result_reps(&self, name: &str) -> Option<Vec<Rep>>;
    /// The reps of its arguments, if known.
    fn arg_reps(&self, name: &str) -> Option<Vec<Rep>>;
    /// Whether the primop may evaluate or apply Haskell values, or unwind
    /// the stack (so it must be called with a continuation frame).
    fn enters_code(&self, name: &str) -> bool;
    /// Whether the primop is cheap, total and pure on unboxed arguments
    /// (`+#`, `<#`, ...): the optimiser may then compute it early
    /// (speculatively) instead of building a thunk. Unknown primops are not.
    fn is_cheap(&self, _name: &str) -> bool {
        false
    }
    /// Whether the primop's pointer results are always values (WHNF), so
    /// that code need not evaluate them. Unknown primops' are not.
    fn returns_value(&self, _name: &str) -> bool {
        false
    }
}

/// Primops that need a continuation frame (`prim.call` / `prim.tail`):
/// they evaluate or apply Haskell values, unwind the stack, or may suspend
/// the thread (block or yield) so that their result arrives later by
/// return. Names of `frontend::prim`'s table plus GHC's names for the
/// same operations. A primop that merely *can fail* (division by zero)
/// stays inline: raising discards the running frame anyway.
pub const CODE_ENTERING_PRIMOPS: &[&str] = &[
    "raise#",
    "raiseIO#",
    "catch#",
    "seq#",
    "dataToTag#",
    "maskAsyncExceptions#",
    "unmaskAsyncExceptions#",
    "maskUninterruptible#",
    "atomically#",
    "catchRetry#",
    "catchSTM#",
    "keepAlive#",
    "raiseDivZero#",
    "raiseOverflow#",
    "raiseUnderflow#",
    "takeMVar#",
    "putMVar#",
    "readMVar#",
    "yield#",
    "delay#",
    "killThread#",
];

/// A table that knows only [`CODE_ENTERING_PRIMOPS`]; result reps then come
/// from the context (case binders), which suffices except for a primop
/// used directly as an argument of an unknown function.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoPrimInfo;

impl PrimTable for NoPrimInfo {
    fn result_reps(&self, _name: &str) -> Option<Vec<Rep>> {
        None
    }
    fn arg_reps(&self, _name: &str) -> Option<Vec<Rep>> {
        None
    }
    fn enters_code(&self, name: &str) -> bool {
        CODE_ENTERING_PRIMOPS.contains(&name)
    }
}

/// The front end's primop table (`frontend::prim::PRIMS`), the one to use
/// for programs from the front end.
#[derive(Clone, Copy, Debug, Default)]
pub struct FrontendPrims;

impl PrimTable for FrontendPrims {
    fn result_reps(&self, name: &str) -> Option<Vec<Rep>> {
        frontend::prim::PrimInfo::by_core_name(name).map(|p| p.results.to_vec())
    }
    fn arg_reps(&self, name: &str) -> Option<Vec<Rep>> {
        frontend::prim::PrimInfo::by_core_name(name).map(|p| p.args.to_vec())
    }
    fn enters_code(&self, name: &str) -> bool {
        CODE_ENTERING_PRIMOPS.contains(&name)
            || frontend::prim::PrimInfo::by_core_name(name)
                .is_some_and(|p| p.effect == frontend::prim::Effect::Raise)
    }
    fn is_cheap(&self, name: &str) -> bool {
        frontend::prim::PrimInfo::by_core_name(name).is_some_and(|p| {
            let unboxed = |r: &Rep| !matches!(r, Rep::Ptr | Rep::Void);
            p.effect == frontend::prim::Effect::Pure
                && p.args.iter().all(unboxed)
                && matches!(p.results, [r] if unboxed(r))
        })
    }
    fn returns_value(&self, name: &str) -> bool {
        frontend::prim::PrimInfo::by_core_name(name)
            .is_some_and(|p| p.returns == frontend::prim::Returns::Value)
    }
}
