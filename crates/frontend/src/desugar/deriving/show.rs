//! Derived `Show`: `showsPrec` as GHC derives it (Haskell 2010 section 11.4).
//!
//! ```text
//! showsPrec _ C           = showString "C"
//! showsPrec d (C x y)     = showParen (d >= 11) (showString "C " . showsPrec 11 x . showString " " . showsPrec 11 y)
//! showsPrec d (R x y)     = showParen (d >= 11) (showString "R {f = " . showsPrec 0 x
//!                                                  . showString ", g = " . showsPrec 0 y . showString "}")
//! showsPrec d (x :+ y)    = showParen (d > p) (showsPrec (p+1) x . showString " :+ " . showsPrec (p+1) y)
//! ```
//! `p` is the constructor's declared fixity (default 9), used for both
//! operands whatever the associativity, as GHC does; a constructor declared
//! infix with backquotes shows as ``x `Foo` y``. Operator names in prefix
//! position and operator field names are parenthesised: `(:%) {(<+>) = 1}`.
//! Negative numbers get their parentheses from their own `showsPrec`.
//! Confirmed against GHC 9.0.2 (see the tests in `desugar::tests`).

use crate::diagnostics::Span;
use crate::syntax::ast::{ConFields, DataDecl, Decl, Expr, Name};

use super::super::Desugarer;
use super::super::names::{call, fun_bind, int_lit, lib, string_lit, var, var_pat, wild};
use super::{method_clause, prefix_name};

/// A piece of a `ShowS` composition.
enum Piece {
    Text(String),
    Value(i128, String),
}

fn compose(pieces: Vec<Piece>, span: Span) -> Expr {
    // Merge adjacent texts, then fold `p1 . (p2 . ...)`.
    let mut merged: Vec<Piece> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(prev)), Piece::Text(s)) => prev.push_str(&s),
            (_, p) => merged.push(p),
        }
    }
    let exprs: Vec<Expr> = merged
        .into_iter()
        .map(|p| match p {
            Piece::Text(s) => call(lib::SHOW_STRING, [string_lit(&s, span)], span),
            Piece::Value(prec, x) => {
                call(lib::SHOWS_PREC, [int_lit(prec, span), var(&x, span)], span)
            }
        })
        .collect();
    exprs
        .into_iter()
        .rev()
        .reduce(|acc, e| call(lib::COMPOSE, [e, acc], span))
        .unwrap_or_else(|| call(lib::SHOW_STRING, [string_lit("", span)], span))
}

impl Desugarer<'_> {
    pub(super) fn derive_show(&mut self, dd: &DataDecl, span: Span) -> Vec<Decl> {
        let mut clauses = Vec::new();
        for c in &dd.cons {
            let arity = c.fields.types().len();
            let (pat, xs) = self.con_with_vars(&c.name, arity, "x", span);
            if arity == 0 {
                let body = call(
                    lib::SHOW_STRING,
                    [string_lit(&prefix_name(&c.name), span)],
                    span,
                );
                clauses.push(method_clause(vec![wild(span), pat], body, span));
                continue;
            }
            let d = self.fresh("d");
            let (threshold, pieces) = match &c.fields {
                ConFields::Record(_) => {
                    let mut pieces = vec![Piece::Text(format!("{} {{", prefix_name(&c.name)))];
                    for (i, (f, x)) in c.fields.names().into_iter().zip(&xs).enumerate() {
                        let sep = if i == 0 { "" } else { ", " };
                        pieces.push(Piece::Text(format!("{sep}{} = ", prefix_name(f))));
                        pieces.push(Piece::Value(0, x.clone()));
                    }
                    pieces.push(Piece::Text("}".to_string()));
                    (11, pieces)
                }
                ConFields::Positional(_) if c.infix && arity == 2 => {
                    let prec = i128::from(self.env.fixity(&c.name.name).1);
                    let op = if c.name.is_operator() {
                        c.name.name.clone()
                    } else {
                        format!("`{}`", c.name.name)
                    };
                    let pieces = vec![
                        Piece::Value(prec + 1, xs[0].clone()),
                        Piece::Text(format!(" {op} ")),
                        Piece::Value(prec + 1, xs[1].clone()),
                    ];
                    (prec + 1, pieces)
                }
                ConFields::Positional(_) => {
                    let mut pieces = vec![Piece::Text(prefix_name(&c.name))];
                    for x in &xs {
                        pieces.push(Piece::Text(" ".to_string()));
                        pieces.push(Piece::Value(11, x.clone()));
                    }
                    (11, pieces)
                }
            };
            // `d > p` is written `d >= p + 1`.
            let cond = call(lib::GE_OP, [var(&d, span), int_lit(threshold, span)], span);
            let body = call(lib::SHOW_PAREN, [cond, compose(pieces, span)], span);
            clauses.push(method_clause(vec![var_pat(&d, span), pat], body, span));
        }
        if dd.cons.is_empty() {
            // No constructors: force the value (it can only be bottom).
            let x = self.fresh("x");
            let body = call(
                lib::SEQ,
                [
                    var(&x, span),
                    call(lib::ERROR, [string_lit("Void showsPrec", span)], span),
                ],
                span,
            );
            clauses.push(method_clause(
                vec![wild(span), var_pat(&x, span)],
                body,
                span,
            ));
        }
        vec![fun_bind(Name::new(lib::SHOWS_PREC, span), clauses, span)]
    }
}
