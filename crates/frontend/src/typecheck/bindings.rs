//! Binding groups: dependency analysis into strongly connected components,
//! inference of implicitly typed groups with generalisation (and the
//! monomorphism restriction), and checking of bindings with signatures.

use std::collections::HashMap;

use super::state::{Checker, GroupId, LocalType, Wanted};
use super::types::{MetaId, Pred, Scheme, Type};
use crate::diagnostics::{Diagnostic, Span};
use crate::rename::ir::{Bind, Clause, Expr, Guard, NameId, Pat, Rhs, SigType, VarRef};

/// A binder as seen by dependency analysis: local by id, top-level by name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Local(NameId),
    Global(String),
}

impl Checker {
    /// Infers a list of bindings (a `let`, a `where`, or the top level).
    pub fn infer_binds(&mut self, binds: &[Bind], top: bool) {
        if binds.is_empty() {
            return;
        }
        let key_of = |id: NameId, name: &str| {
            if top {
                Key::Global(name.to_string())
            } else {
                Key::Local(id)
            }
        };
        // Signatures first: they make their binders known everywhere.
        let mut signed = Vec::new();
        let mut unsigned = Vec::new();
        for (i, b) in binds.iter().enumerate() {
            match b {
                Bind::Fun {
                    name,
                    sig: Some(sig),
                    ..
                } => {
                    let scheme = self.sig_scheme(sig);
                    if top {
                        self.g.values.insert(name.name.clone(), scheme.clone());
                    } else {
                        self.locals.insert(name.id, LocalType::Poly(scheme.clone()));
                    }
                    signed.push((i, scheme));
                }
                _ => unsigned.push(i),
            }
        }
        // Dependency graph among the unsigned bindings.
        let mut owner: HashMap<Key, usize> = HashMap::new();
        for (pos, &i) in unsigned.iter().enumerate() {
            for b in binds[i].binders() {
                owner.insert(key_of(b.id, &b.name), pos);
            }
        }
        let edges: Vec<Vec<usize>> = unsigned
            .iter()
            .map(|&i| {
                let mut refs = Vec::new();
                free_vars_bind(&binds[i], &mut refs);
                let mut out: Vec<usize> =
                    refs.iter().filter_map(|k| owner.get(k).copied()).collect();
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        for scc in sccs(&edges) {
            let group: Vec<&Bind> = scc.iter().map(|&pos| &binds[unsigned[pos]]).collect();
            self.infer_group(&group, top);
        }
        for (i, scheme) in signed {
            if let Bind::Fun {
                name,
                clauses,
                span,
                ..
            } = &binds[i]
            {
                let g = self.check_against(&scheme, clauses, &name.name, *span);
                if !scheme.preds.is_empty() {
                    self.elab.bind_group.insert(name.id, g);
                }
            }
        }
    }

    /// The scheme of a signature: `forall vars. context => type`.
    pub fn sig_scheme(&mut self, sig: &SigType) -> Scheme {
        let mut names = Vec::new();
        super::env::stype_vars(&sig.ty, &mut names);
        for (_, t) in &sig.context {
            super::env::stype_vars(t, &mut names);
        }
        let mut vars: Vec<(String, Type)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), Type::Gen(i as u32)))
            .collect();
        let mut conv = super::env::TypeConv {
            globals: &self.g,
            vars: &mut vars,
            on_new_var: None,
        };
        let ty = conv.convert(&sig.ty);
        let mut preds = Vec::new();
        let mut errs = Vec::new();
        for (class, t) in &sig.context {
            match conv.convert(t) {
                Ok(t) => preds.push(Pred {
                    class: class.clone(),
                    ty: t,
                }),
                Err(d) => errs.push(d),
            }
        }
        for d in errs {
            self.error(d);
        }
        let ty = match ty {
            Ok(t) => t,
            Err(d) => {
                self.error(d);
                Type::Gen(0)
            }
        };
        Scheme {
            vars: names,
            preds,
            ty,
        }
    }

    /// Checks clauses against a scheme: rigid type variables, the scheme's
    /// context as givens. Returns the group whose dictionary parameters the
    /// elaborated binding takes (one per predicate of the scheme).
    pub fn check_against(
        &mut self,
        scheme: &Scheme,
        clauses: &[Clause],
        name: &str,
        span: Span,
    ) -> GroupId {
        let g = self.new_group();
        self.level += 1;
        let start = self.wanted.len();
        let skolems: Vec<Type> = scheme.vars.iter().map(|v| self.skolem(v)).collect();
        let ty = scheme.ty.instantiate(&skolems);
        let preds: Vec<Pred> = scheme
            .preds
            .iter()
            .map(|p| p.instantiate(&skolems))
            .collect();
        let mark = self.push_givens(&preds, g);
        self.infer_clauses(clauses, &ty, name, span);
        self.level -= 1;
        let wanteds = self.wanted.split_off(start);
        let residual = self.solve(wanteds);
        self.givens.truncate(mark);
        self.settle_residual(residual, &[ty]);
        self.elab.group_arity.insert(g, preds.len());
        g
    }

    /// Residual constraints at the end of a group: those on variables of the
    /// group that do not escape are defaulted (or ambiguous); the rest go to
    /// the enclosing group. `types` are the group's types (for ambiguity).
    fn settle_residual(&mut self, residual: Vec<Wanted>, types: &[Type]) {
        let level = self.level;
        let mut in_types = Vec::new();
        for t in types {
            self.zonk(t).metas(&mut in_types);
        }
        let local = |c: &Checker, t: &Type| {
            let mut ms = Vec::new();
            t.metas(&mut ms);
            !ms.is_empty() && ms.iter().all(|m| c.metas.level(*m) > level)
        };
        let left = self.default_residual(residual, &|c, t| local(c, t));
        for w in left {
            let t = self.zonk(&w.pred.ty);
            if local(self, &t) {
                self.ambiguous(&w)
            } else {
                self.wanted.push(w)
            }
        }
    }

    /// Infers one strongly connected group of implicitly typed bindings.
    fn infer_group(&mut self, group: &[&Bind], top: bool) {
        let g = self.new_group();
        self.level += 1;
        let start = self.wanted.len();
        // Monomorphic types for every binder of the group.
        let mut binders: Vec<(NameId, String, Type)> = Vec::new();
        for b in group {
            for v in b.binders() {
                let t = self.fresh();
                if top {
                    self.top_mono.insert(v.name.clone(), (t.clone(), g));
                } else {
                    self.locals
                        .insert(v.id, LocalType::Mono(t.clone(), Some(g)));
                }
                binders.push((v.id, v.name.clone(), t));
            }
        }
        let mut restricted = false;
        for b in group {
            match b {
                Bind::Fun {
                    name,
                    clauses,
                    span,
                    ..
                } => {
                    if clauses.first().is_some_and(|c| c.pats.is_empty()) {
                        restricted = true;
                    }
                    let t = binders
                        .iter()
                        .find(|(id, _, _)| *id == name.id)
                        .map(|(_, _, t)| t.clone());
                    if let Some(t) = t {
                        self.infer_clauses(clauses, &t, &name.name, *span);
                    }
                }
                Bind::Pat { pat, rhs, .. } => {
                    restricted = true;
                    let tp = self.fresh();
                    // Pattern inference rebinds the variables monomorphically
                    // without the group; restore the group binding afterwards.
                    self.infer_pat(pat, &tp);
                    let mut vs = Vec::new();
                    pat.binders(&mut vs);
                    for v in vs {
                        if let Some(LocalType::Mono(pt, _)) = self.locals.get(&v.id).cloned()
                            && let Some((_, _, t)) = binders.iter().find(|(id, _, _)| *id == v.id)
                        {
                            let t = t.clone();
                            self.unify_at(&t, &pt, v.span);
                            if !top {
                                self.locals.insert(v.id, LocalType::Mono(t, Some(g)));
                            }
                        }
                    }
                    self.infer_rhs(rhs, &tp);
                }
            }
        }
        self.level -= 1;
        let wanteds = self.wanted.split_off(start);
        let residual = self.solve(wanteds);
        let types: Vec<Type> = binders.iter().map(|(_, _, t)| self.zonk(t)).collect();
        let mut type_metas = Vec::new();
        for t in &types {
            t.metas(&mut type_metas);
        }
        let level = self.level;
        let is_local = |c: &Checker, m: &MetaId| c.metas.level(*m) > level;
        let mut quantified_wanteds = Vec::new();
        let mut preds: Vec<Pred> = Vec::new();
        if restricted {
            // Monomorphism restriction: constrained variables stay
            // monomorphic; their constraints go to the enclosing scope.
            for w in residual {
                let mut ms = Vec::new();
                self.zonk(&w.pred.ty).metas(&mut ms);
                for m in ms {
                    self.metas.lower_level(m, level);
                }
                self.wanted.push(w);
            }
        } else {
            let mut ambiguous = Vec::new();
            for w in residual {
                let t = self.zonk(&w.pred.ty);
                let mut ms = Vec::new();
                t.metas(&mut ms);
                if ms.iter().all(|m| is_local(self, m)) {
                    if ms.iter().all(|m| type_metas.contains(m)) {
                        preds.push(Pred {
                            class: w.pred.class.clone(),
                            ty: t,
                        });
                        quantified_wanteds.push(w);
                    } else {
                        ambiguous.push(w);
                    }
                } else {
                    self.wanted.push(w);
                }
            }
            self.settle_residual(ambiguous, &types);
            preds = self.reduce_context(preds);
        }
        // Quantify: local variables become skolems, then `Gen`s.
        let mut quant: Vec<MetaId> = Vec::new();
        for t in &types {
            let mut ms = Vec::new();
            self.zonk(t).metas(&mut ms);
            for m in ms {
                if self.metas.level(m) > level && !quant.contains(&m) {
                    quant.push(m);
                }
            }
        }
        let mut names = Vec::new();
        let mut skolem_ids = Vec::new();
        for (i, m) in quant.iter().enumerate() {
            let name = var_name(i);
            let sk = self.skolem(&name);
            if let Type::Skolem(id, _) = &sk {
                skolem_ids.push(*id);
            }
            self.metas.set(*m, sk);
            names.push(name);
        }
        let preds: Vec<Pred> = preds
            .iter()
            .map(|p| Pred {
                class: p.class.clone(),
                ty: self.zonk(&p.ty),
            })
            .collect();
        if !preds.is_empty() {
            let mark = self.push_givens(&preds, g);
            let r = self.solve(quantified_wanteds);
            for w in r {
                self.ambiguous(&w);
            }
            self.givens.truncate(mark);
            self.elab.group_arity.insert(g, preds.len());
            for (id, _, _) in &binders {
                self.elab.bind_group.insert(*id, g);
            }
        }
        let to_gen = |t: &Type| {
            t.map(&mut |x| match x {
                Type::Skolem(id, _) => skolem_ids
                    .iter()
                    .position(|s| s == id)
                    .map(|i| Type::Gen(i as u32)),
                _ => None,
            })
        };
        let gen_preds: Vec<Pred> = preds
            .iter()
            .map(|p| Pred {
                class: p.class.clone(),
                ty: to_gen(&p.ty),
            })
            .collect();
        for (id, name, t) in &binders {
            let scheme = Scheme {
                vars: names.clone(),
                preds: gen_preds.clone(),
                ty: to_gen(&self.zonk(t)),
            };
            if top {
                self.top_mono.remove(name);
                self.g.values.insert(name.clone(), scheme);
            } else {
                self.locals.insert(*id, LocalType::Poly(scheme));
            }
        }
    }

    /// Infers the clauses of a function against `ty`.
    pub fn infer_clauses(&mut self, clauses: &[Clause], ty: &Type, name: &str, span: Span) {
        let Some(first) = clauses.first() else { return };
        let n = first.pats.len();
        if clauses.iter().any(|c| c.pats.len() != n) {
            self.error(Diagnostic::error(
                span,
                format!(
                    "Equations for ‘{}’ have different numbers of arguments",
                    super::short_name(name)
                ),
            ));
            return;
        }
        let mut rest = ty.clone();
        let mut args = Vec::new();
        for _ in 0..n {
            let (a, r) = self.split_fun(&rest, span);
            args.push(a);
            rest = r;
        }
        for c in clauses {
            for (p, t) in c.pats.iter().zip(&args) {
                self.infer_pat(p, t);
            }
            self.infer_rhs(&c.rhs, &rest);
        }
    }
}

/// `a`, `b`, ..., `z`, `a1`, ...
pub fn var_name(i: usize) -> String {
    let letter = (b'a' + (i % 26) as u8) as char;
    if i < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", i / 26)
    }
}

/// Strongly connected components in dependency order (a component comes
/// after the components it refers to). Iterative Tarjan.
pub fn sccs(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    comp.reverse();
                    out.push(comp);
                }
            }
        }
    }
    out
}

/// Variables a binding refers to (over-approximated: locals shadowing is
/// impossible since binders are unique).
pub fn free_vars_bind(b: &Bind, out: &mut Vec<Key>) {
    match b {
        Bind::Fun { clauses, .. } => {
            for c in clauses {
                free_vars_rhs(&c.rhs, out);
                c.pats.iter().for_each(|p| free_vars_pat(p, out));
            }
        }
        Bind::Pat { pat, rhs, .. } => {
            free_vars_pat(pat, out);
            free_vars_rhs(rhs, out);
        }
    }
}

fn free_vars_pat(_p: &Pat, _out: &mut Vec<Key>) {}

fn free_vars_rhs(rhs: &Rhs, out: &mut Vec<Key>) {
    rhs.wheres.iter().for_each(|b| free_vars_bind(b, out));
    for (guards, e) in &rhs.guarded {
        for g in guards {
            match g {
                Guard::Bool(e) | Guard::Pat(_, e) => free_vars_expr(e, out),
                Guard::Let(bs) => bs.iter().for_each(|b| free_vars_bind(b, out)),
            }
        }
        free_vars_expr(e, out);
    }
}

pub fn free_vars_expr(e: &Expr, out: &mut Vec<Key>) {
    match e {
        Expr::Var(VarRef::Global(n), _, _) => out.push(Key::Global(n.clone())),
        Expr::Var(VarRef::Local(id), _, _) => out.push(Key::Local(*id)),
        Expr::Con(..) | Expr::Lit(..) => {}
        Expr::App(f, a, _) => {
            free_vars_expr(f, out);
            free_vars_expr(a, out);
        }
        Expr::Lam(_, body, _) => free_vars_expr(body, out),
        Expr::Let(bs, body, _) => {
            bs.iter().for_each(|b| free_vars_bind(b, out));
            free_vars_expr(body, out);
        }
        Expr::Case(s, alts, _) => {
            free_vars_expr(s, out);
            alts.iter().for_each(|a| free_vars_rhs(&a.rhs, out));
        }
        Expr::Typed(e, _, _) => free_vars_expr(e, out),
    }
}

#[cfg(test)]
mod tests {
    use super::sccs;

    #[test]
    fn sccs_in_dependency_order() {
        // 0 -> 1, 1 -> 0, 2 -> 0, 3 alone
        let comps = sccs(&[vec![1], vec![0], vec![0], vec![]]);
        assert_eq!(comps, vec![vec![0, 1], vec![2], vec![3]]);
    }
}
