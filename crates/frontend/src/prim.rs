//! Primitive operations, built-in types, wired-in names and the built-in
//! library: everything the front end knows about the runtime without reading
//! it from Haskell source.
//!
//! * [`table`]: the table of primitive operations, generated from the one
//!   list (`bytecode::for_each_prim!`, shared with the image validator), from
//!   which the [`PrimId`] enum, the [`PRIMS`] table and the look-ups are
//!   generated. The STG writer and the interpreter implement each Core primop
//!   by this same list.
//! * [`signature`]: reads a primop's Haskell type string to decide how each
//!   argument is unboxed and how the result is boxed.
//! * [`wrapper`]: builds the Core of the boxed Haskell-level function
//!   (`primIntAdd :: Int -> Int -> Int`) around each unboxed Core `PrimApp`,
//!   and of the few "inline" primitives that are plain Core (`primBindIO`,
//!   `primSeq`, ...).
//! * [`builtins`]: the data types that exist before any Haskell source
//!   (`Int = I# Int#`, lists, tuples, `IO`, `IORef`, ...).
//! * [`wired`]: [`WIRED_IN`], the library bindings the runtime and the other
//!   front-end passes find by name.
//! * [`library`]: the Haskell sources of the built-in library (`lib/**.hs`),
//!   embedded in the binary.
//!
//! This module touches nothing else in the crate except `core` (for [`Rep`],
//! [`Expr`] and friends).
//!
//! [`Rep`]: crate::core::Rep
//! [`Expr`]: crate::core::Expr

pub mod builtins;
pub mod library;
pub mod signature;
pub mod table;
pub mod wired;
pub mod wrapper;

pub use builtins::{BUILTIN_TYPES, BuiltinCon, BuiltinCons, BuiltinType};
pub use library::{LIBRARY_MODULES, library_module};
pub use signature::{ArgMarshal, BoxKind, ResultMarshal, Signature};
pub use table::{Effect, INLINE_PRIMS, InlinePrim, PRIMS, PrimId, PrimInfo, Returns};
pub use wired::{WIRED_IN, wired_in};
pub use wrapper::{PrimError, WrapperEnv, inline_wrapper, prim_wrapper};

/// The pseudo-module through which library code sees every `prim*` function
/// and every built-in type. It has no source file; the renamer provides it.
pub const PRIM_MODULE: &str = "Hsrts.Prim";

/// A Haskell-level primitive: a real Core primop or an inline one.
#[derive(Clone, Copy, Debug)]
pub enum Primitive {
    Op(&'static PrimInfo),
    Inline(&'static InlinePrim),
}

impl Primitive {
    /// The Haskell name (`primIntAdd`).
    pub fn haskell_name(&self) -> &'static str {
        match self {
            Primitive::Op(p) => p.haskell_name,
            Primitive::Inline(p) => p.haskell_name,
        }
    }

    /// The Haskell type, in ordinary Haskell syntax over the built-in types
    /// and `Bool`/`String` (type variables are lowercase, implicitly
    /// quantified).
    pub fn haskell_type(&self) -> &'static str {
        match self {
            Primitive::Op(p) => p.haskell_type,
            Primitive::Inline(p) => p.haskell_type,
        }
    }
}

/// Every Haskell-visible primitive, in table order (Core-only primops such as
/// `realWorld#` are left out).
pub fn haskell_primitives() -> impl Iterator<Item = Primitive> {
    PRIMS
        .iter()
        .filter(|p| p.is_haskell_visible())
        .map(Primitive::Op)
        .chain(INLINE_PRIMS.iter().map(Primitive::Inline))
}

/// Looks a primitive up by its Haskell name (`primIntAdd`).
pub fn lookup_haskell(name: &str) -> Option<Primitive> {
    haskell_primitives().find(|p| p.haskell_name() == name)
}
