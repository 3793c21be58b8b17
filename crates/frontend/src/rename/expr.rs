//! Renaming of expressions, patterns, local bindings and types within one
//! module: resolves names through the local scopes and the module scope,
//! gives every binder a unique id, and removes the little syntax that is
//! left after desugaring (tuples, lists, `if`, operators, sections).

use std::collections::HashMap;

use super::ir::{self, Binder, NameId, OccId, SType, VarRef};
use super::scope::{Ns, Table};
use crate::diagnostics::{Diagnostic, Span};
use crate::syntax::ast::{self, DeclKind, ExprKind, Literal, PatKind, StmtKind, TypeKind};
use crate::typecheck::types::tc;

use crate::desugar::names::BUILTIN_QUALIFIER;

/// Fresh ids for a whole compilation.
#[derive(Debug, Default)]
pub struct Supply {
    pub next_name: u32,
    pub next_occ: u32,
}

impl Supply {
    pub fn name(&mut self) -> NameId {
        self.next_name += 1;
        NameId(self.next_name)
    }
    pub fn occ(&mut self) -> OccId {
        self.next_occ += 1;
        OccId(self.next_occ)
    }
}

/// The renaming context of one module.
pub struct ModCtx<'a> {
    pub module: String,
    pub own: &'a Table,
    pub scope: &'a Table,
    /// Tables of imported modules by qualifier (module name or `as` alias).
    pub qualified: &'a HashMap<String, Table>,
    /// Every library top-level entity, for generated references.
    pub builtin: &'a Table,
    /// Field names of each constructor (qualified constructor name), `""`
    /// for positional fields.
    pub fields: &'a HashMap<String, Vec<String>>,
    /// Local scopes, innermost last: source name -> (id, name).
    pub locals: Vec<HashMap<String, (NameId, String)>>,
    pub supply: &'a mut Supply,
    pub errors: Vec<Diagnostic>,
    /// Set for the user's module: see Note [Located errors] in `super`.
    pub call_sites: Option<&'a super::CallSites<'a>>,
}

fn is_special_con(s: &str) -> bool {
    s == "()" || s == "[]" || s == ":" || tc::is_tuple(s)
}

/// The built-in qualified name of special syntax (`:` -> `GHC.Types.:`).
fn special_name(s: &str) -> String {
    match s {
        "()" => tc::UNIT.to_string(),
        "[]" => tc::NIL.to_string(),
        ":" => tc::CONS.to_string(),
        "->" => tc::ARROW.to_string(),
        _ => tc::tuple(tc::tuple_arity(s)),
    }
}

impl ModCtx<'_> {
    fn err(&mut self, span: Span, msg: impl Into<String>) {
        self.errors.push(Diagnostic::error(span, msg));
    }

    /// Resolves a top-level name in a namespace.
    pub fn resolve_global(&mut self, ns: Ns, n: &ast::Name) -> Option<String> {
        if let Some(q) = &n.qual {
            let table = if q == BUILTIN_QUALIFIER {
                Some(self.builtin)
            } else {
                self.qualified.get(q)
            };
            let found = table
                .map(|t| t.get(ns, &n.name).to_vec())
                .unwrap_or_default();
            return match found.len() {
                0 => {
                    self.not_in_scope(ns, n);
                    None
                }
                1 => Some(found[0].clone()),
                _ if q == BUILTIN_QUALIFIER => Some(found[0].clone()),
                _ => {
                    self.ambiguous(n, &found);
                    None
                }
            };
        }
        if ns == Ns::Value && is_special_con(&n.name)
            || ns == Ns::Type && (is_special_con(&n.name) || n.name == "->")
        {
            return Some(special_name(&n.name));
        }
        let own = self.own.get(ns, &n.name);
        if own.len() == 1 {
            return Some(own[0].clone());
        }
        let found = self.scope.get(ns, &n.name).to_vec();
        match found.len() {
            0 => {
                self.not_in_scope(ns, n);
                None
            }
            1 => Some(found[0].clone()),
            _ => {
                self.ambiguous(n, &found);
                None
            }
        }
    }

    fn not_in_scope(&mut self, ns: Ns, n: &ast::Name) {
        let what = match ns {
            Ns::Value if n.is_con() => "Data constructor not in scope",
            Ns::Value => "Variable not in scope",
            Ns::Type if n.name.chars().next().is_some_and(|c| c.is_uppercase()) => {
                "Not in scope: type constructor or class"
            }
            Ns::Type => "Not in scope: type variable",
        };
        let shown = if n.qual.as_deref() == Some(BUILTIN_QUALIFIER) {
            n.name.clone()
        } else {
            n.display()
        };
        let shown = if ns == Ns::Type {
            format!("‘{shown}’")
        } else {
            shown
        };
        self.err(n.span, format!("{what}: {shown}"));
    }

    fn ambiguous(&mut self, n: &ast::Name, found: &[String]) {
        let list: Vec<String> = found.iter().map(|q| format!("‘{q}’")).collect();
        self.err(
            n.span,
            format!(
                "Ambiguous occurrence ‘{}’\nIt could refer to {}",
                n.display(),
                list.join(" or ")
            ),
        );
    }

    fn lookup_local(&self, n: &ast::Name) -> Option<NameId> {
        if n.qual.is_some() {
            return None;
        }
        self.locals
            .iter()
            .rev()
            .find_map(|f| f.get(&n.name).map(|(id, _)| *id))
    }

    pub fn var(&mut self, n: &ast::Name) -> ir::Expr {
        let occ = self.supply.occ();
        if let Some(id) = self.lookup_local(n) {
            return ir::Expr::Var(VarRef::Local(id), occ, n.span);
        }
        let q = self
            .resolve_global(Ns::Value, n)
            .unwrap_or_else(|| n.name.clone());
        if let Some(located) = self.located_error(&q, n.span) {
            return located;
        }
        ir::Expr::Var(VarRef::Global(q), occ, n.span)
    }

    /// `errorAt "<call site>"` for an occurrence of `error` (and likewise
    /// `undefined`) in the user's module; see Note [Located errors].
    fn located_error(&mut self, q: &str, span: Span) -> Option<ir::Expr> {
        let sites = self.call_sites?;
        let (_, located) = sites.rewrites.iter().find(|(plain, _)| plain == q)?;
        let place = if sites.file.id == span.file {
            let (line, col) = sites.file.line_col(span.start);
            format!("{}:{line}:{col}", sites.file.name)
        } else {
            "<unknown>".to_string()
        };
        let site = format!("{place} in main:{}", self.module);
        let f = ir::Expr::Var(VarRef::Global(located.clone()), self.supply.occ(), span);
        let arg = ir::Expr::Lit(ir::Literal::String(site), self.supply.occ(), span);
        Some(ir::Expr::App(Box::new(f), Box::new(arg), span))
    }

    pub fn con(&mut self, n: &ast::Name) -> ir::Expr {
        let occ = self.supply.occ();
        let q = self
            .resolve_global(Ns::Value, n)
            .unwrap_or_else(|| n.name.clone());
        ir::Expr::Con(q, occ, n.span)
    }

    fn builtin_var(&mut self, name: &str, span: Span) -> ir::Expr {
        self.var(&ast::Name::qualified(BUILTIN_QUALIFIER, name, span))
    }

    fn builtin_con(&mut self, name: &str, span: Span) -> String {
        self.resolve_global(
            Ns::Value,
            &ast::Name::qualified(BUILTIN_QUALIFIER, name, span),
        )
        .unwrap_or_else(|| name.to_string())
    }

    /// A new binder in the innermost local frame.
    pub fn bind_local(&mut self, n: &ast::Name) -> Binder {
        let id = self.supply.name();
        if let Some(frame) = self.locals.last_mut() {
            frame.insert(n.name.clone(), (id, n.name.clone()));
        }
        Binder {
            id,
            name: n.name.clone(),
            span: n.span,
        }
    }

    fn app(f: ir::Expr, a: ir::Expr) -> ir::Expr {
        let span = f.span().to(a.span());
        ir::Expr::App(Box::new(f), Box::new(a), span)
    }

    fn literal(&mut self, l: &Literal, negated: bool) -> ir::Literal {
        match l {
            Literal::Integer(i) => match i.value {
                Some(v) => ir::Literal::Int(if negated { -v } else { v }),
                None => ir::Literal::BigInt(if negated {
                    format!("-{}", i.decimal)
                } else {
                    i.decimal.clone()
                }),
            },
            Literal::Frac(f) => {
                let value = if negated { -f.value } else { f.value };
                let exact = super::frac::exact_decimal(&f.text, negated).unwrap_or_else(|| {
                    let (num, den) = crate::typecheck::lower::expr::exact_ratio(value);
                    ir::ExactFrac { num, den }
                });
                ir::Literal::Frac(value, exact)
            }
            Literal::Char(c) => ir::Literal::Char(*c),
            Literal::String(s) => ir::Literal::String(s.clone()),
        }
    }

    pub fn expr(&mut self, e: &ast::Expr) -> ir::Expr {
        let span = e.span;
        match &e.kind {
            ExprKind::Var(n) => self.var(n),
            ExprKind::Con(n) => self.con(n),
            ExprKind::Lit(l) => {
                let lit = self.literal(l, false);
                ir::Expr::Lit(lit, self.supply.occ(), span)
            }
            ExprKind::App(f, a) => {
                let f = self.expr(f);
                let a = self.expr(a);
                ir::Expr::App(Box::new(f), Box::new(a), span)
            }
            ExprKind::BinOp(l, op, r) => {
                let f = if op.is_con() {
                    self.con(&op.name)
                } else {
                    self.var(&op.name)
                };
                let l = self.expr(l);
                let r = self.expr(r);
                Self::app(Self::app(f, l), r)
            }
            ExprKind::Neg(inner) => match &inner.kind {
                ExprKind::Lit(l @ (Literal::Integer(_) | Literal::Frac(_))) => {
                    let lit = self.literal(l, true);
                    ir::Expr::Lit(lit, self.supply.occ(), span)
                }
                _ => {
                    let f = self.builtin_var("negate", span);
                    let a = self.expr(inner);
                    Self::app(f, a)
                }
            },
            ExprKind::LeftSection(l, op) => {
                let f = if op.is_con() {
                    self.con(&op.name)
                } else {
                    self.var(&op.name)
                };
                let l = self.expr(l);
                Self::app(f, l)
            }
            ExprKind::RightSection(op, r) => {
                let f = if op.is_con() {
                    self.con(&op.name)
                } else {
                    self.var(&op.name)
                };
                let r = self.expr(r);
                let id = self.supply.name();
                let x = Binder {
                    id,
                    name: "x".into(),
                    span,
                };
                let xv = ir::Expr::Var(VarRef::Local(id), self.supply.occ(), span);
                ir::Expr::Lam(
                    vec![ir::Pat::Var(x)],
                    Box::new(Self::app(Self::app(f, xv), r)),
                    span,
                )
            }
            ExprKind::Lambda(ps, body) => {
                self.locals.push(HashMap::new());
                let ps = self.pats(ps);
                let body = self.expr(body);
                self.locals.pop();
                ir::Expr::Lam(ps, Box::new(body), span)
            }
            ExprKind::Let(decls, body) => {
                self.locals.push(HashMap::new());
                let binds = self.local_binds(decls);
                let body = self.expr(body);
                self.locals.pop();
                ir::Expr::Let(binds, Box::new(body), span)
            }
            ExprKind::If(c, t, f) => {
                let c = self.expr(c);
                let t = self.expr(t);
                let f = self.expr(f);
                let tc = self.builtin_con("True", span);
                let fc = self.builtin_con("False", span);
                let alt = |name: String, occ: OccId, body: ir::Expr| ir::Alt {
                    pat: ir::Pat::Con(name, Vec::new(), occ, span),
                    rhs: ir::Rhs {
                        guarded: vec![(Vec::new(), body)],
                        wheres: Vec::new(),
                        span,
                    },
                };
                let (o1, o2) = (self.supply.occ(), self.supply.occ());
                ir::Expr::Case(Box::new(c), vec![alt(tc, o1, t), alt(fc, o2, f)], span)
            }
            ExprKind::Case(scrut, alts) => {
                let s = self.expr(scrut);
                let alts = alts
                    .iter()
                    .map(|a| {
                        self.locals.push(HashMap::new());
                        let pat = self.pat(&a.pat);
                        let rhs = self.rhs(&a.rhs);
                        self.locals.pop();
                        ir::Alt { pat, rhs }
                    })
                    .collect();
                ir::Expr::Case(Box::new(s), alts, span)
            }
            ExprKind::Tuple(es) => {
                let occ = self.supply.occ();
                let mut f = ir::Expr::Con(tc::tuple(es.len()), occ, span);
                for e in es {
                    let a = self.expr(e);
                    f = Self::app(f, a);
                }
                f
            }
            ExprKind::List(es) => {
                let mut acc = ir::Expr::Con(tc::NIL.into(), self.supply.occ(), span);
                for e in es.iter().rev() {
                    let x = self.expr(e);
                    let cons = ir::Expr::Con(tc::CONS.into(), self.supply.occ(), e.span);
                    acc = ir::Expr::App(Box::new(Self::app(cons, x)), Box::new(acc), span);
                }
                acc
            }
            ExprKind::Typed(inner, qt) => {
                let inner = self.expr(inner);
                let sig = self.sig_type(qt);
                ir::Expr::Typed(Box::new(inner), sig, span)
            }
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::OpSeq(_)
            | ExprKind::Do(_)
            | ExprKind::ListComp(..)
            | ExprKind::ArithSeq { .. }
            | ExprKind::RecordCon(..)
            | ExprKind::RecordUpdate(..) => {
                self.err(
                    span,
                    "internal error: this syntax should have been desugared before renaming",
                );
                ir::Expr::Con(tc::UNIT.into(), self.supply.occ(), span)
            }
        }
    }

    pub fn pats(&mut self, ps: &[ast::Pat]) -> Vec<ir::Pat> {
        ps.iter().map(|p| self.pat(p)).collect()
    }

    /// Renames a pattern, binding its variables in the innermost frame.
    pub fn pat(&mut self, p: &ast::Pat) -> ir::Pat {
        let span = p.span;
        match &p.kind {
            PatKind::Var(n) => ir::Pat::Var(self.bind_local(n)),
            PatKind::Wildcard => ir::Pat::Wild(span),
            PatKind::Lit { lit, negated } => {
                let l = self.literal(lit, *negated);
                ir::Pat::Lit(l, self.supply.occ(), span)
            }
            PatKind::Con(n, ps) => {
                let q = self
                    .resolve_global(Ns::Value, n)
                    .unwrap_or_else(|| n.name.clone());
                let ps = self.pats(ps);
                ir::Pat::Con(q, ps, self.supply.occ(), span)
            }
            PatKind::Record(n, fps) => {
                let q = self
                    .resolve_global(Ns::Value, n)
                    .unwrap_or_else(|| n.name.clone());
                let fields = self.fields.get(&q).cloned().unwrap_or_default();
                let mut args: Vec<ir::Pat> =
                    (0..fields.len()).map(|_| ir::Pat::Wild(span)).collect();
                for fp in fps {
                    match fields
                        .iter()
                        .position(|f| !f.is_empty() && *f == fp.field.name)
                    {
                        Some(i) => args[i] = self.pat(&fp.pat),
                        None => self.err(
                            fp.span,
                            format!(
                                "Constructor ‘{}’ does not have field ‘{}’",
                                n.name, fp.field.name
                            ),
                        ),
                    }
                }
                ir::Pat::Con(q, args, self.supply.occ(), span)
            }
            PatKind::Tuple(ps) => {
                let ps = self.pats(ps);
                ir::Pat::Con(tc::tuple(ps.len()), ps, self.supply.occ(), span)
            }
            PatKind::List(ps) => {
                let ps = self.pats(ps);
                let mut acc = ir::Pat::Con(tc::NIL.into(), Vec::new(), self.supply.occ(), span);
                for p in ps.into_iter().rev() {
                    acc = ir::Pat::Con(tc::CONS.into(), vec![p, acc], self.supply.occ(), span);
                }
                acc
            }
            PatKind::As(n, inner) => {
                let b = self.bind_local(n);
                let inner = self.pat(inner);
                ir::Pat::As(b, Box::new(inner))
            }
            PatKind::Lazy(inner) => ir::Pat::Lazy(Box::new(self.pat(inner)), span),
            PatKind::Bang(inner) => ir::Pat::Bang(Box::new(self.pat(inner)), span),
            PatKind::Paren(inner) => self.pat(inner),
            PatKind::OpSeq(_) => {
                self.err(span, "internal error: unresolved operator pattern");
                ir::Pat::Wild(span)
            }
        }
    }

    pub fn rhs(&mut self, r: &ast::Rhs) -> ir::Rhs {
        self.locals.push(HashMap::new());
        let wheres = self.local_binds(&r.wheres);
        let guarded = match &r.body {
            ast::RhsBody::Plain(e) => vec![(Vec::new(), self.expr(e))],
            ast::RhsBody::Guarded(gs) => gs
                .iter()
                .map(|g| {
                    self.locals.push(HashMap::new());
                    let guards = g.guards.iter().map(|s| self.guard(s)).collect();
                    let body = self.expr(&g.body);
                    self.locals.pop();
                    (guards, body)
                })
                .collect(),
        };
        self.locals.pop();
        ir::Rhs {
            guarded,
            wheres,
            span: r.span,
        }
    }

    fn guard(&mut self, s: &ast::Stmt) -> ir::Guard {
        match &s.kind {
            StmtKind::Expr(e) => ir::Guard::Bool(self.expr(e)),
            StmtKind::Bind(p, e) => {
                let e = self.expr(e);
                let p = self.pat(p);
                ir::Guard::Pat(p, e)
            }
            StmtKind::Let(decls) => ir::Guard::Let(self.local_binds(decls)),
        }
    }

    /// Renames `let`/`where` declarations; binds their names in the current
    /// (innermost) frame first, since they are recursive.
    pub fn local_binds(&mut self, decls: &[ast::Decl]) -> Vec<ir::Bind> {
        let mut binders: HashMap<String, Binder> = HashMap::new();
        for d in decls {
            let names: Vec<ast::Name> = match &d.kind {
                DeclKind::FunBind(f) => vec![f.name.clone()],
                DeclKind::PatBind(p, _) => {
                    let mut vs = Vec::new();
                    pat_var_names(p, &mut vs);
                    vs
                }
                _ => Vec::new(),
            };
            for n in names {
                if binders.contains_key(&n.name) {
                    self.err(n.span, format!("Conflicting definitions for ‘{}’", n.name));
                    continue;
                }
                let b = self.bind_local(&n);
                binders.insert(n.name.clone(), b);
            }
        }
        self.binds(decls, &|name| binders.get(name).cloned())
    }

    /// Renames bindings whose binders were created by `binder_of`.
    pub fn binds(
        &mut self,
        decls: &[ast::Decl],
        binder_of: &dyn Fn(&str) -> Option<Binder>,
    ) -> Vec<ir::Bind> {
        let mut sigs: HashMap<String, (ir::SigType, Span)> = HashMap::new();
        for d in decls {
            if let DeclKind::TypeSig(names, qt) = &d.kind {
                let sig = self.sig_type(qt);
                for n in names {
                    if sigs.contains_key(&n.name) {
                        self.err(
                            n.span,
                            format!("Duplicate type signatures for ‘{}’", n.name),
                        );
                    }
                    sigs.insert(n.name.clone(), (sig.clone(), n.span));
                }
            }
        }
        let mut out = Vec::new();
        let mut used_sigs = Vec::new();
        for d in decls {
            match &d.kind {
                DeclKind::FunBind(f) => {
                    let Some(name) = binder_of(&f.name.name) else {
                        continue;
                    };
                    let sig = sigs.get(&f.name.name).map(|(s, _)| s.clone());
                    used_sigs.push(f.name.name.clone());
                    let clauses = f
                        .matches
                        .iter()
                        .map(|m| {
                            self.locals.push(HashMap::new());
                            let pats = self.pats(&m.pats);
                            let rhs = self.rhs(&m.rhs);
                            self.locals.pop();
                            ir::Clause {
                                pats,
                                rhs,
                                span: m.span,
                            }
                        })
                        .collect();
                    out.push(ir::Bind::Fun {
                        name,
                        clauses,
                        sig,
                        span: d.span,
                    });
                }
                DeclKind::PatBind(p, rhs) => {
                    // The pattern's variables are already bound: re-use them.
                    let pat = self.pat_with_binders(p, binder_of);
                    let rhs = self.rhs(rhs);
                    let mut vs = Vec::new();
                    pat_var_names(p, &mut vs);
                    used_sigs.extend(vs.iter().map(|n| n.name.clone()));
                    out.push(ir::Bind::Pat {
                        pat,
                        rhs,
                        span: d.span,
                    });
                }
                _ => {}
            }
        }
        for (n, (_, span)) in &sigs {
            if !used_sigs.contains(n) {
                self.err(
                    *span,
                    format!("The type signature for ‘{n}’ lacks an accompanying binding"),
                );
            }
        }
        out
    }

    /// Renames a binding pattern whose variables are pre-bound.
    fn pat_with_binders(
        &mut self,
        p: &ast::Pat,
        binder_of: &dyn Fn(&str) -> Option<Binder>,
    ) -> ir::Pat {
        // Rename in a scratch frame, then substitute the pre-made binders.
        self.locals.push(HashMap::new());
        let renamed = self.pat(p);
        self.locals.pop();
        fn fix(p: ir::Pat, binder_of: &dyn Fn(&str) -> Option<Binder>) -> ir::Pat {
            match p {
                ir::Pat::Var(b) => ir::Pat::Var(binder_of(&b.name).unwrap_or(b)),
                ir::Pat::As(b, inner) => ir::Pat::As(
                    binder_of(&b.name).unwrap_or(b),
                    Box::new(fix(*inner, binder_of)),
                ),
                ir::Pat::Con(c, ps, o, s) => {
                    ir::Pat::Con(c, ps.into_iter().map(|p| fix(p, binder_of)).collect(), o, s)
                }
                ir::Pat::Lazy(inner, s) => ir::Pat::Lazy(Box::new(fix(*inner, binder_of)), s),
                ir::Pat::Bang(inner, s) => ir::Pat::Bang(Box::new(fix(*inner, binder_of)), s),
                ir::Pat::Typed(inner, t, s) => {
                    ir::Pat::Typed(Box::new(fix(*inner, binder_of)), t, s)
                }
                other => other,
            }
        }
        fix(renamed, binder_of)
    }

    pub fn sig_type(&mut self, qt: &ast::QualType) -> ir::SigType {
        let context = qt
            .context
            .iter()
            .filter_map(|p| {
                let c = self.resolve_global(Ns::Type, &p.class)?;
                Some((c, self.ty(&p.ty)))
            })
            .collect();
        ir::SigType {
            context,
            ty: self.ty(&qt.ty),
            span: qt.span,
        }
    }

    pub fn ty(&mut self, t: &ast::Type) -> SType {
        let span = t.span;
        match &t.kind {
            TypeKind::Var(n) => SType::Var(n.name.clone(), span),
            TypeKind::Con(n) => SType::Con(
                self.resolve_global(Ns::Type, n)
                    .unwrap_or_else(|| n.name.clone()),
                span,
            ),
            TypeKind::App(f, a) => SType::App(Box::new(self.ty(f)), Box::new(self.ty(a))),
            TypeKind::Fun(a, b) => SType::fun(self.ty(a), self.ty(b), span),
            TypeKind::List(a) => SType::App(
                Box::new(SType::Con(tc::LIST.into(), span)),
                Box::new(self.ty(a)),
            ),
            TypeKind::Tuple(ts) => {
                let mut acc = SType::Con(tc::tuple(ts.len()), span);
                for t in ts {
                    acc = SType::App(Box::new(acc), Box::new(self.ty(t)));
                }
                acc
            }
        }
    }
}

/// Variable names (with spans) bound by a pattern.
pub fn pat_var_names(p: &ast::Pat, out: &mut Vec<ast::Name>) {
    match &p.kind {
        PatKind::Var(n) => out.push(n.clone()),
        PatKind::Wildcard | PatKind::Lit { .. } => {}
        PatKind::Con(_, ps) | PatKind::Tuple(ps) | PatKind::List(ps) => {
            ps.iter().for_each(|p| pat_var_names(p, out))
        }
        PatKind::OpSeq(items) => items.iter().for_each(|i| {
            if let ast::PatOpItem::Operand(p) = i {
                pat_var_names(p, out)
            }
        }),
        PatKind::Record(_, fs) => fs.iter().for_each(|f| pat_var_names(&f.pat, out)),
        PatKind::As(n, p) => {
            out.push(n.clone());
            pat_var_names(p, out)
        }
        PatKind::Lazy(p) | PatKind::Bang(p) | PatKind::Paren(p) => pat_var_names(p, out),
    }
}
