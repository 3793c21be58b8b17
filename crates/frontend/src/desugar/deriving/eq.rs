//! Derived `Eq`: structural equality.
//!
//! ```text
//! C x1 .. xn == C y1 .. yn = (x1 == y1) && (... && (xn == yn))   -- True if n = 0
//! _ == _ = False                                                  -- if several constructors
//! ```
//! `/=` is the class default. A type without constructors gets
//! `_ == _ = True`, as in GHC.

use crate::diagnostics::Span;
use crate::syntax::ast::{DataDecl, Decl, Name};

use super::super::Desugarer;
use super::super::names::{call, con, fun_bind, lib, lib_con, var, wild};
use super::method_clause;

impl Desugarer<'_> {
    pub(super) fn derive_eq(&mut self, dd: &DataDecl, span: Span) -> Vec<Decl> {
        let mut clauses = Vec::new();
        for c in &dd.cons {
            let arity = c.fields.types().len();
            let (lp, xs) = self.con_with_vars(&c.name, arity, "a", span);
            let (rp, ys) = self.con_with_vars(&c.name, arity, "b", span);
            let tests: Vec<_> = xs
                .iter()
                .zip(&ys)
                .map(|(x, y)| call(lib::EQ_OP, [var(x, span), var(y, span)], span))
                .collect();
            let body = tests
                .into_iter()
                .rev()
                .reduce(|acc, t| call(lib::AND, [t, acc], span))
                .unwrap_or_else(|| lib_con(con::TRUE, span));
            clauses.push(method_clause(vec![lp, rp], body, span));
        }
        if dd.cons.len() != 1 {
            let result = if dd.cons.is_empty() {
                con::TRUE
            } else {
                con::FALSE
            };
            clauses.push(method_clause(
                vec![wild(span), wild(span)],
                lib_con(result, span),
                span,
            ));
        }
        vec![fun_bind(Name::new(lib::EQ_OP, span), clauses, span)]
    }
}
