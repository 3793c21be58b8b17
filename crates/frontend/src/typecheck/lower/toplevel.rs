//! Top-level elaboration: method selectors, default methods, instance
//! dictionaries, value bindings and foreign imports, then the dependency
//! order of the Core bindings.

use std::collections::HashMap;

use super::Lowerer;
use super::expr::{lam, wrap_binds};
use crate::core::{self, Bind, Expr, Rep, Var};
use crate::diagnostics::Span;
use crate::rename::ir;
use crate::typecheck::bindings::sccs;
use crate::typecheck::decls::default_method_name;
use crate::typecheck::lint::free_vars;

impl Lowerer<'_> {
    /// Allocates the Core variable of a top-level name.
    pub fn declare_global(&mut self, name: &str) -> Var {
        if let Some(v) = self.globals.get(name) {
            return v.clone();
        }
        let v = self.fresh(name, Rep::Ptr);
        self.globals.insert(name.to_string(), v.clone());
        v
    }

    /// Elaborates everything; `extra` are bindings made elsewhere (primop
    /// wrappers) whose variables were declared with [`Self::declare_global`].
    pub fn program(&mut self, extra: Vec<(Var, Expr)>) -> core::Program {
        let prog = self.prog;
        // Declare every top-level name first.
        for b in &prog.binds {
            for v in b.binders() {
                self.declare_global(&v.name);
            }
        }
        let mut classes: Vec<_> = self.c.g.classes.values().cloned().collect();
        classes.sort_by(|a, b| a.name.cmp(&b.name));
        for cls in &classes {
            for (m, _) in &cls.methods {
                self.declare_global(m);
            }
            for m in &cls.defaults {
                self.declare_global(&default_method_name(m));
            }
        }
        let mut insts: Vec<_> = self.c.g.instances.values().cloned().collect();
        insts.sort_by(|a, b| a.dfun.cmp(&b.dfun));
        for inst in &insts {
            self.declare_global(&inst.dfun);
        }
        for f in &prog.foreign_imports {
            self.declare_global(&f.name.name);
        }
        let mut out: Vec<(Var, Expr)> = extra;
        // Method selectors.
        for cls in &classes {
            let n = cls.supers.len();
            for (i, (m, _)) in cls.methods.iter().enumerate() {
                let v = self.globals[m].clone();
                let d = self.fresh("dict", Rep::Ptr);
                let body =
                    self.select_field(Expr::Var(d.clone()), &cls.name, n + i, Span::default());
                out.push((v, Expr::Lam(vec![d], Box::new(body))));
            }
        }
        // Default methods.
        for c in &prog.classes {
            for b in &c.defaults {
                let ir::Bind::Fun {
                    name,
                    clauses,
                    span,
                    ..
                } = b
                else {
                    continue;
                };
                let Some(g) = self.c.elab.default_groups.get(&name.name).copied() else {
                    continue;
                };
                let v = self.globals[&default_method_name(&name.name)].clone();
                let e = self.with_params(g, |l| l.clauses(clauses, &name.name, *span));
                out.push((v, e));
            }
        }
        // Value bindings.
        for b in &prog.binds {
            self.bind(b, &mut out);
        }
        // Instances.
        for inst in &prog.instances {
            if let Some(b) = self.instance(inst) {
                out.push(b);
            }
        }
        for f in &prog.foreign_imports {
            let v = self.globals[&f.name.name].clone();
            let e = self.foreign_import(f);
            out.push((v, e));
        }
        let main = prog
            .main
            .as_ref()
            .and_then(|m| self.globals.get(m).cloned());
        let binds = dependency_order(out);
        let foreign_exports = prog
            .foreign_exports
            .iter()
            .filter_map(|e| self.foreign_export(e))
            .collect();
        core::Program {
            cons: self.cons.clone(),
            binds,
            main,
            foreign_exports,
            meta: Default::default(),
        }
    }

    /// Runs `f` with fresh dictionary parameters for group `g`, abstracting
    /// over them.
    pub fn with_params(
        &mut self,
        g: crate::typecheck::state::GroupId,
        f: impl FnOnce(&mut Self) -> Expr,
    ) -> Expr {
        let arity = self.c.elab.group_arity.get(&g).copied().unwrap_or(0);
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

    fn instance(&mut self, inst: &ir::InstDecl) -> Option<(Var, Expr)> {
        let tycon = instance_head_con(&inst.head)?;
        let info = self
            .c
            .g
            .instances
            .get(&(inst.class.clone(), tycon))?
            .clone();
        if info.span != inst.span {
            return None;
        }
        let cls = self.c.g.classes.get(&inst.class)?.clone();
        let (ig, method_groups) = self.c.elab.instance_groups.get(&info.dfun)?.clone();
        let supers = self
            .c
            .elab
            .instance_supers
            .get(&info.dfun)
            .cloned()
            .unwrap_or_default();
        let dfun_var = self.globals.get(&info.dfun)?.clone();
        let has_context = !info.context.is_empty();
        let span = inst.span;
        let body = self.with_params(ig, |l| {
            let self_var = if has_context {
                l.fresh("d", Rep::Ptr)
            } else {
                dfun_var.clone()
            };
            let mut fields = Vec::new();
            for s in &supers {
                fields.push(l.dict(s, span));
            }
            for (m, _) in &cls.methods {
                let bind = inst.methods.iter().find_map(|b| match b {
                    ir::Bind::Fun {
                        name,
                        clauses,
                        span,
                        ..
                    } if &name.name == m => Some((clauses, *span)),
                    _ => None,
                });
                let field = match (bind, method_groups.get(m)) {
                    (Some((clauses, mspan)), Some(g)) => {
                        l.with_params(*g, |l| l.clauses(clauses, m, mspan))
                    }
                    // Before the default method: the library's default only
                    // reports a missing tag (lib/GHC/Exception.hs).
                    _ if crate::typecheck::short_name(m) == "exceptionTypeTag"
                        && *m == l.wired.exception_type_tag =>
                    {
                        let arg = l.fresh("e", Rep::Ptr);
                        let s = l.string_expr(info.head.head_con().unwrap_or(""));
                        Expr::Lam(vec![arg], Box::new(s))
                    }
                    _ if cls.defaults.contains(m) => {
                        let dm = l.global(&default_method_name(m), span);
                        Expr::App(Box::new(dm), vec![Expr::Var(self_var.clone())])
                    }
                    _ => {
                        let msg = format!(
                            "{}: No instance nor default method for class operation {}",
                            l.location(span),
                            crate::typecheck::short_name(m)
                        );
                        let f = l.wired.no_method.clone();
                        let f = l.global(&f, span);
                        let s = l.string_expr(&msg);
                        Expr::App(Box::new(f), vec![s])
                    }
                };
                fields.push(field);
            }
            let con = l.con_id(&cls.dict_con, span);
            let dict = Expr::ConApp(con, fields);
            if has_context {
                wrap_binds(vec![(self_var.clone(), dict)], Expr::Var(self_var))
            } else {
                dict
            }
        });
        Some((dfun_var, body))
    }
}

fn instance_head_con(t: &ir::SType) -> Option<String> {
    match t {
        ir::SType::Con(n, _) => Some(n.clone()),
        ir::SType::App(f, _) => instance_head_con(f),
        ir::SType::Var(..) => None,
    }
}

/// Orders top-level bindings by dependency: one `NonRec` per acyclic
/// binding, one `Rec` per strongly connected group.
pub fn dependency_order(binds: Vec<(Var, Expr)>) -> Vec<Bind> {
    let index: HashMap<core::VarId, usize> = binds
        .iter()
        .enumerate()
        .map(|(i, (v, _))| (v.id, i))
        .collect();
    let edges: Vec<Vec<usize>> = binds
        .iter()
        .map(|(_, e)| {
            let mut fv = Vec::new();
            free_vars(e, &mut fv);
            let mut out: Vec<usize> = fv.iter().filter_map(|v| index.get(v).copied()).collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let comps = sccs(&edges);
    let mut slots: Vec<Option<(Var, Expr)>> = binds.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for comp in comps {
        let self_ref = comp.len() == 1 && edges[comp[0]].contains(&comp[0]);
        let group: Vec<(Var, Expr)> = comp.iter().filter_map(|&i| slots[i].take()).collect();
        if group.len() == 1 && !self_ref {
            let (v, e) = group.into_iter().next().unwrap_or_else(|| unreachable!());
            out.push(Bind::NonRec(v, e));
        } else {
            out.push(Bind::Rec(group));
        }
    }
    out
}
