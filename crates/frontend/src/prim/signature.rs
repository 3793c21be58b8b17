//! How a primop's boxed wrapper marshals its arguments and result, read off
//! its Haskell type string.
//!
//! The Haskell types in the primop table use a tiny, fixed vocabulary, so a
//! small reader suffices: top-level `->` splits the arguments; `IO t` marks an
//! IO primop; a tuple result `(a, b)` is a multi-result primop. Each argument
//! is unboxed (`Int`, `Word`, `Double`, `Char`), forced to WHNF (any other
//! concrete type: `Integer`, `IORef a`, `MVar a`, ...), fully evaluated
//! (`String`) or passed as it is (a type variable, a function or an `IO`
//! action). Each result component is boxed (`Int`, `Word`, `Double`, `Char`),
//! turned from 0/1 into `False`/`True` (`Bool`), or is already a pointer.

use std::fmt;

use crate::core::Rep;

/// A boxed type with one constructor around one unboxed field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoxKind {
    /// `I# Int#`
    Int,
    /// `W# Word#`
    Word,
    /// `D# Double#`
    Double,
    /// `C# Char#` (rep `Int`)
    Char,
}

impl BoxKind {
    /// The rep of the unboxed field.
    pub fn rep(self) -> Rep {
        match self {
            BoxKind::Int | BoxKind::Char => Rep::Int,
            BoxKind::Word => Rep::Word,
            BoxKind::Double => Rep::Double,
        }
    }

    fn from_type(ty: &str) -> Option<BoxKind> {
        match ty {
            "Int" => Some(BoxKind::Int),
            "Word" => Some(BoxKind::Word),
            "Double" => Some(BoxKind::Double),
            "Char" => Some(BoxKind::Char),
            _ => None,
        }
    }
}

/// How one argument reaches the primop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgMarshal {
    /// `case a of K x -> ...`, pass `x`.
    Unbox(BoxKind),
    /// `case a of a' { DEFAULT -> ... }`, pass the evaluated `a'` (rep Ptr).
    Force,
    /// Evaluate the whole `String` (wired-in `forceString`), then pass it.
    String,
    /// Pass the pointer untouched (maybe a thunk).
    Lazy,
}

impl ArgMarshal {
    pub fn rep(self) -> Rep {
        match self {
            ArgMarshal::Unbox(k) => k.rep(),
            ArgMarshal::Force | ArgMarshal::String | ArgMarshal::Lazy => Rep::Ptr,
        }
    }
}

/// How one result component is turned into a Haskell value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultMarshal {
    /// Apply the box constructor.
    Box(BoxKind),
    /// 0 is `False`, anything else `True`.
    Bool,
    /// Already a Haskell value.
    Ptr,
}

impl ResultMarshal {
    pub fn rep(self) -> Rep {
        match self {
            ResultMarshal::Box(k) => k.rep(),
            ResultMarshal::Bool => Rep::Int,
            ResultMarshal::Ptr => Rep::Ptr,
        }
    }
}

/// The marshalling plan of a wrapper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub args: Vec<ArgMarshal>,
    /// Whether the result is `IO t`.
    pub io: bool,
    /// The components of the (inner) result: empty for `()`, several for a
    /// tuple, else one.
    pub results: Vec<ResultMarshal>,
}

/// A type string the reader does not understand (a bug in the table).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureError {
    pub ty: String,
    pub reason: &'static str,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read primitive type `{}`: {}",
            self.ty, self.reason
        )
    }
}

impl std::error::Error for SignatureError {}

impl Signature {
    /// Reads a primop's Haskell type.
    pub fn parse(ty: &str) -> Result<Signature, SignatureError> {
        let err = |reason| SignatureError {
            ty: ty.to_string(),
            reason,
        };
        let mut parts = split_top(ty, "->").map_err(err)?;
        let result = parts.pop().ok_or_else(|| err("empty type"))?;
        let args = parts
            .iter()
            .map(|a| arg_marshal(a))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        let (io, inner) = match strip_parens(&result).strip_prefix("IO ") {
            Some(inner) => (true, inner.trim().to_string()),
            None => (false, result.clone()),
        };
        let inner = inner.trim();
        let results = if inner == "()" {
            if !io {
                return Err(err("a pure primop cannot return ()"));
            }
            Vec::new()
        } else if is_tuple(inner) {
            let body = &inner[1..inner.len() - 1];
            split_top(body, ",")
                .map_err(err)?
                .iter()
                .map(|c| result_marshal(c))
                .collect()
        } else {
            vec![result_marshal(inner)]
        };
        Ok(Signature { args, io, results })
    }

    /// The Core argument reps of the primop (`Void` last for IO).
    pub fn core_args(&self) -> Vec<Rep> {
        let mut reps: Vec<Rep> = self.args.iter().map(|a| a.rep()).collect();
        if self.io {
            reps.push(Rep::Void);
        }
        reps
    }

    /// The Core result reps of the primop (`Void` first for IO).
    pub fn core_results(&self) -> Vec<Rep> {
        let mut reps = Vec::new();
        if self.io {
            reps.push(Rep::Void);
        }
        reps.extend(self.results.iter().map(|r| r.rep()));
        reps
    }
}

fn arg_marshal(ty: &str) -> Result<ArgMarshal, &'static str> {
    let ty = strip_parens(ty);
    if let Some(k) = BoxKind::from_type(ty) {
        return Ok(ArgMarshal::Unbox(k));
    }
    if ty == "Bool" || ty == "()" {
        return Err("Bool and () arguments are not supported");
    }
    if ty == "String" {
        return Ok(ArgMarshal::String);
    }
    let first = ty.chars().next().ok_or("empty argument type")?;
    let is_function = split_top(ty, "->").map(|p| p.len() > 1).unwrap_or(false);
    if first.is_lowercase() || is_function || ty.starts_with("IO ") || ty == "IO" {
        Ok(ArgMarshal::Lazy)
    } else {
        Ok(ArgMarshal::Force)
    }
}

fn result_marshal(ty: &str) -> ResultMarshal {
    let ty = strip_parens(ty);
    match (BoxKind::from_type(ty), ty) {
        (Some(k), _) => ResultMarshal::Box(k),
        (None, "Bool") => ResultMarshal::Bool,
        (None, _) => ResultMarshal::Ptr,
    }
}

/// `(t)` -> `t` when the parentheses enclose the whole type and it is not a
/// tuple or unit.
fn strip_parens(ty: &str) -> &str {
    let ty = ty.trim();
    if ty.starts_with('(') && ty.ends_with(')') && ty != "()" && !is_tuple(ty) {
        if let Some(inner) = matching_whole(ty) {
            return strip_parens(inner);
        }
    }
    ty
}

/// If the first `(` closes at the last character, the inside.
fn matching_whole(ty: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in ty.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (i == ty.len() - 1).then(|| &ty[1..i]);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_tuple(ty: &str) -> bool {
    ty.starts_with('(')
        && matching_whole(ty)
            .is_some_and(|inner| split_top(inner, ",").map(|p| p.len() > 1).unwrap_or(false))
}

/// Splits at `sep` outside parentheses and brackets.
fn split_top(ty: &str, sep: &str) -> Result<Vec<String>, &'static str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = ty.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.checked_sub(1).ok_or("unbalanced brackets")?,
            _ if depth == 0 && ty[i..].starts_with(sep) => {
                parts.push(ty[start..i].trim().to_string());
                i += sep.len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return Err("unbalanced brackets");
    }
    parts.push(ty[start..].trim().to_string());
    if parts.iter().any(|p| p.is_empty()) {
        return Err("empty component");
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prim::table::{Effect, PRIMS};

    #[test]
    fn declared_reps_match_the_haskell_types() {
        for p in PRIMS.iter().filter(|p| p.is_haskell_visible()) {
            let sig = Signature::parse(p.haskell_type).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(sig.core_args(), p.args, "{} arguments", p.haskell_name);
            assert_eq!(sig.core_results(), p.results, "{} results", p.haskell_name);
            assert_eq!(sig.io, p.effect == Effect::Io, "{} IO-ness", p.haskell_name);
        }
    }

    #[test]
    fn marshalling_examples() {
        let s = Signature::parse("IORef a -> (a -> (a, b)) -> IO b").unwrap();
        assert_eq!(s.args, vec![ArgMarshal::Force, ArgMarshal::Lazy]);
        assert!(s.io);
        assert_eq!(s.results, vec![ResultMarshal::Ptr]);
        let s = Signature::parse("Double -> (Integer, Int)").unwrap();
        assert_eq!(s.args, vec![ArgMarshal::Unbox(BoxKind::Double)]);
        assert_eq!(
            s.results,
            vec![ResultMarshal::Ptr, ResultMarshal::Box(BoxKind::Int)]
        );
        let s = Signature::parse("String -> Int -> IO Int").unwrap();
        assert_eq!(
            s.args,
            vec![ArgMarshal::String, ArgMarshal::Unbox(BoxKind::Int)]
        );
        let s = Signature::parse("IO ()").unwrap();
        assert!(s.args.is_empty() && s.io && s.results.is_empty());
        assert_eq!(
            Signature::parse("Int -> Bool").unwrap().results,
            vec![ResultMarshal::Bool]
        );
        assert_eq!(
            Signature::parse("IO a -> IO a").unwrap().args,
            vec![ArgMarshal::Lazy]
        );
    }

    #[test]
    fn malformed_types_are_errors() {
        assert!(Signature::parse("Int -> ").is_err());
        assert!(Signature::parse("(Int -> Int").is_err());
        assert!(Signature::parse("Bool -> Int").is_err());
        assert!(Signature::parse("Int -> ()").is_err());
    }
}
