//! Derived `Ord`: constructors compare in declaration order, then fields
//! lexicographically. Only `compare` is generated; `<`, `<=`, `>`, `>=`,
//! `max`, `min` are the class defaults, which agree with GHC's derived ones.
//!
//! ```text
//! compare a b = case a of
//!     Ci x1 .. xn -> case b of
//!         Ci y1 .. yn -> case compare x1 y1 of { LT -> LT; GT -> GT; EQ -> ... compare xn yn }
//!         _           -> compare (tag a) (tag b)
//!     ...
//!   where tag :: T v.. -> Int
//!         tag (C0 _ ..) = 0; tag (C1 _ ..) = 1; ...
//! ```
//! With one constructor there is no `tag`; with only nullary constructors
//! `compare a b = compare (tag a) (tag b)`; with none, `compare _ _ = EQ`.

use crate::diagnostics::Span;
use crate::syntax::ast::{DataDecl, Decl, DeclKind, Expr, Name, QualType, Type, TypeKind};

use super::super::Desugarer;
use super::super::names::{
    builtin, call, case_of, clause, con, con_pat, fun_bind, int_lit, lib, lib_con, lib_con_pat,
    var, var_pat, wild,
};
use super::super::records::data_type_head;
use super::{method_clause, vars};

impl Desugarer<'_> {
    pub(super) fn derive_ord(&mut self, dd: &DataDecl, span: Span) -> Vec<Decl> {
        let name = Name::new(lib::COMPARE, span);
        if dd.cons.is_empty() {
            let c = method_clause(vec![wild(span), wild(span)], lib_con(con::EQ, span), span);
            return vec![fun_bind(name, vec![c], span)];
        }
        if dd.cons.len() == 1 {
            let c = &dd.cons[0];
            let arity = c.fields.types().len();
            let (lp, xs) = self.con_with_vars(&c.name, arity, "a", span);
            let (rp, ys) = self.con_with_vars(&c.name, arity, "b", span);
            let body = lexicographic(&vars(&xs, span), &vars(&ys, span), span);
            return vec![fun_bind(
                name,
                vec![method_clause(vec![lp, rp], body, span)],
                span,
            )];
        }
        let a = self.fresh("a");
        let b = self.fresh("b");
        let tag = self.fresh("tag");
        let by_tag = call(
            lib::COMPARE,
            [call_local(&tag, &a, span), call_local(&tag, &b, span)],
            span,
        );
        let body = if dd.cons.iter().all(|c| c.fields.types().is_empty()) {
            by_tag
        } else {
            let mut outer = Vec::new();
            for c in &dd.cons {
                let arity = c.fields.types().len();
                let (lp, xs) = self.con_with_vars(&c.name, arity, "a", span);
                let (rp, ys) = self.con_with_vars(&c.name, arity, "b", span);
                let same = lexicographic(&vars(&xs, span), &vars(&ys, span), span);
                let inner = case_of(
                    var(&b, span),
                    vec![(rp, same), (wild(span), by_tag.clone())],
                    span,
                );
                outer.push((lp, inner));
            }
            case_of(var(&a, span), outer, span)
        };
        let mut m = method_clause(vec![var_pat(&a, span), var_pat(&b, span)], body, span);
        m.rhs.wheres = self.tag_function(dd, &tag, span);
        vec![fun_bind(name, vec![m], span)]
    }

    /// `tag :: T v.. -> Int; tag (Ci _ ..) = i` (a local helper; the
    /// signature's variables are implicitly quantified, so it needs no
    /// scoped type variables).
    pub(super) fn tag_function(&mut self, dd: &DataDecl, tag: &str, span: Span) -> Vec<Decl> {
        let int = Type {
            kind: TypeKind::Con(builtin(con::INT, span)),
            span,
        };
        let ty = Type {
            kind: TypeKind::Fun(Box::new(data_type_head(dd, span)), Box::new(int)),
            span,
        };
        let sig = Decl {
            kind: DeclKind::TypeSig(
                vec![Name::new(tag, span)],
                QualType {
                    context: Vec::new(),
                    ty,
                    span,
                },
            ),
            span,
        };
        let clauses = dd
            .cons
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let args = c.fields.types().iter().map(|_| wild(span)).collect();
                clause(
                    vec![con_pat(
                        &Name {
                            span,
                            ..c.name.clone()
                        },
                        args,
                        span,
                    )],
                    int_lit(i as i128, span),
                    span,
                )
            })
            .collect();
        vec![sig, fun_bind(Name::new(tag, span), clauses, span)]
    }
}

fn call_local(f: &str, x: &str, span: Span) -> Expr {
    super::super::names::app(var(f, span), var(x, span))
}

/// `case compare x1 y1 of { LT -> LT; EQ -> <rest>; GT -> GT }`, ending with
/// `compare xn yn`; `EQ` for no fields.
fn lexicographic(xs: &[Expr], ys: &[Expr], span: Span) -> Expr {
    let mut pairs = xs.iter().zip(ys).rev();
    let Some((x, y)) = pairs.next() else {
        return lib_con(con::EQ, span);
    };
    let mut acc = call(lib::COMPARE, [x.clone(), y.clone()], span);
    for (x, y) in pairs {
        let cmp = call(lib::COMPARE, [x.clone(), y.clone()], span);
        acc = case_of(
            cmp,
            vec![
                (lib_con_pat(con::LT, span), lib_con(con::LT, span)),
                (lib_con_pat(con::EQ, span), acc),
                (lib_con_pat(con::GT, span), lib_con(con::GT, span)),
            ],
            span,
        );
    }
    acc
}
