//! The front end's primop table, generated from the one list of primitive
//! operations.
//!
//! `bytecode::for_each_prim!` (in crates/bytecode/src/prims.rs, so that the
//! image validator checks primop calls against the same list; Note [Primop
//! signatures] there) holds one line per primop: its stable numeric id, the
//! [`PrimId`] variant, the Core primop name (what `core::PrimOp` carries), the
//! Haskell name of the boxed wrapper library code calls, that wrapper's
//! Haskell type, the Core argument and result representations, the
//! [`Effect`], whether its pointer results are values ([`Returns`]) and a
//! one-line statement of the semantics. Everything else in
//! this file — the enum, the static table, the look-ups — is generated from it,
//! and the STG writer and the interpreter dispatch on the same [`PrimId`]s. See
//! Note [Primop calling convention].

// Note [Primop calling convention]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// * A Core `PrimApp(op, args)` passes exactly `args.len() == op.args.len()`
//   arguments of the listed reps. IO primops take the `World#` token (rep
//   `Void`) as their LAST argument and return it as their FIRST result.
// * One result rep: the PrimApp's value is that result. Two or more: the
//   PrimApp returns an unboxed tuple `(# r1, ..., rn #)`, scrutinised by a
//   `case` with a single `AltCon::UnboxedTuple` alternative. So an IO primop
//   returning `()` has results `[Void]` and its value is the new token.
// * `Bool` results are `Int` 0 (False) or 1 (True); the wrapper builds the
//   constructor.
// * `Ptr` arguments are in WHNF unless the Haskell type gives a type variable
//   or a function/IO type there (those are passed as they are, possibly
//   thunks). A `String` argument is fully evaluated (spine and every `C#`
//   box) by the wrapper before the primop sees it, so the runtime can walk it
//   without evaluating anything.
// * A `String`/`[String]` result is a list the runtime builds from the
//   built-in constructors `GHC.Types.:`/`GHC.Types.[]`/`GHC.Types.C#`
//   (fully evaluated, or lazily — it is an ordinary value).
// * `CanFail` primops signal an exception instead of returning: the runtime
//   raises the wired-in closure named in the doc (e.g. `divZeroException`,
//   see `crate::prim::wired`). `Raise` never returns.
// * `Int`/`Word` are 64-bit everywhere and wrap on overflow; `Double` is
//   IEEE 754 binary64 with round-to-nearest-even.

use crate::core::{PrimOp, Rep};

/// What a primop may do besides computing its result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Effect {
    /// A pure total function of its arguments. May be duplicated, shared,
    /// discarded or constant-folded.
    Pure,
    /// Pure, but may raise an exception (named in its doc) instead of
    /// returning. May be discarded only if its result is unused *and* it is
    /// known not to fail.
    CanFail,
    /// Has side effects or observes mutable state: threads the `World#`
    /// token (last argument, first result). Never duplicated or reordered.
    Io,
    /// Never returns (raises its argument).
    Raise,
}

/// What a primop's pointer results may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Returns {
    /// Always in WHNF: an object the primop allocates or looks up (a new
    /// `MVar`, `IORef`, thread, stable pointer, array). Code need not
    /// evaluate it.
    Value,
    /// Possibly a thunk (a stored user value, as `readMutVar#` returns), or
    /// not known to be a value.
    Any,
}

/// One row of the primop table.
#[derive(Debug)]
pub struct PrimInfo {
    /// Stable numeric id (the image format stores it).
    pub id: PrimId,
    /// The Core name, carried by `core::PrimOp`.
    pub core_name: &'static str,
    /// The boxed wrapper's Haskell name; empty for Core-only primops.
    pub haskell_name: &'static str,
    /// The boxed wrapper's Haskell type; empty for Core-only primops. It
    /// mentions only the built-in types (`crate::prim::builtins`), `Bool`
    /// (`GHC.Types.Bool`, from lib/GHC/Types.hs), `String` (read as
    /// `[Char]`), `()`, lists, tuples, `->` and lowercase type variables
    /// (implicitly quantified).
    pub haskell_type: &'static str,
    /// Core argument reps (IO primops end with `Void`).
    pub args: &'static [Rep],
    /// Core result reps (IO primops start with `Void`).
    pub results: &'static [Rep],
    pub effect: Effect,
    /// Whether its pointer results are values.
    pub returns: Returns,
    /// One-line semantics.
    pub doc: &'static str,
}

impl PrimInfo {
    /// Whether library code can call it through a boxed wrapper.
    pub fn is_haskell_visible(&self) -> bool {
        !self.haskell_name.is_empty()
    }

    /// The Core `PrimOp` naming this primop.
    pub fn core_op(&self) -> PrimOp {
        PrimOp(self.core_name.to_string())
    }

    /// Looks a primop up by its Core name.
    pub fn by_core_name(name: &str) -> Option<&'static PrimInfo> {
        PRIMS.iter().find(|p| p.core_name == name)
    }

    /// Looks a primop up by its Haskell name.
    pub fn by_haskell_name(name: &str) -> Option<&'static PrimInfo> {
        PRIMS
            .iter()
            .find(|p| p.is_haskell_visible() && p.haskell_name == name)
    }
}

impl PrimId {
    /// The row of this primop.
    pub fn info(self) -> &'static PrimInfo {
        &PRIMS[self as usize]
    }

    /// The primop with this numeric id (as stored in an image).
    pub fn from_u16(id: u16) -> Option<PrimId> {
        PRIMS.get(usize::from(id)).map(|p| p.id)
    }
}

macro_rules! define_prims {
    ($($variant:ident = $id:literal, $core:literal, $hs:literal, $ty:literal,
       [$($arg:ident),*] -> [$($res:ident),*], $effect:ident, $returns:ident, $doc:literal;)*) => {
        /// Every primitive operation, with its stable numeric id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum PrimId {
            $(#[doc = $doc] $variant = $id,)*
        }

        /// The primop table, indexed by `PrimId as usize`.
        pub static PRIMS: &[PrimInfo] = &[
            $(PrimInfo {
                id: PrimId::$variant,
                core_name: $core,
                haskell_name: $hs,
                haskell_type: $ty,
                args: &[$(Rep::$arg),*],
                results: &[$(Rep::$res),*],
                effect: Effect::$effect,
                returns: Returns::$returns,
                doc: $doc,
            },)*
        ];
    };
}

bytecode::for_each_prim!(define_prims);

/// A primitive that is not a Core primop: its wrapper *is* its
/// implementation, a few lines of Core (see `wrapper::inline_wrapper`).
#[derive(Debug)]
pub struct InlinePrim {
    pub kind: InlineKind,
    pub haskell_name: &'static str,
    pub haskell_type: &'static str,
    pub doc: &'static str,
}

/// Which inline primitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlineKind {
    ReturnIO,
    BindIO,
    Seq,
    UnsafeCoerce,
    UnsafePerformIO,
    UnsafeInterleaveIO,
    Evaluate,
}

/// The inline primitives.
pub static INLINE_PRIMS: &[InlinePrim] = &[
    InlinePrim {
        kind: InlineKind::ReturnIO,
        haskell_name: "primReturnIO",
        haskell_type: "a -> IO a",
        doc: r"\a w -> (# w, a #)",
    },
    InlinePrim {
        kind: InlineKind::BindIO,
        haskell_name: "primBindIO",
        haskell_type: "IO a -> (a -> IO b) -> IO b",
        doc: r"\m k w -> case m w of (# w1, a #) -> k a w1",
    },
    InlinePrim {
        kind: InlineKind::Seq,
        haskell_name: "primSeq",
        haskell_type: "a -> b -> b",
        doc: r"\a b -> case a of _ -> b  (evaluates a to WHNF first)",
    },
    InlinePrim {
        kind: InlineKind::UnsafeCoerce,
        haskell_name: "primUnsafeCoerce",
        haskell_type: "a -> b",
        doc: r"\a -> a  (every boxed value has rep Ptr; used for SomeException's payload)",
    },
    InlinePrim {
        kind: InlineKind::UnsafePerformIO,
        haskell_name: "primUnsafePerformIO",
        haskell_type: "IO a -> a",
        doc: r"\m -> case m realWorld# of (# _, a #) -> a",
    },
    InlinePrim {
        kind: InlineKind::UnsafeInterleaveIO,
        haskell_name: "primUnsafeInterleaveIO",
        haskell_type: "IO a -> IO a",
        doc: r"\m w -> let t = case m realWorld# of (# _, a #) -> a in (# w, t #)",
    },
    InlinePrim {
        kind: InlineKind::Evaluate,
        haskell_name: "primEvaluate",
        haskell_type: "a -> IO a",
        doc: r"\a w -> case a of a' -> (# w, a' #)  (evaluates when the action runs)",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_dense_and_match_positions() {
        for (i, p) in PRIMS.iter().enumerate() {
            assert_eq!(
                p.id as usize, i,
                "{} has id {} at position {i}",
                p.core_name, p.id as u16
            );
            assert_eq!(PrimId::from_u16(i as u16), Some(p.id));
            assert!(std::ptr::eq(p.id.info(), p));
        }
        assert_eq!(PrimId::from_u16(PRIMS.len() as u16), None);
    }

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut core = HashSet::new();
        let mut hs = HashSet::new();
        for p in PRIMS {
            assert!(
                core.insert(p.core_name),
                "duplicate core name {}",
                p.core_name
            );
            assert!(p.core_name.ends_with('#'), "{}", p.core_name);
            assert!(!p.doc.is_empty());
            if p.is_haskell_visible() {
                assert!(p.haskell_name.starts_with("prim"), "{}", p.haskell_name);
                assert!(
                    !p.haskell_type.trim().is_empty(),
                    "{} has no type",
                    p.haskell_name
                );
                assert!(hs.insert(p.haskell_name), "duplicate {}", p.haskell_name);
            } else {
                assert!(p.haskell_type.is_empty());
            }
        }
        for p in INLINE_PRIMS {
            assert!(!p.haskell_type.trim().is_empty());
            assert!(hs.insert(p.haskell_name), "duplicate {}", p.haskell_name);
        }
    }

    /// A primop whose pointer results are values returns a runtime object
    /// of a named type (its Haskell result type is no type variable), and
    /// those returning stored user values are not such primops.
    #[test]
    fn value_results_are_runtime_objects() {
        for p in PRIMS.iter().filter(|p| p.returns == Returns::Value) {
            assert!(p.results.contains(&Rep::Ptr), "{}", p.core_name);
            let result = p.haskell_type.rsplit("->").next().unwrap_or("").trim();
            let result = result.strip_prefix("IO ").unwrap_or(result);
            let result = result.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
            assert!(
                result.starts_with(|c: char| c.is_ascii_uppercase()),
                "{} returns {result}",
                p.core_name
            );
        }
        for name in ["newMVar#", "newMutVar#", "makeStablePtr#", "fork#"] {
            let p = PrimInfo::by_core_name(name).expect(name);
            assert_eq!(p.returns, Returns::Value, "{name}");
        }
        for name in ["readMutVar#", "takeMVar#", "deRefStablePtr#", "catch#"] {
            let p = PrimInfo::by_core_name(name).expect(name);
            assert_eq!(p.returns, Returns::Any, "{name}");
        }
    }

    #[test]
    fn io_primops_thread_the_world_token() {
        for p in PRIMS {
            let takes = p.args.last() == Some(&Rep::Void);
            let returns = p.results.first() == Some(&Rep::Void);
            if p.effect == Effect::Io {
                assert!(
                    takes && returns,
                    "{} must take and return World#",
                    p.core_name
                );
                assert!(p.haskell_type.contains("IO"), "{}", p.core_name);
            } else if p.id != PrimId::RealWorld {
                assert!(
                    !takes && !returns,
                    "{} is not IO but uses World#",
                    p.core_name
                );
            }
        }
    }

    #[test]
    fn lookups_find_rows() {
        assert_eq!(
            PrimInfo::by_core_name("intAdd#").map(|p| p.id),
            Some(PrimId::IntAdd)
        );
        assert_eq!(
            PrimInfo::by_haskell_name("primIntQuot").map(|p| p.effect),
            Some(Effect::CanFail)
        );
        assert!(PrimInfo::by_haskell_name("").is_none());
        assert!(PrimInfo::by_core_name("noSuch#").is_none());
    }
}
