//! A checker of Note [Core invariants] (see `crate::core`), run on every
//! program the front end produces, and small Core utilities (free
//! variables).

use std::collections::{HashMap, HashSet};

use crate::core::{AltCon, Bind, Expr, Program, Rep, Var, VarId};

/// Checks the Core invariants; the error names the first violation.
pub fn core_lint(p: &Program) -> Result<(), String> {
    let mut l = Lint {
        p,
        bound: HashSet::new(),
        scope: HashMap::new(),
    };
    let mut names = HashSet::new();
    for b in &p.binds {
        for (v, _) in bind_pairs(b) {
            if !names.insert(v.name.clone()) {
                return Err(format!("top-level name {} bound twice", v.name));
            }
            l.binder(v)?;
        }
    }
    for b in &p.binds {
        for (v, e) in bind_pairs(b) {
            l.expr(e).map_err(|m| format!("in {}: {m}", v.name))?;
        }
    }
    if let Some(m) = &p.main
        && !l.scope.contains_key(&m.id)
    {
        return Err(format!("main {} is not a top-level binding", m.name));
    }
    Ok(())
}

fn bind_pairs(b: &Bind) -> Vec<(&Var, &Expr)> {
    match b {
        Bind::NonRec(v, e) => vec![(v, e)],
        Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
    }
}

struct Lint<'a> {
    p: &'a Program,
    /// Every binder seen (for uniqueness).
    bound: HashSet<VarId>,
    /// Binders in scope with their reps. Scoping is approximated by
    /// "bound somewhere before use in the walk", which catches dangling
    /// references and rep mismatches.
    scope: HashMap<VarId, Rep>,
}

impl Lint<'_> {
    fn binder(&mut self, v: &Var) -> Result<(), String> {
        if !self.bound.insert(v.id) {
            return Err(format!("variable {}#{} bound twice", v.name, v.id.0));
        }
        self.scope.insert(v.id, v.rep);
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), String> {
        match e {
            Expr::Var(v) => match self.scope.get(&v.id) {
                Some(r) if *r == v.rep => Ok(()),
                Some(r) => Err(format!(
                    "{}#{} used at rep {} but bound at rep {r}",
                    v.name, v.id.0, v.rep
                )),
                None => Err(format!("{}#{} is not in scope", v.name, v.id.0)),
            },
            Expr::Lit(_) => Ok(()),
            Expr::App(f, args) => {
                if args.is_empty() {
                    return Err("application without arguments".into());
                }
                self.expr(f)?;
                args.iter().try_for_each(|a| self.expr(a))
            }
            Expr::Lam(ps, body) => {
                if ps.is_empty() {
                    return Err("lambda without parameters".into());
                }
                for p in ps {
                    self.binder(p)?;
                }
                self.expr(body)
            }
            Expr::Let(b, body) => {
                match &**b {
                    Bind::NonRec(v, rhs) => {
                        self.expr(rhs)?;
                        self.binder(v)?;
                    }
                    Bind::Rec(g) => {
                        for (v, _) in g {
                            self.binder(v)?;
                        }
                        for (_, rhs) in g {
                            self.expr(rhs)?;
                        }
                    }
                }
                self.expr(body)
            }
            Expr::Case(s, b, alts) => {
                self.expr(s)?;
                self.binder(b)?;
                if alts.is_empty() {
                    return Err("case without alternatives".into());
                }
                let mut type_name: Option<&str> = None;
                let mut seen = HashSet::new();
                let mut has_default = false;
                for (i, alt) in alts.iter().enumerate() {
                    match &alt.con {
                        AltCon::Con(c) => {
                            let Some(dc) = self.p.cons.get(c.0 as usize) else {
                                return Err(format!("unknown constructor id {}", c.0));
                            };
                            if let Some(t) = type_name
                                && t != dc.type_name
                            {
                                return Err(format!(
                                    "case mixes constructors of {t} and {}",
                                    dc.type_name
                                ));
                            }
                            type_name = Some(&dc.type_name);
                            if dc.fields.len() != alt.binders.len() {
                                return Err(format!(
                                    "alternative {} binds {} fields of {}",
                                    dc.name,
                                    alt.binders.len(),
                                    dc.fields.len()
                                ));
                            }
                            for (v, r) in alt.binders.iter().zip(&dc.fields) {
                                if v.rep != *r {
                                    return Err(format!(
                                        "field {} of {} has rep {r}, binder {}",
                                        v.name, dc.name, v.rep
                                    ));
                                }
                            }
                            seen.insert(c.0);
                        }
                        AltCon::Default => {
                            if i + 1 != alts.len() {
                                return Err("default alternative is not last".into());
                            }
                            has_default = true;
                        }
                        AltCon::Lit(_) | AltCon::UnboxedTuple => {}
                    }
                    for v in &alt.binders {
                        self.binder(v)?;
                    }
                    self.expr(&alt.rhs)?;
                }
                if let Some(t) = type_name
                    && !has_default
                {
                    let family = self.p.cons.iter().filter(|c| c.type_name == t).count();
                    if seen.len() != family {
                        return Err(format!("case on {t} is not exhaustive and has no default"));
                    }
                }
                if alts.iter().any(|a| matches!(a.con, AltCon::Lit(_))) && !has_default {
                    return Err("literal case without a default alternative".into());
                }
                Ok(())
            }
            Expr::ConApp(c, args) => {
                let Some(dc) = self.p.cons.get(c.0 as usize) else {
                    return Err(format!("unknown constructor id {}", c.0));
                };
                if dc.fields.len() != args.len() {
                    return Err(format!(
                        "constructor {} applied to {} arguments, has {} fields",
                        dc.name,
                        args.len(),
                        dc.fields.len()
                    ));
                }
                args.iter().try_for_each(|a| self.expr(a))
            }
            Expr::PrimApp(_, args) | Expr::Foreign(_, args) | Expr::UnboxedTuple(args) => {
                args.iter().try_for_each(|a| self.expr(a))
            }
        }
    }
}

/// Free variables of an expression (ids, with repetitions removed).
pub fn free_vars(e: &Expr, out: &mut Vec<VarId>) {
    let mut bound = HashSet::new();
    fv(e, &mut bound, out);
}

fn fv(e: &Expr, bound: &mut HashSet<VarId>, out: &mut Vec<VarId>) {
    match e {
        Expr::Var(v) => {
            if !bound.contains(&v.id) && !out.contains(&v.id) {
                out.push(v.id)
            }
        }
        Expr::Lit(_) => {}
        Expr::App(f, args) => {
            fv(f, bound, out);
            args.iter().for_each(|a| fv(a, bound, out));
        }
        Expr::Lam(ps, body) => {
            bound.extend(ps.iter().map(|p| p.id));
            fv(body, bound, out);
        }
        Expr::Let(b, body) => {
            for (v, _) in bind_pairs(b) {
                bound.insert(v.id);
            }
            for (_, rhs) in bind_pairs(b) {
                fv(rhs, bound, out);
            }
            fv(body, bound, out);
        }
        Expr::Case(s, b, alts) => {
            fv(s, bound, out);
            bound.insert(b.id);
            for a in alts {
                bound.extend(a.binders.iter().map(|v| v.id));
                fv(&a.rhs, bound, out);
            }
        }
        Expr::ConApp(_, args)
        | Expr::PrimApp(_, args)
        | Expr::Foreign(_, args)
        | Expr::UnboxedTuple(args) => args.iter().for_each(|a| fv(a, bound, out)),
    }
}

/// Whether `e` mentions variable `id`.
pub fn mentions(e: &Expr, id: VarId) -> bool {
    let mut out = Vec::new();
    free_vars(e, &mut out);
    out.contains(&id)
}
