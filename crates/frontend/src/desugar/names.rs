//! The library entities that desugared code refers to, and small builders
//! for the AST nodes the passes generate.
//!
//! Every reference to a library function, class or constructor made by
//! generated code goes through [`builtin`], so that a user definition with
//! the same name (a local `map`, a top-level `showString`) can never capture
//! it. See Note [Built-in references].

use crate::diagnostics::Span;
use crate::syntax::ast::{Expr, ExprKind, Literal, Name, Pat, PatKind, Stmt};

// Note [Built-in references]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~
// Generated code must mean the library's `>>=`, `showParen`, `True`, ... no
// matter what the user's module defines, imports or hides (GHC refers to
// "original names" for the same reason). We mark such references with the
// module qualifier [`BUILTIN_QUALIFIER`], which no source text can write
// (it contains a space). The renamer resolves `Name { qual:
// Some(BUILTIN_QUALIFIER), name }` to the top-level entity `name` of the
// built-in library, whichever library module defines it and whatever the
// current module imports. Special syntax (`:`, `[]`, `()`, tuples) cannot
// be redefined and is written unqualified.

/// The module qualifier of generated references to library entities.
pub const BUILTIN_QUALIFIER: &str = "hsrts builtin";

/// Library functions and methods referred to by generated code.
pub mod lib {
    pub const BIND: &str = ">>=";
    pub const THEN: &str = ">>";
    /// `MonadFail`'s method in GHC 9.0 (`Monad`'s in older Reports).
    pub const FAIL: &str = "fail";
    pub const NEGATE: &str = "negate";
    pub const ENUM_FROM: &str = "enumFrom";
    pub const ENUM_FROM_THEN: &str = "enumFromThen";
    pub const ENUM_FROM_TO: &str = "enumFromTo";
    pub const ENUM_FROM_THEN_TO: &str = "enumFromThenTo";
    pub const ERROR: &str = "error";
    /// `errorAt "F:L:C in main:M" msg`: `error` called at a known place, with
    /// GHC 9.0's `CallStack` lines (library `GHC.Exception`).
    pub const ERROR_AT: &str = "errorAt";
    /// `recSelError msg`: a record selector applied to the wrong constructor.
    pub const REC_SEL_ERROR: &str = "recSelError";
    /// `recConError msg`: a field missing in record construction.
    pub const REC_CON_ERROR: &str = "recConError";
    /// `patError msg`: a failed match the compiler inserted (record update).
    pub const PAT_ERROR: &str = "patError";
    pub const SEQ: &str = "seq";
    pub const AND: &str = "&&";
    pub const EQ_OP: &str = "==";
    pub const GE_OP: &str = ">=";
    pub const GT_OP: &str = ">";
    pub const PLUS: &str = "+";
    pub const MINUS: &str = "-";
    pub const APPEND: &str = "++";
    pub const COMPOSE: &str = ".";
    pub const MAP: &str = "map";
    pub const SHOW: &str = "show";
    pub const SHOWS_PREC: &str = "showsPrec";
    pub const SHOW_PAREN: &str = "showParen";
    pub const SHOW_STRING: &str = "showString";
    pub const COMPARE: &str = "compare";
    pub const FROM_ENUM: &str = "fromEnum";
    pub const TO_ENUM: &str = "toEnum";
    pub const SUCC: &str = "succ";
    pub const PRED: &str = "pred";
    pub const MIN_BOUND: &str = "minBound";
    pub const MAX_BOUND: &str = "maxBound";
}

/// Library constructors and classes referred to by generated code.
pub mod con {
    pub const TRUE: &str = "True";
    pub const FALSE: &str = "False";
    pub const LT: &str = "LT";
    pub const EQ: &str = "EQ";
    pub const GT: &str = "GT";
    pub const INT: &str = "Int";
    pub const CONS: &str = ":";
    pub const NIL: &str = "[]";
}

/// A reference to the library's `name` (see Note [Built-in references]).
pub fn builtin(name: &str, span: Span) -> Name {
    Name::qualified(BUILTIN_QUALIFIER, name, span)
}

/// Whether `name` is a generated built-in reference.
pub fn is_builtin(name: &Name) -> bool {
    name.qual.as_deref() == Some(BUILTIN_QUALIFIER)
}

pub fn expr(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

pub fn pat(kind: PatKind, span: Span) -> Pat {
    Pat { kind, span }
}

/// The library function or method `name`.
pub fn lib_var(name: &str, span: Span) -> Expr {
    expr(ExprKind::Var(builtin(name, span)), span)
}

/// The library constructor `name` (`True`, `LT`, ...).
pub fn lib_con(name: &str, span: Span) -> Expr {
    expr(ExprKind::Con(builtin(name, span)), span)
}

/// A local (user or generated) variable.
pub fn var(name: &str, span: Span) -> Expr {
    expr(ExprKind::Var(Name::new(name, span)), span)
}

/// A constructor as written in the module (a user constructor, or special
/// syntax such as `:`).
pub fn con_expr(name: &Name) -> Expr {
    expr(ExprKind::Con(name.clone()), name.span)
}

pub fn app(f: Expr, arg: Expr) -> Expr {
    let span = f.span.to(arg.span);
    expr(ExprKind::App(Box::new(f), Box::new(arg)), span)
}

/// `f a1 .. an`, keeping `span` on every application node.
pub fn apps(f: Expr, args: impl IntoIterator<Item = Expr>, span: Span) -> Expr {
    args.into_iter().fold(f, |f, a| {
        expr(ExprKind::App(Box::new(f), Box::new(a)), span)
    })
}

/// The library function `name` applied to `args`.
pub fn call(name: &str, args: impl IntoIterator<Item = Expr>, span: Span) -> Expr {
    apps(lib_var(name, span), args, span)
}

pub fn string_lit(s: &str, span: Span) -> Expr {
    expr(ExprKind::Lit(Literal::String(s.to_string())), span)
}

pub fn int_lit(n: i128, span: Span) -> Expr {
    expr(ExprKind::Lit(int_literal(n)), span)
}

/// A non-negative integer literal.
pub fn int_literal(n: i128) -> Literal {
    let text = n.to_string();
    Literal::Integer(crate::syntax::ast::IntegerLit {
        text: text.clone(),
        decimal: text,
        value: Some(n),
    })
}

pub fn var_pat(name: &str, span: Span) -> Pat {
    pat(PatKind::Var(Name::new(name, span)), span)
}

pub fn wild(span: Span) -> Pat {
    pat(PatKind::Wildcard, span)
}

/// The library constructor pattern `name` with no arguments (`True`, `EQ`).
pub fn lib_con_pat(name: &str, span: Span) -> Pat {
    pat(PatKind::Con(builtin(name, span), Vec::new()), span)
}

pub fn con_pat(name: &Name, args: Vec<Pat>, span: Span) -> Pat {
    pat(PatKind::Con(name.clone(), args), span)
}

/// The boolean guard statement `e`.
pub fn guard_stmt(e: Expr) -> Stmt {
    let span = e.span;
    Stmt {
        kind: crate::syntax::ast::StmtKind::Expr(e),
        span,
    }
}

use crate::syntax::ast::{Alt, Decl, DeclKind, FunBind, Match, Rhs, RhsBody};

/// A right-hand side `= e` (or `-> e`) with no guards and no `where`.
pub fn plain_rhs(e: Expr) -> Rhs {
    let span = e.span;
    Rhs {
        body: RhsBody::Plain(e),
        wheres: Vec::new(),
        span,
    }
}

pub fn alt(p: Pat, e: Expr) -> Alt {
    let span = p.span.to(e.span);
    Alt {
        pat: p,
        rhs: plain_rhs(e),
        span,
    }
}

/// `case scrut of { p1 -> e1; ... }`
pub fn case_of(scrut: Expr, alts: Vec<(Pat, Expr)>, span: Span) -> Expr {
    let alts = alts.into_iter().map(|(p, e)| alt(p, e)).collect();
    expr(ExprKind::Case(Box::new(scrut), alts), span)
}

/// `case c of { True -> t; False -> f }` (the translation of `if`).
pub fn if_then_else(c: Expr, t: Expr, f: Expr, span: Span) -> Expr {
    let cspan = c.span;
    case_of(
        c,
        vec![
            (lib_con_pat(con::TRUE, cspan), t),
            (lib_con_pat(con::FALSE, cspan), f),
        ],
        span,
    )
}

pub fn lambda(pats: Vec<Pat>, body: Expr, span: Span) -> Expr {
    expr(ExprKind::Lambda(pats, Box::new(body)), span)
}

pub fn let_in(decls: Vec<Decl>, body: Expr, span: Span) -> Expr {
    expr(ExprKind::Let(decls, Box::new(body)), span)
}

/// One clause of a function binding.
pub fn clause(pats: Vec<Pat>, body: Expr, span: Span) -> Match {
    Match {
        pats,
        rhs: plain_rhs(body),
        infix: false,
        span,
    }
}

/// `name p.. = e; ...` from its clauses.
pub fn fun_bind(name: Name, matches: Vec<Match>, span: Span) -> Decl {
    Decl {
        kind: DeclKind::FunBind(FunBind { name, matches }),
        span,
    }
}

/// `name = e`
pub fn value_bind(name: &str, e: Expr, span: Span) -> Decl {
    fun_bind(
        Name::new(name, span),
        vec![clause(Vec::new(), e, span)],
        span,
    )
}
