//! List comprehensions, translated without `concatMap` or `foldr`/`build`
//! into local recursive functions (Wadler's translation, as in GHC without
//! optimisation and in the SPJ book, chapter 7). Each generator becomes one
//! loop and no intermediate list is built. `TQ[[e | Q] ++ L]` builds the
//! list of `[e | Q]` followed by the list `L`:
//!
//! ```text
//! [e | Q]                   = TQ[[e | Q] ++ []]
//! TQ[[e | ] ++ L]           = e : L
//! TQ[[e | b, Q] ++ L]       = case b of { True -> TQ[[e | Q] ++ L]; False -> L }
//! TQ[[e | let ds, Q] ++ L]  = let ds in TQ[[e | Q] ++ L]
//! TQ[[e | p <- l, Q] ++ L]  = let h []       = L
//!                                 h (p : us) = TQ[[e | Q] ++ h us]
//!                                 h (_ : us) = h us      -- omitted if p is irrefutable
//!                             in h l
//! ```
//!
//! `L` is always `[]` or a call `h us`, so copying it into both branches of
//! a guard duplicates no work. A refutable generator pattern skips the
//! element, as the Report requires.

use std::collections::VecDeque;

use crate::diagnostics::Span;
use crate::syntax::ast::{Expr, Name, Stmt, StmtKind};

use super::Desugarer;
use super::names::{
    app, apps, clause, con, con_expr, con_pat, fun_bind, if_then_else, let_in, var, var_pat, wild,
};

impl Desugarer<'_> {
    pub(super) fn list_comp(&mut self, body: Expr, quals: Vec<Stmt>, span: Span) -> Expr {
        let nil = con_expr(&Name::new(con::NIL, span));
        self.comp(body, quals.into(), nil, span)
    }

    /// `TQ[[body | quals] ++ tail]`.
    fn comp(&mut self, body: Expr, mut quals: VecDeque<Stmt>, tail: Expr, span: Span) -> Expr {
        let Some(q) = quals.pop_front() else {
            return apps(
                con_expr(&Name::new(con::CONS, body.span)),
                [body, tail],
                span,
            );
        };
        let qspan = q.span;
        match q.kind {
            StmtKind::Expr(guard) => {
                let kept = self.comp(body, quals, tail.clone(), span);
                if_then_else(guard, kept, tail, qspan)
            }
            StmtKind::Let(decls) => {
                let rest = self.comp(body, quals, tail, span);
                let_in(decls, rest, qspan)
            }
            StmtKind::Bind(p, list) => {
                let h = self.fresh("go");
                let us = self.fresh("xs");
                let pspan = p.span;
                let recur = app(var(&h, qspan), var(&us, qspan));
                let skip = if self.is_irrefutable(&p) {
                    None
                } else {
                    Some(recur.clone())
                };
                let inner = self.comp(body, quals, recur, span);
                let cons_name = Name::new(con::CONS, pspan);
                let mut clauses = vec![
                    clause(
                        vec![con_pat(&Name::new(con::NIL, qspan), Vec::new(), qspan)],
                        tail,
                        qspan,
                    ),
                    clause(
                        vec![con_pat(&cons_name, vec![p, var_pat(&us, qspan)], pspan)],
                        inner,
                        qspan,
                    ),
                ];
                if let Some(skip) = skip {
                    clauses.push(clause(
                        vec![con_pat(
                            &cons_name,
                            vec![wild(pspan), var_pat(&us, qspan)],
                            pspan,
                        )],
                        skip,
                        qspan,
                    ));
                }
                let lspan = list.span;
                let_in(
                    vec![fun_bind(Name::new(h.clone(), qspan), clauses, qspan)],
                    app(var(&h, lspan), list),
                    qspan,
                )
            }
        }
    }
}
