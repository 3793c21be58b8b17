//! Derived `Enum` (enumerations only) and `Bounded` (enumerations and
//! single-constructor types), with GHC 9.0's run-time messages.
//!
//! ```text
//! fromEnum Ci = i
//! toEnum n = case n of { 0 -> C0; ...; _ -> error ("toEnum{T}: tag (" ++ show n ++ ") is outside of enumeration's range (0,max)") }
//! succ x = case x of { Cmax -> error "succ{T}: tried to take `succ' of last tag in enumeration"; _ -> toEnum (fromEnum x + 1) }
//! pred x = case x of { C0 -> error "pred{T}: tried to take `pred' of first tag in enumeration"; _ -> toEnum (fromEnum x - 1) }
//! enumFrom x         = map toEnum (enumFromTo (fromEnum x) max)
//! enumFromThen x y   = map toEnum (enumFromThenTo (fromEnum x) (fromEnum y) (if fromEnum y >= fromEnum x then max else 0))
//! enumFromTo x y     = map toEnum (enumFromTo (fromEnum x) (fromEnum y))
//! enumFromThenTo x y z = map toEnum (enumFromThenTo (fromEnum x) (fromEnum y) (fromEnum z))
//!
//! minBound = C0; maxBound = Cmax                       -- enumerations
//! minBound = C minBound .. minBound; maxBound = ...     -- one constructor
//! ```
//! The `error` calls are `errorAt "F:L:C in main:M"`, so that the
//! `CallStack` lines GHC prints under the message (naming the class in the
//! `deriving` clause as the call site) come out the same.

use crate::diagnostics::Span;
use crate::syntax::ast::{DataDecl, Decl, Expr, Name};

use super::super::Desugarer;
use super::super::names::{
    call, case_of, con_expr, con_pat, fun_bind, if_then_else, int_lit, lib, lib_var, pat,
    string_lit, value_bind, var, var_pat, wild,
};
use super::method_clause;
use crate::syntax::ast::PatKind;

impl Desugarer<'_> {
    fn is_enumeration(dd: &DataDecl) -> bool {
        !dd.cons.is_empty() && dd.cons.iter().all(|c| c.fields.types().is_empty())
    }

    fn not_enumeration(&mut self, dd: &DataDecl, class: &str, span: Span, extra: &str) {
        let t = &dd.name.name;
        self.error(
            span,
            format!(
                "Can't make a derived instance of ‘{class} {t}’:\n  ‘{t}’ must be an enumeration type\n  (an enumeration consists of one or more nullary, non-GADT constructors){extra}"
            ),
        );
    }

    pub(super) fn derive_enum(&mut self, dd: &DataDecl, span: Span) -> Option<Vec<Decl>> {
        if !Self::is_enumeration(dd) {
            self.not_enumeration(dd, "Enum", span, "");
            return None;
        }
        let t = dd.name.name.clone();
        let cons: Vec<Name> = dd
            .cons
            .iter()
            .map(|c| Name {
                span,
                ..c.name.clone()
            })
            .collect();
        let max = cons.len() as i128 - 1;
        let from_enum = |e: Expr| call(lib::FROM_ENUM, [e], span);
        let to_enum_map = |e: Expr| call(lib::MAP, [lib_var(lib::TO_ENUM, span), e], span);
        let mut decls = Vec::new();

        let clauses = cons.iter().enumerate().map(|(i, c)| {
            method_clause(
                vec![con_pat(c, vec![], span)],
                int_lit(i as i128, span),
                span,
            )
        });
        decls.push(fun_bind(
            Name::new(lib::FROM_ENUM, span),
            clauses.collect(),
            span,
        ));

        let n = self.fresh("n");
        let mut alts: Vec<_> = cons
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let lit = pat(
                    PatKind::Lit {
                        lit: super::super::names::int_literal(i as i128),
                        negated: false,
                    },
                    span,
                );
                (lit, con_expr(c))
            })
            .collect();
        let message = call(
            lib::APPEND,
            [
                string_lit(&format!("toEnum{{{t}}}: tag ("), span),
                call(
                    lib::APPEND,
                    [
                        call(lib::SHOW, [var(&n, span)], span),
                        string_lit(
                            &format!(") is outside of enumeration's range (0,{max})"),
                            span,
                        ),
                    ],
                    span,
                ),
            ],
            span,
        );
        let at = string_lit(&self.call_site(span), span);
        alts.push((wild(span), call(lib::ERROR_AT, [at, message], span)));
        let body = case_of(var(&n, span), alts, span);
        decls.push(fun_bind(
            Name::new(lib::TO_ENUM, span),
            vec![method_clause(vec![var_pat(&n, span)], body, span)],
            span,
        ));

        for (method, edge, op, which) in [
            (lib::SUCC, &cons[cons.len() - 1], lib::PLUS, "last"),
            (lib::PRED, &cons[0], lib::MINUS, "first"),
        ] {
            let x = self.fresh("x");
            let message =
                format!("{method}{{{t}}}: tried to take `{method}' of {which} tag in enumeration");
            let step = call(
                lib::TO_ENUM,
                [call(op, [from_enum(var(&x, span)), int_lit(1, span)], span)],
                span,
            );
            let body = case_of(
                var(&x, span),
                vec![
                    (
                        con_pat(edge, vec![], span),
                        call(
                            lib::ERROR_AT,
                            [
                                string_lit(&self.call_site(span), span),
                                string_lit(&message, span),
                            ],
                            span,
                        ),
                    ),
                    (wild(span), step),
                ],
                span,
            );
            decls.push(fun_bind(
                Name::new(method, span),
                vec![method_clause(vec![var_pat(&x, span)], body, span)],
                span,
            ));
        }

        let (x, y, z) = (self.fresh("x"), self.fresh("y"), self.fresh("z"));
        let fx = || from_enum(var(&x, span));
        let fy = || from_enum(var(&y, span));
        let enum_from = to_enum_map(call(lib::ENUM_FROM_TO, [fx(), int_lit(max, span)], span));
        let limit = if_then_else(
            call(lib::GE_OP, [fy(), fx()], span),
            int_lit(max, span),
            int_lit(0, span),
            span,
        );
        let enum_from_then = to_enum_map(call(lib::ENUM_FROM_THEN_TO, [fx(), fy(), limit], span));
        let enum_from_to = to_enum_map(call(lib::ENUM_FROM_TO, [fx(), fy()], span));
        let enum_from_then_to = to_enum_map(call(
            lib::ENUM_FROM_THEN_TO,
            [fx(), fy(), from_enum(var(&z, span))],
            span,
        ));
        let vp = |v: &str| var_pat(v, span);
        for (method, params, body) in [
            (lib::ENUM_FROM, vec![vp(&x)], enum_from),
            (lib::ENUM_FROM_THEN, vec![vp(&x), vp(&y)], enum_from_then),
            (lib::ENUM_FROM_TO, vec![vp(&x), vp(&y)], enum_from_to),
            (
                lib::ENUM_FROM_THEN_TO,
                vec![vp(&x), vp(&y), vp(&z)],
                enum_from_then_to,
            ),
        ] {
            decls.push(fun_bind(
                Name::new(method, span),
                vec![method_clause(params, body, span)],
                span,
            ));
        }
        Some(decls)
    }

    pub(super) fn derive_bounded(&mut self, dd: &DataDecl, span: Span) -> Option<Vec<Decl>> {
        let (min, max) = if Self::is_enumeration(dd) {
            let first = Name {
                span,
                ..dd.cons[0].name.clone()
            };
            let last = Name {
                span,
                ..dd.cons[dd.cons.len() - 1].name.clone()
            };
            (con_expr(&first), con_expr(&last))
        } else if dd.cons.len() == 1 {
            let c = &dd.cons[0];
            let name = Name {
                span,
                ..c.name.clone()
            };
            let arity = c.fields.types().len();
            let build = |bound: &str| {
                super::super::names::apps(
                    con_expr(&name),
                    (0..arity).map(|_| lib_var(bound, span)).collect::<Vec<_>>(),
                    span,
                )
            };
            (build(lib::MIN_BOUND), build(lib::MAX_BOUND))
        } else {
            let t = &dd.name.name;
            self.not_enumeration(
                dd,
                "Bounded",
                span,
                &format!("\n  or\n  ‘{t}’ must have precisely one constructor"),
            );
            return None;
        };
        Some(vec![
            value_bind(lib::MIN_BOUND, min, span),
            value_bind(lib::MAX_BOUND, max, span),
        ])
    }
}
