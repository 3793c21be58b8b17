//! `do`-notation (Report section 3.14, with GHC's `MonadFail` rule for
//! pattern binds):
//!
//! ```text
//! do { e }              = e
//! do { e; ss }          = e >> do { ss }
//! do { p <- e; ss }     = e >>= \p -> do { ss }                 (p irrefutable)
//! do { p <- e; ss }     = e >>= \x -> case x of               (p refutable)
//!                            p -> do { ss }
//!                            _ -> fail "Pattern match failure in do expression at F:L:C-C"
//! do { let ds; ss }     = let ds in do { ss }
//! ```
//!
//! A pattern is irrefutable here when GHC considers it so: variables,
//! wildcards, lazy patterns, and bang/as patterns, tuples and constructors of
//! single-constructor types whose sub-patterns are irrefutable. Only
//! refutable binds call `fail`, so only they need a `MonadFail` instance.

use crate::diagnostics::Span;
use crate::syntax::ast::{Expr, Pat, PatKind, Stmt, StmtKind};

use super::Desugarer;
use super::names::{call, case_of, lambda, let_in, lib, string_lit, var, var_pat, wild};

impl Desugarer<'_> {
    pub(super) fn do_block(&mut self, stmts: Vec<Stmt>, span: Span) -> Expr {
        let mut rest = stmts.into_iter().rev();
        let mut acc = match rest.next() {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => e,
            Some(last) => {
                self.error(
                    last.span,
                    "The last statement in a 'do' block must be an expression",
                );
                return super::names::expr(crate::syntax::ast::ExprKind::Tuple(Vec::new()), span);
            }
            None => {
                self.error(span, "Empty 'do' block");
                return super::names::expr(crate::syntax::ast::ExprKind::Tuple(Vec::new()), span);
            }
        };
        for stmt in rest {
            let sspan = stmt.span;
            acc = match stmt.kind {
                StmtKind::Expr(e) => call(lib::THEN, [e, acc], sspan),
                StmtKind::Let(decls) => let_in(decls, acc, sspan),
                StmtKind::Bind(p, e) => {
                    let k = self.bind_continuation(p, acc, sspan);
                    call(lib::BIND, [e, k], sspan)
                }
            };
        }
        acc
    }

    /// `\p -> rest`, or the `case` with a `fail` branch for a refutable `p`.
    fn bind_continuation(&mut self, p: Pat, rest: Expr, span: Span) -> Expr {
        if self.is_irrefutable(&p) {
            return lambda(vec![p], rest, span);
        }
        let pspan = p.span;
        let x = self.fresh("do");
        let message = format!(
            "Pattern match failure in do expression at {}",
            self.location(pspan)
        );
        let failure = call(lib::FAIL, [string_lit(&message, pspan)], pspan);
        let body = case_of(
            var(&x, pspan),
            vec![(p, rest), (wild(pspan), failure)],
            span,
        );
        lambda(vec![var_pat(&x, pspan)], body, span)
    }

    /// Whether matching `p` cannot fail (GHC's `isIrrefutableHsPat`).
    pub(super) fn is_irrefutable(&self, p: &Pat) -> bool {
        match &p.kind {
            PatKind::Var(_) | PatKind::Wildcard | PatKind::Lazy(_) => true,
            PatKind::Bang(q) | PatKind::As(_, q) | PatKind::Paren(q) => self.is_irrefutable(q),
            PatKind::Tuple(ps) => ps.iter().all(|q| self.is_irrefutable(q)),
            PatKind::Con(name, ps) => {
                let single = name.name == "()"
                    || name.name.starts_with("(,")
                    || self
                        .env
                        .con(name)
                        .is_some_and(|c| self.env.types[c.type_index].cons.len() == 1);
                single && ps.iter().all(|q| self.is_irrefutable(q))
            }
            PatKind::Lit { .. } | PatKind::List(_) | PatKind::OpSeq(_) | PatKind::Record(..) => {
                false
            }
        }
    }
}
