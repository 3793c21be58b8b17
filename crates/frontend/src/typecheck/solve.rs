//! Constraint solving: instance resolution, entailment from givens
//! (signatures and instance contexts, closed under superclasses), and
//! Haskell 2010 defaulting.
//!
//! Solving fills dictionary holes ([`HoleId`]) with [`DictExpr`]s. A
//! constraint whose type is still an unsolved variable is *residual*: the
//! binding-group code decides whether to quantify over it, pass it to the
//! enclosing group, or default it.

use super::state::{Checker, DictExpr, Wanted};
use super::types::{Pred, Type};
use crate::diagnostics::Diagnostic;

/// Classes whose presence allows defaulting (Haskell 2010 §4.3.4: at least
/// one numeric class).
const NUMERIC_CLASSES: &[&str] = &[
    "Num",
    "Real",
    "Integral",
    "Fractional",
    "Floating",
    "RealFrac",
    "RealFloat",
];

impl Checker {
    /// Solves what can be solved now; returns the residual constraints
    /// (those on unsolved type variables), zonked.
    pub fn solve(&mut self, wanteds: Vec<Wanted>) -> Vec<Wanted> {
        let mut work = wanteds;
        let mut residual = Vec::new();
        let mut steps = 0u32;
        while let Some(mut w) = work.pop() {
            steps += 1;
            if steps > 100_000 {
                self.error(Diagnostic::error(
                    w.span,
                    "Constraint solving did not terminate (instance loop?)",
                ));
                break;
            }
            w.pred.ty = self.zonk(&w.pred.ty);
            if let Some(d) = self.find_given(&w.pred) {
                self.fill(w.hole, d);
                continue;
            }
            match w.pred.ty.split_app().0.clone() {
                Type::Con(tc) => match self.g.instances.get(&(w.pred.class.clone(), tc)).cloned() {
                    Some(inst) => {
                        let mut args = Vec::new();
                        if !self.metas.match_gen(&inst.head, &w.pred.ty, &mut args) {
                            self.no_instance(&w);
                            continue;
                        }
                        let args: Vec<Type> = (0..inst.vars.len())
                            .map(|i| args.get(i).cloned().flatten().unwrap_or(Type::con("()")))
                            .collect();
                        let mut subs = Vec::new();
                        for p in &inst.context {
                            let hole = self.new_hole();
                            subs.push(DictExpr::Hole(hole));
                            work.push(Wanted {
                                pred: p.instantiate(&args),
                                hole,
                                span: w.span,
                                origin: w.origin.clone(),
                            });
                        }
                        self.fill(w.hole, DictExpr::Inst(inst.dfun.clone(), subs));
                    }
                    None => self.no_instance(&w),
                },
                Type::Meta(_) => residual.push(w),
                _ => self.no_instance(&w),
            }
        }
        residual
    }

    pub fn find_given(&self, p: &Pred) -> Option<DictExpr> {
        self.givens
            .iter()
            .rev()
            .find(|g| g.pred.class == p.class && self.zonk(&g.pred.ty) == p.ty)
            .map(|g| g.dict.clone())
    }

    fn no_instance(&mut self, w: &Wanted) {
        let names = super::state::MetaNames::of(&[&w.pred.ty]);
        let shown = names.show_pred(&w.pred);
        let skolem = w.pred.ty.any(&mut |t| matches!(t, Type::Skolem(..)));
        let msg = if skolem && !self.givens.is_empty() {
            format!("Could not deduce ({shown}) arising from {}", w.origin)
        } else {
            format!("No instance for ({shown}) arising from {}", w.origin)
        };
        self.error(Diagnostic::error(w.span, msg));
        self.fill(w.hole, DictExpr::Inst("<error>".into(), Vec::new()));
    }

    /// Reports constraints that can be neither solved nor defaulted.
    pub fn ambiguous(&mut self, w: &Wanted) {
        let names = super::state::MetaNames::of(&[&w.pred.ty]);
        let var = names.show(&w.pred.ty);
        let msg = format!(
            "Ambiguous type variable ‘{var}’ arising from {} prevents the constraint ‘({})’ from being solved.",
            w.origin,
            names.show_pred(&w.pred)
        );
        self.error(Diagnostic::error(w.span, msg));
        self.fill(w.hole, DictExpr::Inst("<error>".into(), Vec::new()));
    }

    /// Tries Haskell 2010 defaulting on `residual` constraints over the
    /// variables selected by `may_default`; returns what is left.
    pub fn default_residual(
        &mut self,
        residual: Vec<Wanted>,
        may_default: &dyn Fn(&Checker, &Type) -> bool,
    ) -> Vec<Wanted> {
        let mut left = Vec::new();
        let mut pending = residual;
        while let Some(w) = pending.pop() {
            let ty = self.zonk(&w.pred.ty);
            if !matches!(ty, Type::Meta(_)) {
                // Solved by an earlier defaulting in this loop.
                left.extend(self.solve(vec![w]));
                continue;
            }
            if !may_default(self, &ty) {
                left.push(w);
                continue;
            }
            // All constraints on this variable.
            let mut group = vec![w];
            let mut rest = Vec::new();
            for o in pending.drain(..) {
                if self.zonk(&o.pred.ty) == ty {
                    group.push(o)
                } else {
                    rest.push(o)
                }
            }
            pending = rest;
            let numeric = group
                .iter()
                .any(|w| NUMERIC_CLASSES.contains(&super::short_name(&w.pred.class)));
            let standard = group.iter().all(|w| self.is_standard_class(&w.pred.class));
            let candidates = match &self.user_defaults {
                Some((file, tys)) if *file == w_span_file(&group) => tys.clone(),
                _ => self.default_types.clone(),
            };
            let choice = if numeric && standard {
                candidates.into_iter().find(|cand| {
                    group
                        .iter()
                        .all(|w| self.entails_closed(&w.pred.class, cand))
                })
            } else {
                None
            };
            match (choice, &ty) {
                (Some(cand), Type::Meta(m)) => {
                    self.metas.set(*m, cand);
                    let r = self.solve(group);
                    left.extend(r);
                }
                _ => left.extend(group),
            }
        }
        left
    }

    /// Whether `class` is one of the library's classes (Haskell 2010 allows
    /// defaulting only when every class is a standard one).
    fn is_standard_class(&self, class: &str) -> bool {
        let module = class.rsplit_once('.').map_or("", |(m, _)| m);
        !module.is_empty() && module != "Main" && self.library_modules_contain(module)
    }

    fn library_modules_contain(&self, module: &str) -> bool {
        super::LIBRARY_MODULE_PREFIXES
            .iter()
            .any(|p| module == *p || module.starts_with(&format!("{p}.")))
    }

    /// Whether `class ty` holds with no further assumptions (for defaulting).
    fn entails_closed(&self, class: &str, ty: &Type) -> bool {
        let Some(tc) = ty.head_con() else {
            return false;
        };
        match self.g.instances.get(&(class.to_string(), tc.to_string())) {
            Some(inst) => {
                let mut args = Vec::new();
                self.metas.match_gen(&inst.head, ty, &mut args)
                    && inst.context.iter().all(|p| {
                        let args: Vec<Type> = args
                            .iter()
                            .map(|a| a.clone().unwrap_or(Type::con("()")))
                            .collect();
                        let t = p.ty.instantiate(&args);
                        self.entails_closed(&p.class, &t)
                    })
            }
            None => false,
        }
    }

    /// Removes constraints implied by the superclasses of others
    /// (`(Eq a, Ord a)` becomes `Ord a`) and duplicates.
    pub fn reduce_context(&self, preds: Vec<Pred>) -> Vec<Pred> {
        let mut out: Vec<Pred> = Vec::new();
        for p in &preds {
            if out.contains(p) {
                continue;
            }
            let implied = preds.iter().any(|q| {
                q != p && q.ty == p.ty && self.superclass_closure(&q.class).contains(&p.class)
            });
            if !implied {
                out.push(p.clone());
            }
        }
        out
    }

    /// All (transitive) superclasses of a class.
    pub fn superclass_closure(&self, class: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![class.to_string()];
        while let Some(c) = stack.pop() {
            if let Some(info) = self.g.classes.get(&c) {
                for s in &info.supers {
                    if !out.contains(s) && out.len() < 64 {
                        out.push(s.clone());
                        stack.push(s.clone());
                    }
                }
            }
        }
        out
    }
}

/// The file a defaulting group's constraints arise in (its first member's).
fn w_span_file(group: &[Wanted]) -> crate::diagnostics::FileId {
    group[0].span.file
}

impl Checker {
    /// The types of a `default` declaration, each checked to be an
    /// instance of `Num` (Haskell 2010 4.3.4).
    pub fn default_decl_types(&mut self, d: &crate::rename::ir::DefaultDecl) -> Vec<Type> {
        let num = self.wired_classes.get("Num").cloned();
        let mut tys = Vec::new();
        for t in &d.types {
            let ty = self.convert_sig_type(t, false);
            let ty = self.zonk(&ty);
            if let Some(num) = &num
                && !self.entails_closed(num, &ty)
            {
                self.error(Diagnostic::error(
                    t.span(),
                    format!("No instance for (Num {ty}) arising from the 'default' declaration"),
                ));
                continue;
            }
            tys.push(ty);
        }
        tys
    }
}
