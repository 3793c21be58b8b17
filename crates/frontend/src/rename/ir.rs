//! The renamed program: the type checker's input.
//!
//! The renamer turns the (desugared) AST of every module of a compilation
//! into one flat [`Program`]: every binder has a program-wide unique
//! [`NameId`], every occurrence says whether it refers to a top-level entity
//! (by its qualified name) or a local binder (by id), tuples and lists are
//! ordinary constructors, type syntax is reduced to constructors,
//! applications and variables. Occurrences that the type checker annotates
//! (variables, constructors, literals) carry an [`OccId`] so that the
//! elaborator can find the dictionaries and types chosen for them.

use crate::diagnostics::Span;

/// A unique binder identifier (shared with Core's `VarId` numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

/// A unique occurrence identifier, key of the type checker's side tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OccId(pub u32);

/// A binding occurrence.
#[derive(Clone, Debug, PartialEq)]
pub struct Binder {
    pub id: NameId,
    /// Source name; for top-level binders the qualified name (`Main.f`).
    pub name: String,
    pub span: Span,
}

/// What a variable occurrence refers to.
#[derive(Clone, Debug, PartialEq)]
pub enum VarRef {
    /// A top-level value (function, CAF, class method, foreign import, prim)
    /// by qualified name.
    Global(String),
    Local(NameId),
}

/// The exact value of a fractional literal as written, `num % den` in
/// lowest terms (decimal digits, `num` with a leading `-` if negative), for
/// `fromRational` at types other than `Double`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExactFrac {
    pub num: String,
    pub den: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// An integer literal.
    Int(i128),
    /// An integer literal too large for `i128`, in decimal (optional `-`);
    /// only usable at `Integer` or through `fromInteger`.
    BigInt(String),
    /// A fractional literal: value and exact numerator/denominator.
    Frac(f64, ExactFrac),
    Char(char),
    String(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Var(VarRef, OccId, Span),
    /// A data constructor by qualified name (`Prelude.Just`, `()`, `(,)`, `:`, `[]`).
    Con(String, OccId, Span),
    Lit(Literal, OccId, Span),
    App(Box<Expr>, Box<Expr>, Span),
    Lam(Vec<Pat>, Box<Expr>, Span),
    Let(Vec<Bind>, Box<Expr>, Span),
    Case(Box<Expr>, Vec<Alt>, Span),
    /// `e :: t`.
    Typed(Box<Expr>, SigType, Span),
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Var(_, _, s)
            | Expr::Con(_, _, s)
            | Expr::Lit(_, _, s)
            | Expr::App(_, _, s)
            | Expr::Lam(_, _, s)
            | Expr::Let(_, _, s)
            | Expr::Case(_, _, s)
            | Expr::Typed(_, _, s) => *s,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Pat {
    Var(Binder),
    Wild(Span),
    Lit(Literal, OccId, Span),
    /// Constructor (qualified name) and its argument patterns.
    Con(String, Vec<Pat>, OccId, Span),
    As(Binder, Box<Pat>),
    Lazy(Box<Pat>, Span),
    Bang(Box<Pat>, Span),
    Typed(Box<Pat>, SType, Span),
}

impl Pat {
    pub fn span(&self) -> Span {
        match self {
            Pat::Var(b) | Pat::As(b, _) => b.span,
            Pat::Wild(s)
            | Pat::Lit(_, _, s)
            | Pat::Con(_, _, _, s)
            | Pat::Lazy(_, s)
            | Pat::Bang(_, s)
            | Pat::Typed(_, _, s) => *s,
        }
    }

    /// Every variable the pattern binds, left to right.
    pub fn binders<'a>(&'a self, out: &mut Vec<&'a Binder>) {
        match self {
            Pat::Var(b) => out.push(b),
            Pat::As(b, p) => {
                out.push(b);
                p.binders(out)
            }
            Pat::Con(_, ps, _, _) => ps.iter().for_each(|p| p.binders(out)),
            Pat::Lazy(p, _) | Pat::Bang(p, _) | Pat::Typed(p, _, _) => p.binders(out),
            Pat::Wild(_) | Pat::Lit(..) => {}
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Guard {
    Bool(Expr),
    /// `p <- e`
    Pat(Pat, Expr),
    Let(Vec<Bind>),
}

/// A right-hand side: plain or guarded, with its `where` bindings.
#[derive(Clone, Debug, PartialEq)]
pub struct Rhs {
    /// `[([], e)]` for a plain right-hand side.
    pub guarded: Vec<(Vec<Guard>, Expr)>,
    pub wheres: Vec<Bind>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alt {
    pub pat: Pat,
    pub rhs: Rhs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub pats: Vec<Pat>,
    pub rhs: Rhs,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    /// A function or variable binding `f p1 .. pn | g = e ...` (n may be 0).
    Fun {
        name: Binder,
        clauses: Vec<Clause>,
        sig: Option<SigType>,
        span: Span,
    },
    /// A pattern binding `(a, b) = e`.
    Pat { pat: Pat, rhs: Rhs, span: Span },
}

impl Bind {
    pub fn span(&self) -> Span {
        match self {
            Bind::Fun { span, .. } | Bind::Pat { span, .. } => *span,
        }
    }

    pub fn binders(&self) -> Vec<&Binder> {
        match self {
            Bind::Fun { name, .. } => vec![name],
            Bind::Pat { pat, .. } => {
                let mut out = Vec::new();
                pat.binders(&mut out);
                out
            }
        }
    }
}

/// Type syntax after renaming. Function types are `App(App(Con "->", a), b)`,
/// lists `Con "[]"`, tuples `Con "(,)"`.
#[derive(Clone, Debug, PartialEq)]
pub enum SType {
    Var(String, Span),
    /// A type constructor or synonym by qualified name.
    Con(String, Span),
    App(Box<SType>, Box<SType>),
}

impl SType {
    pub fn span(&self) -> Span {
        match self {
            SType::Var(_, s) | SType::Con(_, s) => *s,
            SType::App(f, a) => f.span().to(a.span()),
        }
    }
    pub fn fun(a: SType, b: SType, span: Span) -> SType {
        SType::App(
            Box::new(SType::App(
                Box::new(SType::Con("->".into(), span)),
                Box::new(a),
            )),
            Box::new(b),
        )
    }
}

/// `C1 t1, C2 t2 => t`; classes by qualified name.
#[derive(Clone, Debug, PartialEq)]
pub struct SigType {
    pub context: Vec<(String, SType)>,
    pub ty: SType,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConDecl {
    pub name: String,
    pub fields: Vec<SType>,
    pub strict: Vec<bool>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DataDecl {
    pub name: String,
    pub params: Vec<String>,
    pub cons: Vec<ConDecl>,
    pub newtype: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SynDecl {
    pub name: String,
    pub params: Vec<String>,
    pub rhs: SType,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl {
    pub name: String,
    pub tyvar: String,
    pub supers: Vec<String>,
    /// Method binders (qualified) with their signatures (which may mention
    /// further constraints; the class constraint is implicit).
    pub methods: Vec<(Binder, SigType)>,
    /// Default method bindings, keyed by the method's qualified name.
    pub defaults: Vec<Bind>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InstDecl {
    pub class: String,
    pub context: Vec<(String, SType)>,
    pub head: SType,
    /// Method bindings; each `Bind::Fun` name carries the method's qualified
    /// name in `name.name` (its `id` is fresh).
    pub methods: Vec<Bind>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForeignImport {
    pub name: Binder,
    pub conv: crate::core::CallConv,
    pub safe: bool,
    pub entity: String,
    pub sig: SigType,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForeignExport {
    pub conv: crate::core::CallConv,
    pub entity: String,
    pub target: String,
    pub sig: SigType,
    pub span: Span,
}

/// `default (t1, ..., tn)` of the user module (Haskell 2010 4.3.4).
#[derive(Clone, Debug, PartialEq)]
pub struct DefaultDecl {
    pub types: Vec<SType>,
    pub span: Span,
}

/// Every module of a compilation, renamed and concatenated (library modules
/// first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub data: Vec<DataDecl>,
    pub synonyms: Vec<SynDecl>,
    pub classes: Vec<ClassDecl>,
    pub instances: Vec<InstDecl>,
    pub binds: Vec<Bind>,
    pub foreign_imports: Vec<ForeignImport>,
    pub foreign_exports: Vec<ForeignExport>,
    /// The user module's `default (...)` declaration, if any.
    pub defaults: Option<DefaultDecl>,
    /// Qualified name of `main` in the user module, if defined.
    pub main: Option<String>,
    /// Binders of the user module's top-level values (for `infer_types`).
    pub user_values: Vec<String>,
    /// Next free [`NameId`] / [`OccId`].
    pub next_name: u32,
    pub next_occ: u32,
}
