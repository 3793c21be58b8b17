//! Match compilation: a sequence of (variable, pattern) pairs to nested
//! Core `case`s.
//!
//! Clauses are tried top to bottom and patterns left to right, exactly as
//! Haskell specifies: each clause is compiled on its own, with failure
//! jumping to a let-bound thunk holding the rest of the clauses
//! (Note [Backtracking match compilation]).

// Note [Backtracking match compilation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// `f p1 q1 = e1; f p2 q2 = e2` becomes
//
//     \a b -> let fail2 = patError "..." in
//             let fail1 = <match a p2, b q2 -> e2 else fail2> in
//             <match a p1, b q1 -> e1 else fail1>
//
// Every failure point refers to the variable of the next clause, so code is
// never duplicated; the thunk is only entered on failure. Scrutinising the
// same argument again in a later clause costs one evaluated `case` (a tag
// test), which is what a decision-tree compiler would save. Laziness is
// exact: a clause forces only what its patterns force, left to right, up to
// the first mismatch. Irrefutable patterns `~p` bind each variable to a
// selector thunk `case x of p -> v`; bang patterns add a `case` with only a
// default alternative; newtype constructor patterns match their field
// against the same variable without evaluating it.

use super::Lowerer;
use crate::core::{Alt, AltCon, Expr, Lit, Rep, Var};
use crate::rename::ir::{Literal, Pat};
use crate::typecheck::types::tc;

/// The continuation producing the success expression.
pub type Success<'k> = dyn FnMut(&mut Lowerer<'_>) -> Expr + 'k;

impl Lowerer<'_> {
    /// Matches each variable against its pattern, in order; on success the
    /// pattern variables are bound (in `env`) and `k` builds the result; on
    /// failure the result is `fail`, which must be an atom.
    pub fn match_list(&mut self, items: &[(Var, &Pat)], k: &mut Success<'_>, fail: &Expr) -> Expr {
        let Some(((x, p), rest)) = items.split_first() else {
            return k(self);
        };
        match p {
            Pat::Var(b) => {
                self.env.insert(b.id, x.clone());
                self.match_list(rest, k, fail)
            }
            Pat::Wild(_) => self.match_list(rest, k, fail),
            Pat::As(b, inner) => {
                self.env.insert(b.id, x.clone());
                let mut items2 = vec![(x.clone(), &**inner)];
                items2.extend(rest.iter().cloned());
                self.match_list(&items2, k, fail)
            }
            Pat::Typed(inner, _, _) => {
                let mut items2 = vec![(x.clone(), &**inner)];
                items2.extend(rest.iter().cloned());
                self.match_list(&items2, k, fail)
            }
            Pat::Bang(inner, _) => {
                let b = self.fresh(&x.name, Rep::Ptr);
                let mut items2 = vec![(b.clone(), &**inner)];
                items2.extend(rest.iter().cloned());
                let body = self.match_list(&items2, k, fail);
                Expr::Case(
                    Box::new(Expr::Var(x.clone())),
                    b,
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: body,
                    }],
                )
            }
            Pat::Lazy(inner, span) => {
                let mut vs = Vec::new();
                inner.binders(&mut vs);
                let mut binds = Vec::new();
                let outers: Vec<Var> = vs.iter().map(|v| self.fresh(&v.name, Rep::Ptr)).collect();
                for (v, outer) in vs.iter().zip(&outers) {
                    let outer = outer.clone();
                    let irrefutable = self.pat_error(*span, "Irrefutable pattern failed");
                    let (fb, f) = self.atomize(irrefutable, "fail");
                    let id = v.id;
                    let items1 = [(x.clone(), &**inner)];
                    let sel = self.match_list(
                        &items1,
                        &mut |l| {
                            Expr::Var(l.env.get(&id).cloned().unwrap_or_else(|| outer.clone()))
                        },
                        &f,
                    );
                    binds.push((v.id, outer, super::wrap_let(fb, sel)));
                }
                for (id, outer, _) in &binds {
                    self.env.insert(*id, outer.clone());
                }
                let mut body = self.match_list(rest, k, fail);
                for (_, outer, sel) in binds.into_iter().rev() {
                    body = Expr::Let(
                        Box::new(crate::core::Bind::NonRec(outer, sel)),
                        Box::new(body),
                    );
                }
                body
            }
            Pat::Con(name, args, _, span) => {
                let Some(info) = self.c.g.cons.get(name).cloned() else {
                    self.error(*span, format!("internal error: unknown constructor {name}"));
                    return fail.clone();
                };
                if info.newtype {
                    let mut items2: Vec<(Var, &Pat)> =
                        args.iter().map(|a| (x.clone(), a)).collect();
                    items2.extend(rest.iter().cloned());
                    return self.match_list(&items2, k, fail);
                }
                let id = self.con_id(name, *span);
                let reps = self
                    .cons
                    .get(id.0 as usize)
                    .map(|d| d.fields.clone())
                    .unwrap_or_default();
                let fields: Vec<Var> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let rep = reps.get(i).copied().unwrap_or(Rep::Ptr);
                        match a {
                            Pat::Var(b) => self.fresh(&b.name, rep),
                            _ => self.fresh("field", rep),
                        }
                    })
                    .collect();
                let mut items2: Vec<(Var, &Pat)> =
                    fields.iter().cloned().zip(args.iter()).collect();
                items2.extend(rest.iter().cloned());
                let body = self.match_list(&items2, k, fail);
                let b = self.fresh(&x.name, Rep::Ptr);
                let mut alts = vec![Alt {
                    con: AltCon::Con(id),
                    binders: fields,
                    rhs: body,
                }];
                if info.family_size > 1 {
                    alts.push(Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: fail.clone(),
                    });
                }
                Expr::Case(Box::new(Expr::Var(x.clone())), b, alts)
            }
            Pat::Lit(lit, occ, span) => {
                let ok = |l: &mut Lowerer<'_>, k: &mut Success<'_>| l.match_list(rest, k, fail);
                match lit {
                    Literal::Char(c) => self.unboxed_lit_match(
                        x,
                        tc::C_HASH,
                        Rep::Int,
                        Lit::Char(*c as u32),
                        *span,
                        k,
                        rest,
                        fail,
                    ),
                    Literal::String(s) => {
                        // A string pattern is a list of character patterns.
                        let mut pat = Pat::Con(tc::NIL.into(), vec![], *occ, *span);
                        for c in s.chars().rev() {
                            pat = Pat::Con(
                                tc::CONS.into(),
                                vec![Pat::Lit(Literal::Char(c), *occ, *span), pat],
                                *occ,
                                *span,
                            );
                        }
                        let mut items2 = vec![(x.clone(), &pat)];
                        items2.extend(rest.iter().cloned());
                        self.match_list(&items2, k, fail)
                    }
                    Literal::Int(n) => {
                        let ty = self.lit_type(*occ);
                        match ty.as_ref().and_then(|t| t.head_con()) {
                            Some(tc::INT) => self.unboxed_lit_match(
                                x,
                                tc::I_HASH,
                                Rep::Int,
                                Lit::Int(*n as i64),
                                *span,
                                k,
                                rest,
                                fail,
                            ),
                            _ => {
                                let lit_e = self.expr(&crate::rename::ir::Expr::Lit(
                                    lit.clone(),
                                    *occ,
                                    *span,
                                ));
                                self.eq_match(x, lit_e, *occ, *span, &mut |l| ok(l, k), fail)
                            }
                        }
                    }
                    Literal::Frac(..) | Literal::BigInt(_) => {
                        let lit_e =
                            self.expr(&crate::rename::ir::Expr::Lit(lit.clone(), *occ, *span));
                        self.eq_match(x, lit_e, *occ, *span, &mut |l| ok(l, k), fail)
                    }
                }
            }
        }
    }

    /// `case x of Box# y -> case y of lit -> ok; _ -> fail`.
    #[allow(clippy::too_many_arguments)]
    fn unboxed_lit_match(
        &mut self,
        x: &Var,
        box_con: &str,
        rep: Rep,
        lit: Lit,
        span: crate::diagnostics::Span,
        k: &mut Success<'_>,
        rest: &[(Var, &Pat)],
        fail: &Expr,
    ) -> Expr {
        let id = self.con_id(box_con, span);
        let y = self.fresh("u", rep);
        let ok = self.match_list(rest, k, fail);
        let b = self.fresh("b", Rep::Ptr);
        let yb = self.fresh("ub", rep);
        let inner = Expr::Case(
            Box::new(Expr::Var(y.clone())),
            yb,
            vec![
                Alt {
                    con: AltCon::Lit(lit),
                    binders: vec![],
                    rhs: ok,
                },
                Alt {
                    con: AltCon::Default,
                    binders: vec![],
                    rhs: fail.clone(),
                },
            ],
        );
        Expr::Case(
            Box::new(Expr::Var(x.clone())),
            b,
            vec![Alt {
                con: AltCon::Con(id),
                binders: vec![y],
                rhs: inner,
            }],
        )
    }

    /// `case (==) dEq x lit of True -> ok; _ -> fail`.
    fn eq_match(
        &mut self,
        x: &Var,
        lit: Expr,
        occ: crate::rename::ir::OccId,
        span: crate::diagnostics::Span,
        ok: &mut Success<'_>,
        fail: &Expr,
    ) -> Expr {
        let dicts = self.lit_dicts(occ, span);
        let eq_name = self.wired.eq.clone();
        let eq = self.global(&eq_name, span);
        let mut args: Vec<Expr> = dicts.into_iter().take(1).collect();
        args.push(Expr::Var(x.clone()));
        args.push(lit);
        let test = Expr::App(Box::new(eq), args);
        let body = ok(self);
        let t = self.wired.true_con.clone();
        let tid = self.con_id(&t, span);
        let b = self.fresh("eq", Rep::Ptr);
        Expr::Case(
            Box::new(test),
            b,
            vec![
                Alt {
                    con: AltCon::Con(tid),
                    binders: vec![],
                    rhs: body,
                },
                Alt {
                    con: AltCon::Default,
                    binders: vec![],
                    rhs: fail.clone(),
                },
            ],
        )
    }
}
