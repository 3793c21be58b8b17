//! The checker's mutable state ([`Checker`]) and its small shared helpers:
//! fresh variables and skolems, instantiation, unification with messages,
//! and the side tables the elaborator reads ([`Elab`]).

use std::collections::HashMap;

use super::env::Globals;
use super::types::{MetaId, Pred, Scheme, Type};
use super::unify::{MetaStore, UnifyError};
use crate::diagnostics::{Diagnostic, Span};
use crate::rename::ir::{NameId, OccId};

/// A binding group or signature whose dictionary parameters are in scope
/// while its right-hand sides are elaborated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub u32);

/// A dictionary to be filled in by the solver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HoleId(pub u32);

/// How to build a class dictionary in Core.
#[derive(Clone, Debug, PartialEq)]
pub enum DictExpr {
    /// The `i`-th dictionary parameter of a group.
    Param(GroupId, u32),
    /// An instance's dictionary (function) applied to the dictionaries of
    /// its context.
    Inst(String, Vec<DictExpr>),
    /// Field `i` (a superclass dictionary) of another dictionary of class
    /// `class`.
    Super(Box<DictExpr>, String, u32),
    /// Whatever the solver put in this hole.
    Hole(HoleId),
}

/// A constraint to solve.
#[derive(Clone, Debug)]
pub struct Wanted {
    pub pred: Pred,
    pub hole: HoleId,
    pub span: Span,
    /// "a use of ‘show’", "the literal ‘3’".
    pub origin: String,
}

/// An available dictionary (from a signature or instance context, closed
/// under superclasses).
#[derive(Clone, Debug)]
pub struct Given {
    pub pred: Pred,
    pub dict: DictExpr,
}

/// What the elaborator needs to know about the checked program.
#[derive(Clone, Debug, Default)]
pub struct Elab {
    /// Dictionary arguments of a variable or constructor occurrence.
    pub occ_dicts: HashMap<OccId, Vec<DictExpr>>,
    /// Occurrences of a binding of an implicitly typed group inside that
    /// group: apply to the group's own dictionary parameters.
    pub occ_mono: HashMap<OccId, GroupId>,
    /// Type of each literal (zonked by the elaborator) for the fast paths.
    pub lit_types: HashMap<OccId, Type>,
    /// `fromInteger`/`fromRational` dictionary of a literal expression, or
    /// `[Eq, Num]` / `[Eq, Fractional]` of a literal pattern.
    pub lit_dicts: HashMap<OccId, Vec<DictExpr>>,
    /// Bindings that take dictionary parameters: which group's.
    pub bind_group: HashMap<NameId, GroupId>,
    /// Number of dictionary parameters of each group.
    pub group_arity: HashMap<GroupId, usize>,
    /// Solutions of the holes.
    pub holes: Vec<Option<DictExpr>>,
    /// Per instance (by dfun name): its context group and, per method
    /// (qualified name), the group of the method's own constraints.
    pub instance_groups: HashMap<String, (GroupId, HashMap<String, GroupId>)>,
    /// Superclass dictionaries of each instance (by dfun name), in the
    /// context of the instance's group.
    pub instance_supers: HashMap<String, Vec<DictExpr>>,
    /// Default method bindings by method name: group.
    pub default_groups: HashMap<String, GroupId>,
}

/// What a local variable is bound to during inference.
#[derive(Clone, Debug)]
pub enum LocalType {
    /// Lambda/pattern-bound, or a member of the group being inferred (then
    /// with the group, for `Elab::occ_mono`).
    Mono(Type, Option<GroupId>),
    Poly(Scheme),
}

pub struct Checker {
    pub g: Globals,
    pub metas: MetaStore,
    pub level: u32,
    pub locals: HashMap<NameId, LocalType>,
    /// Unsolved constraints, innermost last.
    pub wanted: Vec<Wanted>,
    pub givens: Vec<Given>,
    pub elab: Elab,
    pub errors: Vec<Diagnostic>,
    pub next_skolem: u32,
    pub next_group: u32,
    /// Types of top-level values being inferred (monomorphic within their
    /// group), as for locals.
    pub top_mono: HashMap<String, (Type, GroupId)>,
    /// Candidate types for defaulting (`default (Integer, Double)`).
    pub default_types: Vec<Type>,
    /// The user module's `default (...)` declaration: its file and its
    /// types, which replace `default_types` for constraints arising in that
    /// file (library code keeps Haskell 2010's default).
    pub user_defaults: Option<(crate::diagnostics::FileId, Vec<Type>)>,
    /// Qualified name of `Bool`.
    pub g_bool: String,
    /// Qualified names of the standard classes the checker itself needs
    /// (`Num`, `Fractional`, `Eq`), by short name.
    pub wired_classes: HashMap<String, String>,
}

impl Checker {
    pub fn new(g: Globals) -> Checker {
        Checker {
            g,
            metas: MetaStore::default(),
            level: 1,
            locals: HashMap::new(),
            wanted: Vec::new(),
            givens: Vec::new(),
            elab: Elab::default(),
            errors: Vec::new(),
            next_skolem: 0,
            next_group: 0,
            top_mono: HashMap::new(),
            default_types: vec![
                Type::con(super::types::tc::INTEGER),
                Type::con(super::types::tc::DOUBLE),
            ],
            user_defaults: None,
            g_bool: "Bool".to_string(),
            wired_classes: HashMap::new(),
        }
    }

    pub fn fresh(&mut self) -> Type {
        self.metas.fresh(self.level)
    }

    pub fn new_group(&mut self) -> GroupId {
        self.next_group += 1;
        GroupId(self.next_group)
    }

    pub fn skolem(&mut self, name: &str) -> Type {
        self.next_skolem += 1;
        Type::Skolem(self.next_skolem, name.to_string())
    }

    pub fn new_hole(&mut self) -> HoleId {
        self.elab.holes.push(None);
        HoleId(self.elab.holes.len() as u32 - 1)
    }

    pub fn fill(&mut self, h: HoleId, d: DictExpr) {
        self.elab.holes[h.0 as usize] = Some(d);
    }

    pub fn zonk(&self, t: &Type) -> Type {
        self.metas.zonk(t)
    }

    pub fn error(&mut self, d: Diagnostic) {
        if !self.errors.contains(&d) {
            self.errors.push(d);
        }
    }

    /// Instantiates a scheme with fresh variables; its predicates become
    /// wanted constraints whose holes are returned in order.
    pub fn instantiate(&mut self, s: &Scheme, span: Span, origin: &str) -> (Type, Vec<DictExpr>) {
        let args: Vec<Type> = (0..s.vars.len()).map(|_| self.fresh()).collect();
        let mut dicts = Vec::new();
        for p in &s.preds {
            let hole = self.new_hole();
            self.wanted.push(Wanted {
                pred: p.instantiate(&args),
                hole,
                span,
                origin: origin.to_string(),
            });
            dicts.push(DictExpr::Hole(hole));
        }
        (s.ty.instantiate(&args), dicts)
    }

    /// Unifies `expected` with `actual`, reporting a mismatch at `span`.
    pub fn unify_at(&mut self, expected: &Type, actual: &Type, span: Span) -> bool {
        match self.metas.unify(expected, actual) {
            Ok(()) => true,
            Err(e) => {
                let msg = self.unify_message(expected, actual, e);
                self.error(Diagnostic::error(span, msg));
                false
            }
        }
    }

    fn unify_message(&self, expected: &Type, actual: &Type, e: UnifyError) -> String {
        let exp = self.zonk(expected);
        let act = self.zonk(actual);
        match e {
            UnifyError::Occurs(m, t) => {
                let names = MetaNames::of(&[&Type::Meta(m), &t]);
                format!(
                    "Occurs check: cannot construct the infinite type: {} ~ {}",
                    names.show(&Type::Meta(m)),
                    names.show(&t)
                )
            }
            UnifyError::Mismatch(a, b) => {
                let names = MetaNames::of(&[&exp, &act, &a, &b]);
                let mut msg = format!(
                    "Couldn't match expected type ‘{}’ with actual type ‘{}’",
                    names.show(&exp),
                    names.show(&act)
                );
                if (a != exp || b != act) && (a != act || b != exp) {
                    msg = format!(
                        "Couldn't match type ‘{}’ with ‘{}’\n  Expected: {}\n    Actual: {}",
                        names.show(&b),
                        names.show(&a),
                        names.show(&exp),
                        names.show(&act)
                    );
                }
                msg
            }
        }
    }

    /// Pushes the givens for `preds` (dictionaries `Param(group, i)`),
    /// closed under superclasses. Returns the previous length of the stack.
    pub fn push_givens(&mut self, preds: &[Pred], group: GroupId) -> usize {
        let mark = self.givens.len();
        for (i, p) in preds.iter().enumerate() {
            self.add_given(p.clone(), DictExpr::Param(group, i as u32), 0);
        }
        mark
    }

    pub fn add_given(&mut self, pred: Pred, dict: DictExpr, depth: u32) {
        if depth > 20 || self.givens.iter().any(|g| g.pred == pred) {
            return;
        }
        let supers = self
            .g
            .classes
            .get(&pred.class)
            .map(|c| c.supers.clone())
            .unwrap_or_default();
        self.givens.push(Given {
            pred: pred.clone(),
            dict: dict.clone(),
        });
        for (i, s) in supers.iter().enumerate() {
            let sp = Pred {
                class: s.clone(),
                ty: pred.ty.clone(),
            };
            self.add_given(
                sp,
                DictExpr::Super(Box::new(dict.clone()), pred.class.clone(), i as u32),
                depth + 1,
            );
        }
    }
}

/// Names unification variables `a0, b0, ...` in messages, in order of
/// appearance, as GHC does.
pub struct MetaNames {
    names: HashMap<MetaId, String>,
}

impl MetaNames {
    pub fn of(types: &[&Type]) -> MetaNames {
        let mut metas = Vec::new();
        for t in types {
            t.metas(&mut metas);
        }
        let names = metas
            .into_iter()
            .enumerate()
            .map(|(i, m)| {
                let letter = (b'a' + (i % 26) as u8) as char;
                (m, format!("{letter}{}", i / 26))
            })
            .collect();
        MetaNames { names }
    }

    pub fn show(&self, t: &Type) -> String {
        let renamed = t.map(&mut |x| match x {
            Type::Meta(m) => self.names.get(m).map(|n| Type::Skolem(u32::MAX, n.clone())),
            _ => None,
        });
        renamed.to_string()
    }

    pub fn show_pred(&self, p: &Pred) -> String {
        let renamed = Pred {
            class: p.class.clone(),
            ty: p.ty.clone(),
        };
        let ty = self.show(&renamed.ty);
        let atomic =
            !ty.contains(' ') || ty.starts_with('[') || (ty.starts_with('(') && ty.ends_with(')'));
        let class = super::short_name(&p.class);
        if atomic {
            format!("{class} {ty}")
        } else {
            format!("{class} ({ty})")
        }
    }
}
