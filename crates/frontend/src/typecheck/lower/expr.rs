//! Elaboration of expressions, dictionaries, literals, local bindings and
//! guarded right-hand sides.

use super::{Lowerer, wrap_let};
use crate::core::{self, Alt, AltCon, Expr, Lit, Rep, Var};
use crate::diagnostics::Span;
use crate::rename::ir::{self, Guard, Literal, OccId, VarRef};
use crate::typecheck::state::DictExpr;
use crate::typecheck::types::{Type, tc};

impl Lowerer<'_> {
    pub fn dict(&mut self, d: &DictExpr, span: Span) -> Expr {
        match d {
            DictExpr::Hole(h) => match self.c.elab.holes.get(h.0 as usize).cloned().flatten() {
                Some(d) => self.dict(&d, span),
                None => {
                    self.error(span, "internal error: unsolved dictionary");
                    Expr::Lit(Lit::Int(0))
                }
            },
            DictExpr::Param(g, i) => match self.params.get(g).and_then(|ps| ps.get(*i as usize)) {
                Some(v) => Expr::Var(v.clone()),
                None => {
                    self.error(span, "internal error: dictionary parameter out of scope");
                    Expr::Lit(Lit::Int(0))
                }
            },
            DictExpr::Inst(dfun, args) => {
                let f = self.global(dfun, span);
                if args.is_empty() {
                    return f;
                }
                let args = args.iter().map(|a| self.dict(a, span)).collect();
                Expr::App(Box::new(f), args)
            }
            DictExpr::Super(inner, class, i) => {
                let d = self.dict(inner, span);
                self.select_field(d, class, *i as usize, span)
            }
        }
    }

    /// `case d of C:Dict f0 .. fn -> fi`.
    pub fn select_field(&mut self, d: Expr, class: &str, i: usize, span: Span) -> Expr {
        let Some(info) = self.c.g.classes.get(class) else {
            self.error(span, format!("internal error: unknown class {class}"));
            return d;
        };
        let n = info.field_count();
        let con_name = info.dict_con.clone();
        let con = self.con_id(&con_name, span);
        let fields: Vec<Var> = (0..n)
            .map(|k| self.fresh(&format!("f{k}"), Rep::Ptr))
            .collect();
        let Some(field) = fields.get(i).cloned() else {
            self.error(
                span,
                format!("internal error: field {i} of a {class} dictionary"),
            );
            return d;
        };
        let rhs = Expr::Var(field);
        let b = self.fresh("dict", Rep::Ptr);
        Expr::Case(
            Box::new(d),
            b,
            vec![Alt {
                con: AltCon::Con(con),
                binders: fields,
                rhs,
            }],
        )
    }

    fn occ_args(&mut self, occ: OccId, span: Span) -> Vec<Expr> {
        let mut args = Vec::new();
        if let Some(g) = self.c.elab.occ_mono.get(&occ) {
            let arity = self.c.elab.group_arity.get(g).copied().unwrap_or(0);
            if arity > 0 {
                match self.params.get(g) {
                    Some(ps) => args.extend(ps.iter().cloned().map(Expr::Var)),
                    None => self.error(span, "internal error: recursive use outside its group"),
                }
            }
        }
        if let Some(ds) = self.c.elab.occ_dicts.get(&occ).cloned() {
            for d in &ds {
                args.push(self.dict(d, span));
            }
        }
        args
    }

    pub fn expr(&mut self, e: &ir::Expr) -> Expr {
        match e {
            ir::Expr::App(..) => {
                let mut args = Vec::new();
                let mut head = e;
                while let ir::Expr::App(f, a, _) = head {
                    args.push(&**a);
                    head = f;
                }
                args.reverse();
                if let ir::Expr::Con(name, _, span) = head {
                    let args: Vec<Expr> = args.iter().map(|a| self.expr(a)).collect();
                    return self.con_app(name, args, *span);
                }
                let f = self.expr(head);
                let args: Vec<Expr> = args.iter().map(|a| self.expr(a)).collect();
                match f {
                    Expr::App(g, mut first) => {
                        first.extend(args);
                        Expr::App(g, first)
                    }
                    f => Expr::App(Box::new(f), args),
                }
            }
            ir::Expr::Var(r, occ, span) => {
                let base = match r {
                    VarRef::Global(n) => self.global(n, *span),
                    VarRef::Local(id) => match self.env.get(id) {
                        Some(v) => Expr::Var(v.clone()),
                        None => {
                            self.error(
                                *span,
                                "internal error: local variable without Core binding",
                            );
                            Expr::Lit(Lit::Int(0))
                        }
                    },
                };
                let args = self.occ_args(*occ, *span);
                if args.is_empty() {
                    base
                } else {
                    Expr::App(Box::new(base), args)
                }
            }
            ir::Expr::Con(name, _, span) => self.con_app(name, Vec::new(), *span),
            ir::Expr::Lit(lit, occ, span) => self.literal(lit, *occ, *span),
            ir::Expr::Lam(pats, body, span) => {
                let args: Vec<Var> = pats.iter().map(|p| self.param_var(p)).collect();
                let fail = self.pat_error(*span, "Non-exhaustive patterns in lambda");
                let (fb, fail) = self.atomize(fail, "fail");
                let items: Vec<(Var, &ir::Pat)> = args.iter().cloned().zip(pats.iter()).collect();
                let body = self.match_list(&items, &mut |l| l.expr(body), &fail);
                Expr::Lam(args, Box::new(wrap_let(fb, body)))
            }
            ir::Expr::Let(binds, body, _) => {
                let bs = self.local_binds(binds);
                let mut body = self.expr(body);
                // `let !p = e in body` evaluates `e` before `body`.
                for b in binds {
                    if let ir::Bind::Pat {
                        pat: ir::Pat::Bang(inner, _),
                        ..
                    } = b
                    {
                        let mut vs = Vec::new();
                        inner.binders(&mut vs);
                        if let Some(v) = vs.first().and_then(|v| self.env.get(&v.id).cloned()) {
                            let b = self.fresh("bang", Rep::Ptr);
                            body = Expr::Case(
                                Box::new(Expr::Var(v)),
                                b,
                                vec![Alt {
                                    con: AltCon::Default,
                                    binders: vec![],
                                    rhs: body,
                                }],
                            );
                        }
                    }
                }
                wrap_binds(bs, body)
            }
            ir::Expr::Case(scrut, alts, span) => {
                let s = self.expr(scrut);
                let (sb, s) = self.atomize(s, "scrut");
                let Expr::Var(sv) = s else {
                    unreachable!("atomize returns a variable")
                };
                let fail = self.pat_error(*span, "Non-exhaustive patterns in case");
                let mut result = fail;
                for alt in alts.iter().rev() {
                    let (fb, f) = self.atomize(result, "fail");
                    let items = [(sv.clone(), &alt.pat)];
                    let body = self.match_list(&items, &mut |l| l.rhs(&alt.rhs, &f), &f);
                    result = wrap_let(fb, body);
                }
                wrap_let(sb, result)
            }
            ir::Expr::Typed(inner, _, _) => self.expr(inner),
        }
    }

    /// A variable for a lambda or function parameter (named after the
    /// pattern's variable when it is one).
    pub fn param_var(&mut self, p: &ir::Pat) -> Var {
        match p {
            ir::Pat::Var(b) => self.fresh(&b.name, Rep::Ptr),
            _ => self.fresh("arg", Rep::Ptr),
        }
    }

    /// A constructor applied to `args` (any number): saturated applications
    /// become `ConApp` (strict fields evaluated first), partial ones are
    /// eta-expanded, newtype constructors vanish.
    pub fn con_app(&mut self, name: &str, mut args: Vec<Expr>, span: Span) -> Expr {
        let Some(info) = self.c.g.cons.get(name).cloned() else {
            // Built-in constructors without checker info (should not happen).
            let id = self.con_id(name, span);
            return Expr::ConApp(id, args);
        };
        let arity = info.arity;
        if args.len() < arity {
            let extra: Vec<Var> = (args.len()..arity)
                .map(|i| self.fresh(&format!("c{i}"), Rep::Ptr))
                .collect();
            args.extend(extra.iter().cloned().map(Expr::Var));
            let body = self.con_app(name, args, span);
            return Expr::Lam(extra, Box::new(body));
        }
        let rest = args.split_off(arity);
        let applied = if info.newtype {
            args.pop().unwrap_or(Expr::Lit(Lit::Int(0)))
        } else {
            let id = self.con_id(name, span);
            // Strict fields: evaluate before building.
            let mut evals = Vec::new();
            let mut fields = Vec::new();
            for (i, a) in args.into_iter().enumerate() {
                if info.strict.get(i).copied().unwrap_or(false) {
                    let v = self.fresh("s", Rep::Ptr);
                    evals.push((a, v.clone()));
                    fields.push(Expr::Var(v));
                } else {
                    fields.push(a);
                }
            }
            let mut e = Expr::ConApp(id, fields);
            for (a, v) in evals.into_iter().rev() {
                e = Expr::Case(
                    Box::new(a),
                    v,
                    vec![Alt {
                        con: AltCon::Default,
                        binders: vec![],
                        rhs: e,
                    }],
                );
            }
            e
        };
        if rest.is_empty() {
            applied
        } else {
            Expr::App(Box::new(applied), rest)
        }
    }

    /// The zonked type of a literal occurrence, if known.
    pub fn lit_type(&self, occ: OccId) -> Option<Type> {
        self.c.elab.lit_types.get(&occ).map(|t| self.c.zonk(t))
    }

    fn literal(&mut self, lit: &Literal, occ: OccId, span: Span) -> Expr {
        match lit {
            Literal::Char(c) => {
                let id = self.con_id(tc::C_HASH, span);
                Expr::ConApp(id, vec![Expr::Lit(Lit::Char(*c as u32))])
            }
            Literal::String(s) => self.string_expr(s),
            Literal::Int(n) => {
                let ty = self.lit_type(occ);
                match ty
                    .as_ref()
                    .and_then(|t| t.head_con().map(str::to_string))
                    .as_deref()
                {
                    Some(tc::INT) if i64::try_from(*n).is_ok() => {
                        let id = self.con_id(tc::I_HASH, span);
                        Expr::ConApp(id, vec![Expr::Lit(Lit::Int(*n as i64))])
                    }
                    Some(tc::INT) => {
                        // Wraps around as GHC's fromInteger does.
                        let id = self.con_id(tc::I_HASH, span);
                        Expr::ConApp(id, vec![Expr::Lit(Lit::Int(*n as i64))])
                    }
                    Some(tc::WORD) if *n >= 0 => {
                        let id = self.con_id(tc::W_HASH, span);
                        Expr::ConApp(id, vec![Expr::Lit(Lit::Word(*n as u64))])
                    }
                    Some(tc::DOUBLE) => {
                        let id = self.con_id(tc::D_HASH, span);
                        Expr::ConApp(id, vec![Expr::Lit(Lit::Double(*n as f64))])
                    }
                    Some(tc::INTEGER) => Expr::Lit(Lit::Integer(n.to_string())),
                    _ => {
                        let f = self.wired.from_integer.clone();
                        let f = self.global(&f, span);
                        let dicts = self.lit_dicts(occ, span);
                        let mut args: Vec<Expr> = dicts.into_iter().last().into_iter().collect();
                        args.push(Expr::Lit(Lit::Integer(n.to_string())));
                        Expr::App(Box::new(f), args)
                    }
                }
            }
            Literal::BigInt(n) => {
                let ty = self.lit_type(occ);
                if ty.as_ref().and_then(|t| t.head_con()) == Some(tc::INTEGER) {
                    return Expr::Lit(Lit::Integer(n.clone()));
                }
                let f = self.wired.from_integer.clone();
                let f = self.global(&f, span);
                let dicts = self.lit_dicts(occ, span);
                let mut args: Vec<Expr> = dicts.into_iter().last().into_iter().collect();
                args.push(Expr::Lit(Lit::Integer(n.clone())));
                Expr::App(Box::new(f), args)
            }
            Literal::Frac(x, exact) => {
                let ty = self.lit_type(occ);
                if ty.as_ref().and_then(|t| t.head_con()) == Some(tc::DOUBLE) {
                    let id = self.con_id(tc::D_HASH, span);
                    return Expr::ConApp(id, vec![Expr::Lit(Lit::Double(*x))]);
                }
                let f = self.wired.from_rational.clone();
                let f = self.global(&f, span);
                let dicts = self.lit_dicts(occ, span);
                let mut args: Vec<Expr> = dicts.into_iter().last().into_iter().collect();
                args.push(self.rational(exact, span));
                Expr::App(Box::new(f), args)
            }
        }
    }

    /// The exact `Rational` of a fractional literal: `n :% d`.
    fn rational(&mut self, exact: &ir::ExactFrac, span: Span) -> Expr {
        let (num, den) = (exact.num.clone(), exact.den.clone());
        let con = self.wired.ratio_con.clone();
        let id = self.con_id(&con, span);
        Expr::ConApp(
            id,
            vec![Expr::Lit(Lit::Integer(num)), Expr::Lit(Lit::Integer(den))],
        )
    }

    pub fn lit_dicts(&mut self, occ: OccId, span: Span) -> Vec<Expr> {
        let ds = self.c.elab.lit_dicts.get(&occ).cloned().unwrap_or_default();
        ds.iter().map(|d| self.dict(d, span)).collect()
    }

    /// Lowers local bindings: allocates their variables, then their
    /// right-hand sides.
    pub fn local_binds(&mut self, binds: &[ir::Bind]) -> Vec<(Var, Expr)> {
        for b in binds {
            for v in b.binders() {
                let var = self.fresh(&v.name, Rep::Ptr);
                self.env.insert(v.id, var);
            }
        }
        let mut out = Vec::new();
        for b in binds {
            self.bind(b, &mut out);
        }
        out
    }

    /// Lowers one binding whose binders already have Core variables.
    pub fn bind(&mut self, b: &ir::Bind, out: &mut Vec<(Var, Expr)>) {
        match b {
            ir::Bind::Fun {
                name,
                clauses,
                span,
                ..
            } => {
                let Some(var) = self.binder_var(name) else {
                    return;
                };
                let e = self.with_group_params(name.id, |l| l.clauses(clauses, &name.name, *span));
                out.push((var, e));
            }
            ir::Bind::Pat { pat, rhs, span } => {
                // Unique even at top level, where names must be unique.
                let mut first = Vec::new();
                pat.binders(&mut first);
                let hint = first
                    .first()
                    .map_or("pat".to_string(), |b| format!("{}$pat", b.name));
                let mut t = self.fresh(&hint, Rep::Ptr);
                t.name = format!("{}{}", t.name, t.id.0);
                let fail = self.pat_error(*span, "Non-exhaustive patterns in pattern binding");
                let (fb, f) = self.atomize(fail, "fail");
                let e = self.rhs(rhs, &f);
                out.push((t.clone(), wrap_let(fb, e)));
                let mut vs = Vec::new();
                pat.binders(&mut vs);
                let outers: Vec<(ir::NameId, Var)> = vs
                    .iter()
                    .filter_map(|v| Some((v.id, self.binder_var(v)?)))
                    .collect();
                for (id, outer) in &outers {
                    let irrefutable = self.pat_error(*span, "Irrefutable pattern failed");
                    let (fb, f) = self.atomize(irrefutable, "fail");
                    let id = *id;
                    let items = [(t.clone(), pat)];
                    let sel = self.match_list(
                        &items,
                        &mut |l| {
                            Expr::Var(l.env.get(&id).cloned().unwrap_or_else(|| outer.clone()))
                        },
                        &f,
                    );
                    // The selector bound every variable of the pattern to
                    // its own fields: point them back at the outer ones.
                    for (i, o) in &outers {
                        self.env.insert(*i, o.clone());
                    }
                    out.push((outer.clone(), wrap_let(fb, sel)));
                }
            }
        }
    }

    /// The Core variable of a binder: local from `env`, top-level from
    /// `globals`.
    pub fn binder_var(&mut self, b: &ir::Binder) -> Option<Var> {
        if let Some(v) = self.env.get(&b.id) {
            return Some(v.clone());
        }
        match self.globals.get(&b.name) {
            Some(v) => Some(v.clone()),
            None => {
                self.error(b.span, "internal error: binder without Core variable");
                None
            }
        }
    }

    /// Runs `f` with the dictionary parameters of the binding's group in
    /// scope, and abstracts over them.
    pub fn with_group_params(&mut self, id: ir::NameId, f: impl FnOnce(&mut Self) -> Expr) -> Expr {
        let Some(g) = self.c.elab.bind_group.get(&id).copied() else {
            return f(self);
        };
        let arity = self.c.elab.group_arity.get(&g).copied().unwrap_or(0);
        if arity == 0 {
            return f(self);
        }
        let ps: Vec<Var> = (0..arity)
            .map(|i| self.fresh(&format!("dict{i}"), Rep::Ptr))
            .collect();
        let saved = self.params.insert(g, ps.clone());
        let body = f(self);
        match saved {
            Some(s) => self.params.insert(g, s),
            None => self.params.remove(&g),
        };
        lam(ps, body)
    }

    /// The clauses of a function: `\args -> match`.
    pub fn clauses(&mut self, clauses: &[ir::Clause], name: &str, span: Span) -> Expr {
        let Some(first) = clauses.first() else {
            return self.pat_error(span, "no clauses");
        };
        let what = format!(
            "Non-exhaustive patterns in function {}",
            crate::typecheck::short_name(name)
        );
        let fail = self.pat_error(span, &what);
        if first.pats.is_empty() {
            let (fb, f) = self.atomize(fail, "fail");
            let e = self.rhs(&first.rhs, &f);
            return wrap_let(fb, e);
        }
        let args: Vec<Var> = first.pats.iter().map(|p| self.param_var(p)).collect();
        let mut result = fail;
        for c in clauses.iter().rev() {
            let (fb, f) = self.atomize(result, "fail");
            let items: Vec<(Var, &ir::Pat)> = args.iter().cloned().zip(c.pats.iter()).collect();
            let body = self.match_list(&items, &mut |l| l.rhs(&c.rhs, &f), &f);
            result = wrap_let(fb, body);
        }
        Expr::Lam(args, Box::new(result))
    }

    /// A right-hand side with guards falling through to `fail` (an atom).
    pub fn rhs(&mut self, rhs: &ir::Rhs, fail: &Expr) -> Expr {
        let wheres = self.local_binds(&rhs.wheres);
        let mut result = fail.clone();
        for (guards, e) in rhs.guarded.iter().rev() {
            let (fb, f) = self.atomize(result, "fail");
            let body = self.guards(guards, e, &f);
            result = wrap_let(fb, body);
        }
        wrap_binds(wheres, result)
    }

    fn guards(&mut self, guards: &[Guard], body: &ir::Expr, fail: &Expr) -> Expr {
        let Some((g, rest)) = guards.split_first() else {
            return self.expr(body);
        };
        match g {
            Guard::Bool(c) => {
                if self.is_true(c) {
                    return self.guards(rest, body, fail);
                }
                let c = self.expr(c);
                let k = self.guards(rest, body, fail);
                let t = self.wired.true_con.clone();
                let tid = self.con_id(&t, c_span(guards));
                let b = self.fresh("g", Rep::Ptr);
                Expr::Case(
                    Box::new(c),
                    b,
                    vec![
                        Alt {
                            con: AltCon::Con(tid),
                            binders: vec![],
                            rhs: k,
                        },
                        Alt {
                            con: AltCon::Default,
                            binders: vec![],
                            rhs: fail.clone(),
                        },
                    ],
                )
            }
            Guard::Pat(p, e) => {
                let e = self.expr(e);
                let (eb, atom) = self.atomize(e, "g");
                let Expr::Var(v) = atom else {
                    unreachable!("atomize returns a variable")
                };
                let items = [(v, p)];
                let m = self.match_list(&items, &mut |l| l.guards(rest, body, fail), fail);
                wrap_let(eb, m)
            }
            Guard::Let(bs) => {
                let bs = self.local_binds(bs);
                let k = self.guards(rest, body, fail);
                wrap_binds(bs, k)
            }
        }
    }

    /// `otherwise` or `True`: a guard that always holds.
    fn is_true(&self, e: &ir::Expr) -> bool {
        match e {
            ir::Expr::Con(n, _, _) => *n == self.wired.true_con,
            ir::Expr::Var(VarRef::Global(n), _, _) => {
                crate::typecheck::short_name(n) == "otherwise" && n.starts_with("GHC.")
            }
            _ => false,
        }
    }
}

fn c_span(guards: &[Guard]) -> Span {
    match guards.first() {
        Some(Guard::Bool(e)) | Some(Guard::Pat(_, e)) => e.span(),
        _ => Span::default(),
    }
}

/// `\ps -> body`, merging with an inner lambda.
pub fn lam(ps: Vec<Var>, body: Expr) -> Expr {
    if ps.is_empty() {
        return body;
    }
    match body {
        Expr::Lam(mut inner, b) => {
            let mut all = ps;
            all.append(&mut inner);
            Expr::Lam(all, b)
        }
        other => Expr::Lam(ps, Box::new(other)),
    }
}

/// Wraps a body in a `let`/`letrec` of local bindings.
pub fn wrap_binds(binds: Vec<(Var, Expr)>, body: Expr) -> Expr {
    if binds.is_empty() {
        return body;
    }
    if binds.len() == 1 {
        let (v, e) = binds.into_iter().next().unwrap_or_else(|| unreachable!());
        let recursive = crate::typecheck::lint::mentions(&e, v.id);
        let b = if recursive {
            core::Bind::Rec(vec![(v, e)])
        } else {
            core::Bind::NonRec(v, e)
        };
        return Expr::Let(Box::new(b), Box::new(body));
    }
    Expr::Let(Box::new(core::Bind::Rec(binds)), Box::new(body))
}

/// The exact value of a finite double as numerator and denominator strings
/// (the denominator a power of two), for `fromRational`.
pub fn exact_ratio(x: f64) -> (String, String) {
    if !x.is_finite() || x == 0.0 {
        return ("0".into(), "1".into());
    }
    let bits = x.to_bits();
    let sign = if bits >> 63 == 1 { -1i128 } else { 1 };
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut mant, mut e) = if exp == 0 {
        (frac as i128, -1074)
    } else {
        ((frac | (1u64 << 52)) as i128, exp - 1075)
    };
    while mant % 2 == 0 && e < 0 {
        mant /= 2;
        e += 1;
    }
    if e >= 0 {
        if e < 70 {
            return ((sign * (mant << e)).to_string(), "1".into());
        }
        // Beyond i128: approximate (documented limitation).
        return ((sign * mant).to_string(), "1".into());
    }
    if -e < 120 {
        return ((sign * mant).to_string(), (1i128 << (-e)).to_string());
    }
    ("0".into(), "1".into())
}
