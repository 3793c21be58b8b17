//! Inference for expressions, right-hand sides and guards.

use super::state::{Checker, LocalType, Wanted};
use super::types::{Type, tc};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Span;
use crate::rename::ir::{Expr, Guard, Literal, OccId, Rhs, SigType, VarRef};

impl Checker {
    pub fn bool_type(&self) -> Type {
        Type::Con(self.g_bool.clone())
    }

    pub fn check_expr(&mut self, e: &Expr, expected: &Type) {
        let t = self.infer_expr(e);
        self.unify_at(expected, &t, e.span());
    }

    pub fn infer_expr(&mut self, e: &Expr) -> Type {
        match e {
            Expr::Var(r, occ, span) => self.infer_var(r, *occ, *span),
            Expr::Con(name, _, span) => match self.g.cons.get(name).map(|c| c.scheme.clone()) {
                Some(s) => self.instantiate(&s, *span, "a constructor").0,
                None => {
                    self.error(Diagnostic::error(
                        *span,
                        format!("Data constructor not in scope: {}", super::short_name(name)),
                    ));
                    self.fresh()
                }
            },
            Expr::Lit(lit, occ, span) => self.infer_lit_expr(lit, *occ, *span),
            Expr::App(f, a, _) => {
                let tf = self.infer_expr(f);
                let (param, result) = self.split_fun(&tf, f.span());
                self.check_expr(a, &param);
                result
            }
            Expr::Lam(pats, body, _) => {
                let mut params = Vec::new();
                for p in pats {
                    let t = self.fresh();
                    self.infer_pat(p, &t);
                    params.push(t);
                }
                let r = self.infer_expr(body);
                Type::funs(params, r)
            }
            Expr::Let(binds, body, _) => {
                self.infer_binds(binds, false);
                self.infer_expr(body)
            }
            Expr::Case(scrut, alts, _) => {
                let ts = self.infer_expr(scrut);
                let r = self.fresh();
                for alt in alts {
                    self.infer_pat(&alt.pat, &ts);
                    self.infer_rhs(&alt.rhs, &r);
                }
                r
            }
            Expr::Typed(inner, sig, span) => self.infer_annotated(inner, sig, *span),
        }
    }

    /// `f`'s type as `param -> result`, unifying with a fresh function type
    /// if needed.
    pub fn split_fun(&mut self, tf: &Type, span: Span) -> (Type, Type) {
        let tf = self.metas.shallow(tf);
        if let Some((a, b)) = tf.as_fun() {
            return (a.clone(), b.clone());
        }
        let a = self.fresh();
        let b = self.fresh();
        self.unify_at(&Type::fun(a.clone(), b.clone()), &tf, span);
        (a, b)
    }

    fn infer_var(&mut self, r: &VarRef, occ: OccId, span: Span) -> Type {
        let shown = |n: &str| super::short_name(n).to_string();
        match r {
            VarRef::Global(name) => {
                if let Some((t, g)) = self.top_mono.get(name).cloned() {
                    self.elab.occ_mono.insert(occ, g);
                    return t;
                }
                match self.g.values.get(name).cloned() {
                    Some(s) => {
                        let (t, dicts) =
                            self.instantiate(&s, span, &format!("a use of ‘{}’", shown(name)));
                        if !dicts.is_empty() {
                            self.elab.occ_dicts.insert(occ, dicts);
                        }
                        t
                    }
                    None => {
                        self.error(Diagnostic::error(
                            span,
                            format!("Variable not in scope: {}", shown(name)),
                        ));
                        self.fresh()
                    }
                }
            }
            VarRef::Local(id) => match self.locals.get(id).cloned() {
                Some(LocalType::Mono(t, g)) => {
                    if let Some(g) = g {
                        self.elab.occ_mono.insert(occ, g);
                    }
                    t
                }
                Some(LocalType::Poly(s)) => {
                    let (t, dicts) = self.instantiate(&s, span, "a use of a local binding");
                    if !dicts.is_empty() {
                        self.elab.occ_dicts.insert(occ, dicts);
                    }
                    t
                }
                None => {
                    self.error(Diagnostic::error(
                        span,
                        "internal error: unbound local variable",
                    ));
                    self.fresh()
                }
            },
        }
    }

    /// A literal needing a class: records its type and dictionaries.
    pub fn overloaded_literal(
        &mut self,
        classes: &[&str],
        occ: OccId,
        span: Span,
        shown: String,
    ) -> Type {
        let t = self.fresh();
        let mut dicts = Vec::new();
        for class in classes {
            let qualified = self.class_name(class);
            let hole = self.new_hole();
            self.wanted.push(Wanted {
                pred: super::types::Pred {
                    class: qualified,
                    ty: t.clone(),
                },
                hole,
                span,
                origin: format!("the literal ‘{shown}’"),
            });
            dicts.push(super::state::DictExpr::Hole(hole));
        }
        self.elab.lit_types.insert(occ, t.clone());
        self.elab.lit_dicts.insert(occ, dicts);
        t
    }

    fn infer_lit_expr(&mut self, lit: &Literal, occ: OccId, span: Span) -> Type {
        match lit {
            Literal::Int(n) => self.overloaded_literal(&["Num"], occ, span, n.to_string()),
            Literal::BigInt(n) => self.overloaded_literal(&["Num"], occ, span, n.clone()),
            Literal::Frac(x, _) => {
                self.overloaded_literal(&["Fractional"], occ, span, x.to_string())
            }
            Literal::Char(_) => Type::con(tc::CHAR),
            Literal::String(_) => Type::list(Type::con(tc::CHAR)),
        }
    }

    pub fn infer_rhs(&mut self, rhs: &Rhs, expected: &Type) {
        self.infer_binds(&rhs.wheres, false);
        for (guards, e) in &rhs.guarded {
            for g in guards {
                self.infer_guard(g);
            }
            self.check_expr(e, expected);
        }
    }

    pub fn infer_guard(&mut self, g: &Guard) {
        match g {
            Guard::Bool(e) => {
                let b = self.bool_type();
                self.check_expr(e, &b);
            }
            Guard::Pat(p, e) => {
                let t = self.infer_expr(e);
                self.infer_pat(p, &t);
            }
            Guard::Let(binds) => self.infer_binds(binds, false),
        }
    }

    /// `e :: sig`. Signatures without a context are supported, polymorphic
    /// or not.
    fn infer_annotated(&mut self, e: &Expr, sig: &SigType, span: Span) -> Type {
        if !sig.context.is_empty() {
            self.error(Diagnostic::error(span, "Expression type signatures with a context are not supported; use a let-bound signature"));
            return self.infer_expr(e);
        }
        // Check against a rigid version, then give the expression a fresh
        // instance of the annotation.
        self.level += 1;
        let rigid = self.convert_sig_type(&sig.ty, true);
        self.check_expr(e, &rigid);
        self.level -= 1;
        self.convert_sig_type(&sig.ty, false)
    }

    /// Converts a type, its variables becoming skolems (`rigid`) or fresh
    /// unification variables.
    pub fn convert_sig_type(&mut self, t: &crate::rename::ir::SType, rigid: bool) -> Type {
        let mut names = Vec::new();
        super::env::stype_vars(t, &mut names);
        let mut vars: Vec<(String, Type)> = names
            .iter()
            .map(|n| (n.clone(), if rigid { self.skolem(n) } else { self.fresh() }))
            .collect();
        let conv = super::env::TypeConv {
            globals: &self.g,
            vars: &mut vars,
            on_new_var: None,
        }
        .convert(t);
        match conv {
            Ok(t) => t,
            Err(d) => {
                self.error(d);
                self.fresh()
            }
        }
    }

    /// The qualified name of a standard class (`Num` -> `Prelude.Num`).
    pub fn class_name(&self, short: &str) -> String {
        self.wired_classes
            .get(short)
            .cloned()
            .unwrap_or_else(|| short.to_string())
    }
}
