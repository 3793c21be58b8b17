//! The data types that exist before any Haskell source is read.
//!
//! Boxed numbers (`Int = I# Int#`, ...), the special-syntax types (lists,
//! unit, tuples up to 7), `Integer`, `IO` and the runtime's opaque object
//! types. Everything else — `Bool`, `Maybe`, the classes — is Haskell source
//! in `lib/`. See Note [Built-in names].

// Note [Built-in names]
// ~~~~~~~~~~~~~~~~~~~~~
// Built-in types and constructors have qualified names in module `GHC.Types`
// (`GHC.Types.Int`, `GHC.Types.I#`, `GHC.Types.:`), except unit and tuples,
// which are in `GHC.Tuple` (`GHC.Tuple.()`, `GHC.Tuple.(,,)`), as in GHC.
// Library source sees the nameable ones (not the special syntax, which is
// always in scope) by importing the pseudo-module `Hsrts.Prim`
// (`crate::prim::PRIM_MODULE`), which also exports every `prim*` function.
// The lib module `GHC.Types` (lib/GHC/Types.hs) defines `Bool` and
// `Ordering`; the wrappers need `GHC.Types.False`/`GHC.Types.True`, so
// `BuiltinCons::from_program` looks them up by those names.
//
// Opaque types (`Integer`, `IORef`, `MVar`, ...) have no constructors: their
// values are runtime objects, rep `Ptr`, always in WHNF once evaluated.
// `IO a` is `World# -> (# World#, a #)` in Core; at the Haskell level it is
// abstract and only the `prim*IO` functions build or run it.

use crate::core::{ConId, DataCon, Program, Rep};

/// A built-in data constructor.
#[derive(Debug)]
pub struct BuiltinCon {
    /// Qualified name.
    pub name: &'static str,
    /// Field types as Haskell type strings over the type's parameters.
    pub field_types: &'static [&'static str],
    /// Field reps.
    pub fields: &'static [Rep],
}

/// A built-in type.
#[derive(Debug)]
pub struct BuiltinType {
    /// Qualified name.
    pub name: &'static str,
    /// Type parameters (kind `*` each).
    pub params: &'static [&'static str],
    /// Constructors in tag order; empty for opaque and unboxed types.
    pub cons: &'static [BuiltinCon],
    /// Unboxed (`Int#`): not a lifted type, usable only as a field type of
    /// the box constructors.
    pub unboxed: bool,
    pub doc: &'static str,
}

impl BuiltinType {
    /// The unqualified name.
    pub fn unqualified(&self) -> &'static str {
        unqualify(self.name)
    }

    /// Core constructors of this type, in tag order.
    pub fn data_cons(&self) -> Vec<DataCon> {
        let family_size = self.cons.len() as u32;
        self.cons
            .iter()
            .enumerate()
            .map(|(tag, c)| DataCon {
                name: c.name.to_string(),
                type_name: self.name.to_string(),
                tag: tag as u32,
                family_size,
                fields: c.fields.to_vec(),
            })
            .collect()
    }
}

/// The unqualified part of a qualified name (`GHC.Types.:` -> `:`,
/// `GHC.Tuple.(,)` -> `(,)`).
pub fn unqualify(name: &str) -> &str {
    // Module names are capitalised words separated by dots; the entity name
    // starts after the last dot that follows a module word.
    let mut rest = name;
    while let Some(dot) = rest.find('.') {
        let word = &rest[..dot];
        if word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().all(|c| c.is_alphanumeric() || c == '_')
            && dot + 1 < rest.len()
        {
            rest = &rest[dot + 1..];
        } else {
            break;
        }
    }
    rest
}

macro_rules! opaque {
    ($name:literal, [$($p:literal),*], $doc:literal) => {
        BuiltinType { name: $name, params: &[$($p),*], cons: &[], unboxed: false, doc: $doc }
    };
}

macro_rules! unboxed {
    ($name:literal, $doc:literal) => {
        BuiltinType {
            name: $name,
            params: &[],
            cons: &[],
            unboxed: true,
            doc: $doc,
        }
    };
}

macro_rules! boxed {
    ($name:literal, $con:literal, $field:literal, $rep:ident, $doc:literal) => {
        BuiltinType {
            name: $name,
            params: &[],
            cons: &[BuiltinCon {
                name: $con,
                field_types: &[$field],
                fields: &[Rep::$rep],
            }],
            unboxed: false,
            doc: $doc,
        }
    };
}

macro_rules! tuple {
    ($name:literal, [$($p:literal),*], [$($r:ident),*]) => {
        BuiltinType {
            name: $name,
            params: &[$($p),*],
            cons: &[BuiltinCon { name: $name, field_types: &[$($p),*], fields: &[$(Rep::$r),*] }],
            unboxed: false,
            doc: "a tuple (special syntax)",
        }
    };
}

/// Every built-in type.
pub static BUILTIN_TYPES: &[BuiltinType] = &[
    unboxed!(
        "GHC.Types.Int#",
        "a signed 64-bit machine integer (rep Int)"
    ),
    unboxed!(
        "GHC.Types.Word#",
        "an unsigned 64-bit machine word (rep Word)"
    ),
    unboxed!("GHC.Types.Double#", "an IEEE double (rep Double)"),
    unboxed!("GHC.Types.Char#", "a Unicode scalar value (rep Int)"),
    boxed!(
        "GHC.Types.Int",
        "GHC.Types.I#",
        "Int#",
        Int,
        "64-bit signed integer on every target"
    ),
    boxed!(
        "GHC.Types.Word",
        "GHC.Types.W#",
        "Word#",
        Word,
        "64-bit unsigned integer on every target"
    ),
    boxed!(
        "GHC.Types.Double",
        "GHC.Types.D#",
        "Double#",
        Double,
        "IEEE 754 binary64"
    ),
    boxed!(
        "GHC.Types.Char",
        "GHC.Types.C#",
        "Char#",
        Int,
        "a Unicode scalar value"
    ),
    opaque!(
        "GHC.Types.Integer",
        [],
        "arbitrary precision integer: a runtime bignum object"
    ),
    opaque!(
        "GHC.Types.IO",
        ["a"],
        "World# -> (# World#, a #) in Core; abstract in Haskell"
    ),
    opaque!(
        "GHC.Types.IORef",
        ["a"],
        "a mutable variable (runtime object)"
    ),
    opaque!(
        "GHC.Types.MVar",
        ["a"],
        "a synchronising variable (runtime object)"
    ),
    opaque!("GHC.Types.ThreadId", [], "a thread (runtime object)"),
    opaque!(
        "GHC.Types.StablePtr",
        ["a"],
        "a stable pointer (runtime object naming a table entry)"
    ),
    opaque!(
        "GHC.Types.StableName",
        ["a"],
        "a stable name (runtime object)"
    ),
    opaque!("GHC.Types.Weak", ["v"], "a weak pointer (runtime object)"),
    opaque!(
        "GHC.Types.PrimMutableArray",
        ["a"],
        "a mutable boxed array, GHC's MutableArray# (runtime object; lib/Data/Array/Base.hs)"
    ),
    opaque!(
        "GHC.Types.PrimArray",
        ["a"],
        "an immutable boxed array, GHC's Array# (runtime object)"
    ),
    opaque!(
        "GHC.Types.PrimMutableByteArray",
        [],
        "a mutable byte array, GHC's MutableByteArray# (runtime object)"
    ),
    opaque!(
        "GHC.Types.PrimByteArray",
        [],
        "an immutable byte array, GHC's ByteArray# (runtime object)"
    ),
    opaque!(
        "GHC.Types.JSVal",
        [],
        "a JavaScript value (runtime object holding a key of the JavaScript-side table; GHC.Wasm.Prim)"
    ),
    BuiltinType {
        name: "GHC.Types.[]",
        params: &["a"],
        cons: &[
            BuiltinCon {
                name: "GHC.Types.[]",
                field_types: &[],
                fields: &[],
            },
            BuiltinCon {
                name: "GHC.Types.:",
                field_types: &["a", "[a]"],
                fields: &[Rep::Ptr, Rep::Ptr],
            },
        ],
        unboxed: false,
        doc: "lists (special syntax)",
    },
    BuiltinType {
        name: "GHC.Tuple.()",
        params: &[],
        cons: &[BuiltinCon {
            name: "GHC.Tuple.()",
            field_types: &[],
            fields: &[],
        }],
        unboxed: false,
        doc: "unit (special syntax)",
    },
    tuple!("GHC.Tuple.(,)", ["a", "b"], [Ptr, Ptr]),
    tuple!("GHC.Tuple.(,,)", ["a", "b", "c"], [Ptr, Ptr, Ptr]),
    tuple!(
        "GHC.Tuple.(,,,)",
        ["a", "b", "c", "d"],
        [Ptr, Ptr, Ptr, Ptr]
    ),
    tuple!(
        "GHC.Tuple.(,,,,)",
        ["a", "b", "c", "d", "e"],
        [Ptr, Ptr, Ptr, Ptr, Ptr]
    ),
    tuple!(
        "GHC.Tuple.(,,,,,)",
        ["a", "b", "c", "d", "e", "f"],
        [Ptr, Ptr, Ptr, Ptr, Ptr, Ptr]
    ),
    tuple!(
        "GHC.Tuple.(,,,,,,)",
        ["a", "b", "c", "d", "e", "f", "g"],
        [Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr]
    ),
];

/// Largest tuple arity.
pub const MAX_TUPLE: usize = 7;

/// The qualified name of the tuple constructor (and type) of `arity` (2..=7),
/// or of unit for 0.
pub fn tuple_name(arity: usize) -> Option<String> {
    match arity {
        0 => Some("GHC.Tuple.()".to_string()),
        2..=MAX_TUPLE => Some(format!("GHC.Tuple.({})", ",".repeat(arity - 1))),
        _ => None,
    }
}

/// Looks a built-in type up by qualified name.
pub fn builtin_type(name: &str) -> Option<&'static BuiltinType> {
    BUILTIN_TYPES.iter().find(|t| t.name == name)
}

/// The constructors the primop wrappers build or match, as ids in one
/// [`Program`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltinCons {
    pub int: ConId,
    pub word: ConId,
    pub double: ConId,
    pub char: ConId,
    pub false_: ConId,
    pub true_: ConId,
    pub unit: ConId,
    /// `tuples[n]` is the n-tuple constructor for 2 <= n <= 7 (entries 0
    /// and 1 are unused and equal to `unit`).
    pub tuples: [ConId; MAX_TUPLE + 1],
    pub nil: ConId,
    pub cons: ConId,
}

/// Names of the constructors in [`BuiltinCons`], for error messages.
pub const FALSE_NAME: &str = "GHC.Types.False";
pub const TRUE_NAME: &str = "GHC.Types.True";

impl BuiltinCons {
    /// Finds every needed constructor in `program.cons` by qualified name.
    /// Fails with the first missing name.
    pub fn from_program(program: &Program) -> Result<BuiltinCons, String> {
        let find = |name: &str| program.con_by_name(name).ok_or_else(|| name.to_string());
        let unit = find("GHC.Tuple.()")?;
        let mut tuples = [unit; MAX_TUPLE + 1];
        for (arity, slot) in tuples.iter_mut().enumerate().skip(2) {
            *slot = find(&tuple_name(arity).unwrap_or_default())?;
        }
        Ok(BuiltinCons {
            int: find("GHC.Types.I#")?,
            word: find("GHC.Types.W#")?,
            double: find("GHC.Types.D#")?,
            char: find("GHC.Types.C#")?,
            false_: find(FALSE_NAME)?,
            true_: find(TRUE_NAME)?,
            unit,
            tuples,
            nil: find("GHC.Types.[]")?,
            cons: find("GHC.Types.:")?,
        })
    }

    /// The box constructor of a [`BoxKind`](super::BoxKind).
    pub fn box_con(&self, kind: super::BoxKind) -> ConId {
        match kind {
            super::BoxKind::Int => self.int,
            super::BoxKind::Word => self.word,
            super::BoxKind::Double => self.double,
            super::BoxKind::Char => self.char,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A program holding every built-in constructor plus `Bool`, as the typer
    /// would build it.
    pub(crate) fn program_with_builtins() -> Program {
        let mut p = Program::default();
        for t in BUILTIN_TYPES {
            p.cons.extend(t.data_cons());
        }
        for (tag, name) in [FALSE_NAME, TRUE_NAME].into_iter().enumerate() {
            p.cons.push(DataCon {
                name: name.to_string(),
                type_name: "GHC.Types.Bool".to_string(),
                tag: tag as u32,
                family_size: 2,
                fields: vec![],
            });
        }
        p
    }

    #[test]
    fn builtin_cons_are_found() {
        let p = program_with_builtins();
        let b = BuiltinCons::from_program(&p).unwrap();
        assert_eq!(p.con(b.int).fields, vec![Rep::Int]);
        assert_eq!(p.con(b.char).fields, vec![Rep::Int]);
        assert_eq!(p.con(b.tuples[7]).fields.len(), 7);
        assert_eq!(p.con(b.cons).tag, 1);
        assert_eq!(p.con(b.nil).family_size, 2);
        assert_eq!(p.con(b.true_).name, TRUE_NAME);
        let mut missing = p.clone();
        missing.cons.retain(|c| c.name != TRUE_NAME);
        assert_eq!(BuiltinCons::from_program(&missing).unwrap_err(), TRUE_NAME);
    }

    #[test]
    fn names_are_unique_and_unqualify() {
        let mut seen = std::collections::HashSet::new();
        for t in BUILTIN_TYPES {
            assert!(seen.insert(("type", t.name)), "{}", t.name);
            for c in t.cons {
                assert!(seen.insert(("con", c.name)), "{}", c.name);
                assert_eq!(c.field_types.len(), c.fields.len());
            }
        }
        assert_eq!(unqualify("GHC.Types.:"), ":");
        assert_eq!(unqualify("GHC.Tuple.(,,)"), "(,,)");
        assert_eq!(unqualify("GHC.Types.I#"), "I#");
        assert_eq!(unqualify("GHC.Base.."), ".");
        assert_eq!(tuple_name(3).as_deref(), Some("GHC.Tuple.(,,)"));
        assert_eq!(tuple_name(1), None);
        assert!(builtin_type("GHC.Types.Integer").is_some_and(|t| t.cons.is_empty()));
    }
}
