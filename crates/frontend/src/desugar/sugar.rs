//! Small expression sugar: binary operators, prefix negation, operator
//! sections and arithmetic sequences (`if` is a one-line case in
//! [`super::names::if_then_else`]).
//!
//! * `l op r`        -> `op l r` (the operator as a variable or constructor)
//! * `- e`           -> `negate e` (the library's, Report section 3.4); a
//!   negative literal *pattern* stays a literal pattern
//! * `(e op)`        -> `op e` (Report section 3.5)
//! * `(op e)`        -> `\x -> op x e`, or `let y = e in \x -> op x y` when
//!   `e` is not atomic, so that `e` is evaluated at most once however often
//!   the section is called (GHC does the same)
//! * `[a ..]`, `[a, b ..]`, `[a .. c]`, `[a, b .. c]` -> `enumFrom a`,
//!   `enumFromThen a b`, `enumFromTo a c`, `enumFromThenTo a b c`

use crate::diagnostics::Span;
use crate::syntax::ast::{Expr, ExprKind, Op};

use super::Desugarer;
use super::names::{apps, call, expr, lambda, let_in, lib, value_bind, var, var_pat};

/// The operator of a binary expression or section as an expression.
fn op_expr(op: Op) -> Expr {
    let span = op.name.span;
    if op.is_con() {
        expr(ExprKind::Con(op.name), span)
    } else {
        expr(ExprKind::Var(op.name), span)
    }
}

fn is_atomic(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Var(_) | ExprKind::Con(_) | ExprKind::Lit(_)
    )
}

impl Desugarer<'_> {
    pub(super) fn binop(&mut self, l: Expr, op: Op, r: Expr, span: Span) -> Expr {
        apps(op_expr(op), [l, r], span)
    }

    pub(super) fn negation(&mut self, x: Expr, span: Span) -> Expr {
        call(lib::NEGATE, [x], span)
    }

    pub(super) fn left_section(&mut self, x: Expr, op: Op, span: Span) -> Expr {
        apps(op_expr(op), [x], span)
    }

    pub(super) fn right_section(&mut self, op: Op, x: Expr, span: Span) -> Expr {
        let arg = self.fresh("sec");
        if is_atomic(&x) {
            let body = apps(op_expr(op), [var(&arg, span), x], span);
            return lambda(vec![var_pat(&arg, span)], body, span);
        }
        let operand = self.fresh("sec");
        let xspan = x.span;
        let body = apps(op_expr(op), [var(&arg, span), var(&operand, xspan)], span);
        let_in(
            vec![value_bind(&operand, x, xspan)],
            lambda(vec![var_pat(&arg, span)], body, span),
            span,
        )
    }

    pub(super) fn arith_seq(
        &mut self,
        from: Expr,
        then: Option<Expr>,
        to: Option<Expr>,
        span: Span,
    ) -> Expr {
        match (then, to) {
            (None, None) => call(lib::ENUM_FROM, [from], span),
            (Some(t), None) => call(lib::ENUM_FROM_THEN, [from, t], span),
            (None, Some(to)) => call(lib::ENUM_FROM_TO, [from, to], span),
            (Some(t), Some(to)) => call(lib::ENUM_FROM_THEN_TO, [from, t, to], span),
        }
    }
}
