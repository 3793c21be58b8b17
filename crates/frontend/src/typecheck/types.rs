//! Types, type schemes and class predicates as the type checker sees them,
//! and their printing in Haskell syntax.
//!
//! A type is a tree of constructors, binary applications, unification
//! variables ([`Type::Meta`], solved in [`super::unify::MetaStore`]),
//! rigid variables from signatures ([`Type::Skolem`]) and bound variables of
//! a scheme ([`Type::Gen`]). Function types are `(->) a b`, lists `[] a`,
//! tuples `(,) a b`: every type application is binary, which is what makes
//! constructor classes (`Functor f`, `f a`) unify without kinds.

use std::fmt;

/// Type constructor names used by the checker itself.
/// Built-in type and constructor names (see `crate::prim::builtins`, Note
/// [Built-in names]).
pub mod tc {
    pub const ARROW: &str = "->";
    /// The list type and the empty list constructor.
    pub const LIST: &str = "GHC.Types.[]";
    pub const NIL: &str = "GHC.Types.[]";
    pub const CONS: &str = "GHC.Types.:";
    /// The unit type and constructor.
    pub const UNIT: &str = "GHC.Tuple.()";
    pub const INT: &str = "GHC.Types.Int";
    pub const INTEGER: &str = "GHC.Types.Integer";
    pub const DOUBLE: &str = "GHC.Types.Double";
    pub const CHAR: &str = "GHC.Types.Char";
    pub const WORD: &str = "GHC.Types.Word";
    pub const IO: &str = "GHC.Types.IO";
    pub const I_HASH: &str = "GHC.Types.I#";
    pub const D_HASH: &str = "GHC.Types.D#";
    pub const C_HASH: &str = "GHC.Types.C#";
    pub const W_HASH: &str = "GHC.Types.W#";

    /// The name of the `n`-tuple type and constructor (unit for 0).
    pub fn tuple(n: usize) -> String {
        if n == 0 {
            return UNIT.to_string();
        }
        format!("GHC.Tuple.({})", ",".repeat(n.saturating_sub(1)))
    }

    /// Whether a (qualified or bare) name is a tuple's, `(,)`, `(,,)`...
    pub fn is_tuple(name: &str) -> bool {
        let name = name.strip_prefix("GHC.Tuple.").unwrap_or(name);
        name.len() >= 3
            && name.starts_with('(')
            && name.ends_with(')')
            && name[1..name.len() - 1].chars().all(|c| c == ',')
    }

    /// Arity of a tuple name.
    pub fn tuple_arity(name: &str) -> usize {
        name.chars().filter(|c| *c == ',').count() + 1
    }
}

/// A unification variable's index in the [`super::unify::MetaStore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetaId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A type constructor by its (unique) name: `Int`, `Maybe`, `->`, `(,)`.
    Con(String),
    App(Box<Type>, Box<Type>),
    /// A unification variable.
    Meta(MetaId),
    /// A rigid variable introduced by a signature or an instance head; the
    /// string is the name the user wrote, for messages.
    Skolem(u32, String),
    /// The `n`-th bound variable of the enclosing [`Scheme`].
    Gen(u32),
}

impl Type {
    pub fn con(name: &str) -> Type {
        Type::Con(name.to_string())
    }
    pub fn app(f: Type, a: Type) -> Type {
        Type::App(Box::new(f), Box::new(a))
    }
    pub fn apps(f: Type, args: impl IntoIterator<Item = Type>) -> Type {
        args.into_iter().fold(f, Type::app)
    }
    pub fn fun(a: Type, b: Type) -> Type {
        Type::app(Type::app(Type::con(tc::ARROW), a), b)
    }
    /// `a1 -> a2 -> ... -> r`.
    pub fn funs(
        args: impl IntoIterator<Item = Type, IntoIter: DoubleEndedIterator>,
        r: Type,
    ) -> Type {
        args.into_iter().rev().fold(r, |acc, a| Type::fun(a, acc))
    }
    pub fn list(a: Type) -> Type {
        Type::app(Type::con(tc::LIST), a)
    }
    pub fn tuple(items: Vec<Type>) -> Type {
        if items.is_empty() {
            return Type::con(tc::UNIT);
        }
        let n = items.len();
        Type::apps(Type::Con(tc::tuple(n)), items)
    }

    /// Splits `f a b` into `(f, [a, b])`.
    pub fn split_app(&self) -> (&Type, Vec<&Type>) {
        let mut args = Vec::new();
        let mut t = self;
        while let Type::App(f, a) = t {
            args.push(&**a);
            t = f;
        }
        args.reverse();
        (t, args)
    }

    /// The head constructor's name, if the head is a constructor.
    pub fn head_con(&self) -> Option<&str> {
        match self.split_app().0 {
            Type::Con(n) => Some(n),
            _ => None,
        }
    }

    /// `Some((a, b))` if this is `a -> b`.
    pub fn as_fun(&self) -> Option<(&Type, &Type)> {
        if let Type::App(f, b) = self
            && let Type::App(arrow, a) = &**f
            && matches!(&**arrow, Type::Con(n) if n == tc::ARROW)
        {
            return Some((a, b));
        }
        None
    }

    /// Replaces `Gen(i)` with `args[i]`.
    pub fn instantiate(&self, args: &[Type]) -> Type {
        match self {
            Type::Gen(i) => args
                .get(*i as usize)
                .cloned()
                .unwrap_or_else(|| self.clone()),
            Type::App(f, a) => Type::app(f.instantiate(args), a.instantiate(args)),
            _ => self.clone(),
        }
    }

    /// Applies `f` to every node bottom-up-free: `f` returns `Some` to replace
    /// a node, `None` to descend.
    pub fn map(&self, f: &mut impl FnMut(&Type) -> Option<Type>) -> Type {
        if let Some(t) = f(self) {
            return t;
        }
        match self {
            Type::App(a, b) => Type::app(a.map(f), b.map(f)),
            _ => self.clone(),
        }
    }

    pub fn any(&self, f: &mut impl FnMut(&Type) -> bool) -> bool {
        if f(self) {
            return true;
        }
        match self {
            Type::App(a, b) => a.any(f) || b.any(f),
            _ => false,
        }
    }

    pub fn metas(&self, out: &mut Vec<MetaId>) {
        match self {
            Type::Meta(m) if !out.contains(m) => out.push(*m),
            Type::Meta(_) => {}
            Type::App(a, b) => {
                a.metas(out);
                b.metas(out);
            }
            _ => {}
        }
    }
}

/// A class constraint `C t`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pred {
    pub class: String,
    pub ty: Type,
}

impl Pred {
    pub fn new(class: &str, ty: Type) -> Pred {
        Pred {
            class: class.to_string(),
            ty,
        }
    }
    pub fn instantiate(&self, args: &[Type]) -> Pred {
        Pred {
            class: self.class.clone(),
            ty: self.ty.instantiate(args),
        }
    }
}

/// `forall g0 .. gn. preds => ty`; the bound variables are `Type::Gen(i)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Scheme {
    /// Names of the bound variables, for printing.
    pub vars: Vec<String>,
    pub preds: Vec<Pred>,
    pub ty: Type,
}

impl Scheme {
    pub fn mono(ty: Type) -> Scheme {
        Scheme {
            vars: Vec::new(),
            preds: Vec::new(),
            ty,
        }
    }
}

/// Prints types in Haskell syntax. `Gen` variables print with the scheme's
/// names; metas as `t<n>`; skolems by their source name.
pub struct Pretty<'a> {
    pub ty: &'a Type,
    pub gen_names: &'a [String],
}

fn display_name(name: &str) -> &str {
    // Qualified names print unqualified, as GHC does.
    super::short_name(name)
}

impl Pretty<'_> {
    /// `prec`: 0 top, 1 function argument, 2 application argument.
    fn go(&self, t: &Type, prec: u8, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((a, b)) = t.as_fun() {
            if prec > 0 {
                f.write_str("(")?;
            }
            self.go(a, 1, f)?;
            f.write_str(" -> ")?;
            self.go(b, 0, f)?;
            if prec > 0 {
                f.write_str(")")?;
            }
            return Ok(());
        }
        let (head, args) = t.split_app();
        match head {
            Type::Con(n) if n == tc::LIST && args.len() == 1 => {
                if matches!(args[0], Type::Con(c) if c == tc::CHAR) {
                    return f.write_str("String");
                }
                f.write_str("[")?;
                self.go(args[0], 0, f)?;
                return f.write_str("]");
            }
            Type::Con(n) if tc::is_tuple(n) && args.len() == tc::tuple_arity(n) => {
                f.write_str("(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    self.go(a, 0, f)?;
                }
                return f.write_str(")");
            }
            _ => {}
        }
        if !args.is_empty() && prec > 1 {
            f.write_str("(")?;
        }
        match head {
            Type::Con(n) if n == tc::ARROW => f.write_str("(->)")?,
            Type::Con(n) => f.write_str(display_name(n))?,
            Type::Meta(m) => write!(f, "t{}", m.0)?,
            Type::Skolem(_, n) => f.write_str(n)?,
            Type::Gen(i) => match self.gen_names.get(*i as usize) {
                Some(n) => f.write_str(n)?,
                None => write!(f, "g{i}")?,
            },
            Type::App(..) => unreachable!("split_app returns a non-application head"),
        }
        for a in &args {
            f.write_str(" ")?;
            self.go(a, 2, f)?;
        }
        if !args.is_empty() && prec > 1 {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Display for Pretty<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.go(self.ty, 0, f)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Pretty {
            ty: self,
            gen_names: &[],
        }
        .fmt(f)
    }
}

/// Prints a predicate, e.g. `Show (a -> b)`.
pub fn pretty_pred(p: &Pred, gen_names: &[String]) -> String {
    let ty = Pretty {
        ty: &p.ty,
        gen_names,
    };
    let s = ty.to_string();
    let atomic = !s.contains(' ') || s.starts_with('[') || (s.starts_with('(') && s.ends_with(')'));
    if atomic {
        format!("{} {}", display_name(&p.class), s)
    } else {
        format!("{} ({})", display_name(&p.class), s)
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.preds.len() {
            0 => {}
            1 => write!(f, "{} => ", pretty_pred(&self.preds[0], &self.vars))?,
            _ => {
                let ps: Vec<String> = self
                    .preds
                    .iter()
                    .map(|p| pretty_pred(p, &self.vars))
                    .collect();
                write!(f, "({}) => ", ps.join(", "))?
            }
        }
        Pretty {
            ty: &self.ty,
            gen_names: &self.vars,
        }
        .fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_haskell() {
        let a = Type::Gen(0);
        let t = Type::fun(
            Type::fun(a.clone(), Type::con("Bool")),
            Type::fun(Type::list(a.clone()), Type::list(a.clone())),
        );
        let s = Scheme {
            vars: vec!["a".into()],
            preds: vec![],
            ty: t,
        };
        assert_eq!(s.to_string(), "(a -> Bool) -> [a] -> [a]");
        let m = Type::app(Type::con("Prelude.Maybe"), Type::list(Type::con(tc::CHAR)));
        assert_eq!(m.to_string(), "Maybe String");
        let s2 = Scheme {
            vars: vec!["a".into(), "b".into()],
            preds: vec![
                Pred::new("Prelude.Show", Type::fun(Type::Gen(0), Type::Gen(1))),
                Pred::new("Eq", Type::Gen(0)),
            ],
            ty: Type::tuple(vec![
                Type::Gen(0),
                Type::app(Type::app(Type::con("Either"), Type::Gen(0)), Type::Gen(1)),
            ]),
        };
        assert_eq!(s2.to_string(), "(Show (a -> b), Eq a) => (a, Either a b)");
    }
}
