//! Core: the front end's output and `stg`'s input.
//!
//! A small, type-erased lambda language in which every variable carries its
//! runtime *representation* ([`Rep`]) instead of a type. Type classes are gone
//! (dictionaries are ordinary records), patterns are compiled to flat `case`s,
//! and all syntactic sugar is desugared. What is left is what the STG pass and
//! the interpreter need: which values are heap pointers (the GC must see
//! them), which are raw machine words or doubles, and where evaluation
//! happens.
//!
//! See Note [Core invariants] for the rules every producer must keep.

// Note [Core invariants]
// ~~~~~~~~~~~~~~~~~~~~~~
// * Every `Var` has a program-wide unique `id`. Names are for humans and for
//   wired-in lookups of top-level bindings (see `Program::binds`).
// * `Rep::Ptr` values are heap pointers. A `Ptr` bound by `case` (the case
//   binder or a constructor field of an evaluated value) may still be an
//   unevaluated thunk when it is a *field*; the case binder itself is always
//   in WHNF.
// * `case e of b { alts }` evaluates `e`: if `e` has rep `Ptr` it is forced to
//   WHNF; if `e` is a primitive value (Int, Double, ...) it is computed; if `e`
//   returns an unboxed tuple the single alternative must be
//   `AltCon::UnboxedTuple` and binds the components *without forcing them*.
//   This is how IO is represented: `IO a = World# -> (# World#, a #)`, with
//   `World#` of rep `Void` (no runtime representation at all).
// * `ConApp` and `PrimApp` are saturated. Partial applications of
//   constructors and primops are eta-expanded by the producer.
// * `App` may be over- or under-saturated: the interpreter does eval/apply.
// * `Lam` parameters may have any rep, `Void` included: `\w -> ...` over
//   `World#` is a function of arity 1 whose argument takes no space.
// * Alternatives of a `case` are exhaustive or end with `AltCon::Default`;
//   constructor alternatives name constructors of one data type; literal
//   alternatives have literals of one rep.
// * Strict constructor fields are the producer's business: it emits a
//   wrapper that evaluates them before `ConApp`.
// * `Int`, `Word` and heap words are 64 bits on every target (see
//   docs/design/heap.md and docs/language.md).

use std::collections::BTreeMap;
use std::fmt;

/// How a value is represented at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rep {
    /// A pointer into the heap (lifted or unlifted object). Traced by the GC.
    Ptr,
    /// A signed 64-bit machine integer (`Int#`, also used for `Char#`).
    Int,
    /// An unsigned 64-bit machine word (`Word#`).
    Word,
    /// An IEEE double (`Double#`).
    Double,
    /// An IEEE single (`Float#`); only the FFI produces these.
    Float,
    /// A raw address (`Addr#`): string literals, foreign pointers.
    Addr,
    /// No runtime representation (`State# s`, `World#`, unit-like tokens).
    Void,
}

/// A program-wide unique variable identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

/// A variable: unique id, a readable name, and its representation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Var {
    pub id: VarId,
    /// Human-readable; for top-level bindings the qualified name
    /// (`Main.main`, `GHC.Base.map`), unique among top-level bindings.
    pub name: String,
    pub rep: Rep,
}

/// Index into [`Program::cons`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConId(pub u32);

/// A data constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct DataCon {
    /// Qualified name, e.g. `GHC.Types.:` or `Main.Leaf`.
    pub name: String,
    /// The data type's qualified name, e.g. `GHC.Types.[]`.
    pub type_name: String,
    /// 0-based position among the type's constructors, in declaration order.
    pub tag: u32,
    /// How many constructors the type has (for pointer tagging and
    /// exhaustiveness).
    pub family_size: u32,
    /// Representation of each field, in order.
    pub fields: Vec<Rep>,
}

/// An unboxed literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Int(i64),
    Word(u64),
    Double(f64),
    Float(f32),
    /// A Unicode scalar value, rep `Int`.
    Char(u32),
    /// The address of static, NUL-terminated UTF-8 bytes (rep `Addr`). The
    /// bytes do not include the terminator.
    String(Vec<u8>),
    /// A boxed `Integer` constant (rep `Ptr`), in decimal, optional leading `-`.
    Integer(String),
}

impl Lit {
    pub fn rep(&self) -> Rep {
        match self {
            Lit::Int(_) | Lit::Char(_) => Rep::Int,
            Lit::Word(_) => Rep::Word,
            Lit::Double(_) => Rep::Double,
            Lit::Float(_) => Rep::Float,
            Lit::String(_) => Rep::Addr,
            Lit::Integer(_) => Rep::Ptr,
        }
    }
}

/// A primitive operation, by name. The table of primitive operations (name,
/// argument reps, result reps, effects) lives in `crate::prim`; Core only
/// refers to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PrimOp(pub String);

/// Calling convention of a foreign import: the image format's own type
/// (`CCall` or `JavaScript`), so the two cannot drift apart.
pub use bytecode::CallConv;

/// A foreign call site, as written in a `foreign import` declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignCall {
    pub conv: CallConv,
    /// `safe` (may re-enter Haskell / may block only its thread) or `unsafe`.
    pub safe: bool,
    /// The C symbol, or the JavaScript snippet, or `"dynamic"`/`"wrapper"`.
    pub entity: String,
    pub arg_reps: Vec<Rep>,
    /// `None` for a call returning nothing.
    pub result_rep: Option<Rep>,
    /// Whether the call is in IO (takes and returns the `World#` token).
    pub io: bool,
    /// The foreign (C or JavaScript) type of each marshalled argument and of
    /// the result, so a runtime can build the exact machine signature
    /// (`Int8` is an `Int` rep but an 8-bit C argument). Aligned with
    /// `arg_reps`, except that a `"wrapper"` import's one argument is the
    /// Haskell function itself (rep `Ptr`, not marshalled) and has no entry.
    /// (Added in session 2; see Note [Foreign types] in
    /// typecheck/lower/foreign.rs.)
    pub arg_types: Vec<FfiType>,
    pub result_type: Option<FfiType>,
    /// For a `"wrapper"` import: the marshalled type of the Haskell function
    /// being wrapped (what the foreign caller passes and gets back).
    pub callback: Option<ForeignSig>,
}

/// The marshalled shape of a foreign function type: argument types
/// (`args`), result type (`result`, `None` for `()`), and whether it is in
/// IO (`io`). The image format's `CallbackSig`, which carries it unchanged
/// to the runtime.
pub use bytecode::CallbackSig as ForeignSig;

/// A Core expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Var(Var),
    Lit(Lit),
    /// Function application (eval/apply: any number of arguments).
    App(Box<Expr>, Vec<Expr>),
    Lam(Vec<Var>, Box<Expr>),
    Let(Box<Bind>, Box<Expr>),
    /// Evaluate the scrutinee, bind it to the binder, choose an alternative.
    Case(Box<Expr>, Var, Vec<Alt>),
    /// A saturated constructor application.
    ConApp(ConId, Vec<Expr>),
    /// A saturated primitive operation.
    PrimApp(PrimOp, Vec<Expr>),
    /// A saturated foreign call. In IO the last argument is the `World#`
    /// token and the result is `(# World#, r #)`.
    Foreign(ForeignCall, Vec<Expr>),
    /// An unboxed tuple `(# e1, ..., en #)`; `Void` components take no space.
    UnboxedTuple(Vec<Expr>),
}

/// A binding group.
#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    NonRec(Var, Expr),
    Rec(Vec<(Var, Expr)>),
}

/// A case alternative.
#[derive(Clone, Debug, PartialEq)]
pub struct Alt {
    pub con: AltCon,
    /// Constructor fields or unboxed-tuple components; empty otherwise.
    pub binders: Vec<Var>,
    pub rhs: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AltCon {
    Con(ConId),
    Lit(Lit),
    UnboxedTuple,
    Default,
}

/// A `foreign export` declaration: `name` in C (or JS) calls `target`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForeignExport {
    pub conv: CallConv,
    /// The exported symbol name.
    pub name: String,
    /// The top-level binding it calls.
    pub target: Var,
    /// The Haskell type of the export as written, for the C/JS stub writer.
    pub arg_types: Vec<FfiType>,
    pub result_type: Option<FfiType>,
    pub io: bool,
}

/// A marshalable foreign type (the user guide's list). One definition
/// serves the front end, the image format and the C API: the image's
/// `bytecode::FfiType` (a dependency-free crate, so the front end still does
/// not depend on the runtime).
pub use bytecode::FfiType;

/// A whole program.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Every constructor the program uses, built-in ones included.
    pub cons: Vec<DataCon>,
    /// Top-level bindings, in dependency order (a `Rec` for each strongly
    /// connected group). Top-level names are unique; the runtime finds its
    /// wired-in closures by name (see `crate::prim::WIRED_IN`).
    pub binds: Vec<Bind>,
    /// `Main.main`, if the program has one.
    pub main: Option<Var>,
    pub foreign_exports: Vec<ForeignExport>,
    /// Source-level facts the tools print (module name, pragmas, ...).
    pub meta: BTreeMap<String, String>,
}

impl Program {
    pub fn con(&self, id: ConId) -> &DataCon {
        &self.cons[id.0 as usize]
    }

    /// Looks a constructor up by qualified name.
    pub fn con_by_name(&self, name: &str) -> Option<ConId> {
        self.cons
            .iter()
            .position(|c| c.name == name)
            .map(|i| ConId(i as u32))
    }

    /// Looks a top-level binding up by qualified name.
    pub fn top_level(&self, name: &str) -> Option<&Var> {
        self.binds.iter().find_map(|b| match b {
            Bind::NonRec(v, _) if v.name == name => Some(v),
            Bind::Rec(group) => group.iter().map(|(v, _)| v).find(|v| v.name == name),
            Bind::NonRec(..) => None,
        })
    }
}

impl fmt::Display for Rep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Rep::Ptr => "ptr",
            Rep::Int => "int",
            Rep::Word => "word",
            Rep::Double => "double",
            Rep::Float => "float",
            Rep::Addr => "addr",
            Rep::Void => "void",
        };
        f.write_str(s)
    }
}
