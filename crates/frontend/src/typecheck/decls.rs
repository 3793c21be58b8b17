//! Top-level declarations: data types, synonyms, classes and instances go
//! into the [`Globals`]; then default methods and instance methods are
//! checked against the class's method types.

use std::collections::HashMap;

use super::env::{ClassInfo, ConInfo, DataInfo, Globals, InstInfo, Synonym, TypeConv};
use super::state::{Checker, DictExpr, GroupId, Wanted};
use super::types::{Pred, Scheme, Type};
use crate::diagnostics::Diagnostic;
use crate::rename::ir::{self, Bind, SType};

/// Name of the dictionary constructor of a class.
pub fn dict_con_name(class: &str) -> String {
    format!("{class}:Dict")
}

/// Name of the top-level dictionary (function) of an instance.
pub fn dfun_name(class: &str, tycon: &str) -> String {
    format!("$f{class}@{tycon}")
}

/// Name of the top-level default method binding.
pub fn default_method_name(method: &str) -> String {
    format!("$dm{method}")
}

/// Fills the global environment from the declarations; returns errors.
pub fn collect(prog: &ir::Program, g: &mut Globals) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for s in &prog.synonyms {
        g.synonyms.insert(
            s.name.clone(),
            Synonym {
                params: s.params.clone(),
                rhs: s.rhs.clone(),
            },
        );
    }
    for d in &prog.data {
        let data_ty = Type::apps(
            Type::Con(d.name.clone()),
            (0..d.params.len()).map(|i| Type::Gen(i as u32)),
        );
        let family_size = d.cons.len() as u32;
        for (tag, c) in d.cons.iter().enumerate() {
            let mut vars: Vec<(String, Type)> = d
                .params
                .iter()
                .enumerate()
                .map(|(i, p)| (p.clone(), Type::Gen(i as u32)))
                .collect();
            let mut fields = Vec::new();
            for f in &c.fields {
                match (TypeConv {
                    globals: g,
                    vars: &mut vars,
                    on_new_var: None,
                })
                .convert(f)
                {
                    Ok(t) => fields.push(t),
                    Err(e) => errors.push(e),
                }
            }
            let arity = fields.len();
            g.cons.insert(
                c.name.clone(),
                ConInfo {
                    name: c.name.clone(),
                    type_name: d.name.clone(),
                    tag: tag as u32,
                    family_size,
                    scheme: Scheme {
                        vars: d.params.clone(),
                        preds: Vec::new(),
                        ty: Type::funs(fields, data_ty.clone()),
                    },
                    arity,
                    strict: c.strict.clone(),
                    newtype: d.newtype,
                },
            );
        }
        g.data.insert(
            d.name.clone(),
            DataInfo {
                name: d.name.clone(),
                arity: d.params.len(),
                cons: d.cons.iter().map(|c| c.name.clone()).collect(),
                newtype: d.newtype,
            },
        );
    }
    for c in &prog.classes {
        let mut methods = Vec::new();
        for (b, sig) in &c.methods {
            let mut names = vec![c.tyvar.clone()];
            super::env::stype_vars(&sig.ty, &mut names);
            for (_, t) in &sig.context {
                super::env::stype_vars(t, &mut names);
            }
            let mut vars: Vec<(String, Type)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), Type::Gen(i as u32)))
                .collect();
            let mut conv = TypeConv {
                globals: g,
                vars: &mut vars,
                on_new_var: None,
            };
            let mut preds = vec![Pred {
                class: c.name.clone(),
                ty: Type::Gen(0),
            }];
            let ty = match conv.convert(&sig.ty) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            for (cls, t) in &sig.context {
                match conv.convert(t) {
                    Ok(t) => preds.push(Pred {
                        class: cls.clone(),
                        ty: t,
                    }),
                    Err(e) => errors.push(e),
                }
            }
            let scheme = Scheme {
                vars: names,
                preds,
                ty,
            };
            g.values.insert(b.name.clone(), scheme.clone());
            g.method_class.insert(b.name.clone(), c.name.clone());
            methods.push((b.name.clone(), scheme));
        }
        let defaults = c
            .defaults
            .iter()
            .filter_map(|b| match b {
                Bind::Fun { name, .. } => Some(name.name.clone()),
                Bind::Pat { .. } => None,
            })
            .collect();
        g.classes.insert(
            c.name.clone(),
            ClassInfo {
                name: c.name.clone(),
                supers: c.supers.clone(),
                methods,
                defaults,
                dict_con: dict_con_name(&c.name),
            },
        );
    }
    for inst in &prog.instances {
        match instance_info(inst, g) {
            Ok(info) => {
                let key = (
                    info.class.clone(),
                    info.head.head_con().unwrap_or("").to_string(),
                );
                let message = format!(
                    "Duplicate instance declarations: instance {} {}",
                    super::short_name(&key.0),
                    super::short_name(&key.1)
                );
                match g.instances.entry(key) {
                    std::collections::hash_map::Entry::Occupied(_) => {
                        errors.push(Diagnostic::error(inst.span, message))
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(info);
                    }
                }
            }
            Err(e) => errors.push(e),
        }
    }
    errors
}

fn instance_info(inst: &ir::InstDecl, g: &Globals) -> Result<InstInfo, Diagnostic> {
    if !g.classes.contains_key(&inst.class) {
        return Err(Diagnostic::error(
            inst.span,
            format!("Not a class: ‘{}’", super::short_name(&inst.class)),
        ));
    }
    let mut names = Vec::new();
    super::env::stype_vars(&inst.head, &mut names);
    let mut vars: Vec<(String, Type)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), Type::Gen(i as u32)))
        .collect();
    let mut conv = TypeConv {
        globals: g,
        vars: &mut vars,
        on_new_var: None,
    };
    let head = conv.convert(&inst.head)?;
    let Some(tycon) = head.head_con().map(str::to_string) else {
        return Err(Diagnostic::error(
            inst.span,
            "Illegal instance declaration: the instance head must be a type constructor applied to type variables",
        ));
    };
    let (_, args) = head.split_app();
    let distinct_vars = args
        .iter()
        .enumerate()
        .all(|(i, a)| matches!(a, Type::Gen(j) if *j as usize == i));
    if !distinct_vars || args.len() != names.len() {
        return Err(Diagnostic::error(
            inst.head.span(),
            format!(
                "Illegal instance declaration for ‘{}’: the head must have the form (T a1 ... an) with distinct type variables",
                super::short_name(&inst.class)
            ),
        ));
    }
    let mut context = Vec::new();
    for (cls, t) in &inst.context {
        context.push(Pred {
            class: cls.clone(),
            ty: conv.convert(t)?,
        });
    }
    Ok(InstInfo {
        class: inst.class.clone(),
        head,
        vars: names,
        context,
        dfun: dfun_name(&inst.class, &tycon),
        span: inst.span,
    })
}

/// The error for a binding in a class or instance declaration that names
/// no method of `class`.
fn not_a_method(name: &ir::Binder, class: &str) -> Diagnostic {
    Diagnostic::error(
        name.span,
        format!(
            "‘{}’ is not a (visible) method of class ‘{}’",
            super::short_name(&name.name),
            super::short_name(class)
        ),
    )
}

impl Checker {
    /// Checks every class's default methods.
    pub fn check_class_defaults(&mut self, classes: &[ir::ClassDecl]) {
        for c in classes {
            for b in &c.defaults {
                let Bind::Fun {
                    name,
                    clauses,
                    span,
                    ..
                } = b
                else {
                    self.error(Diagnostic::error(
                        b.span(),
                        "A default method must be a function binding",
                    ));
                    continue;
                };
                let Some(scheme) = self.g.values.get(&name.name).cloned() else {
                    self.error(not_a_method(name, &c.name));
                    continue;
                };
                let g = self.check_against(&scheme, clauses, &name.name, *span);
                self.elab.default_groups.insert(name.name.clone(), g);
            }
        }
    }

    /// Checks every instance's methods and solves its superclass
    /// dictionaries.
    pub fn check_instances(&mut self, instances: &[ir::InstDecl]) {
        for inst in instances {
            self.check_instance(inst);
        }
    }

    fn check_instance(&mut self, inst: &ir::InstDecl) {
        let Some(class) = self.g.classes.get(&inst.class).cloned() else {
            return;
        };
        let head_tc = match instance_head_con(&inst.head) {
            Some(t) => t,
            None => return,
        };
        let key = (inst.class.clone(), head_tc);
        let Some(info) = self.g.instances.get(&key).cloned() else {
            return;
        };
        if info.span != inst.span {
            return; // a duplicate, already reported
        }
        let ig = self.new_group();
        let skolems: Vec<Type> = info.vars.iter().map(|v| self.skolem(v)).collect();
        let head = info.head.instantiate(&skolems);
        let context: Vec<Pred> = info
            .context
            .iter()
            .map(|p| p.instantiate(&skolems))
            .collect();
        self.elab.group_arity.insert(ig, context.len());
        let mark = self.push_givens(&context, ig);
        // Superclass dictionaries.
        let mut supers = Vec::new();
        let start = self.wanted.len();
        for s in &class.supers {
            let hole = self.new_hole();
            self.wanted.push(Wanted {
                pred: Pred {
                    class: s.clone(),
                    ty: head.clone(),
                },
                hole,
                span: inst.span,
                origin: format!(
                    "the superclasses of an instance declaration for ‘{}’",
                    super::short_name(&inst.class)
                ),
            });
            supers.push(DictExpr::Hole(hole));
        }
        let ws = self.wanted.split_off(start);
        let residual = self.solve(ws);
        for w in residual {
            self.ambiguous(&w);
        }
        // Methods.
        let mut method_groups: HashMap<String, GroupId> = HashMap::new();
        for b in &inst.methods {
            let Bind::Fun {
                name,
                clauses,
                span,
                ..
            } = b
            else {
                self.error(Diagnostic::error(
                    b.span(),
                    "Pattern bindings are not allowed in instance declarations",
                ));
                continue;
            };
            let Some((_, mscheme)) = class.methods.iter().find(|(m, _)| *m == name.name).cloned()
            else {
                self.error(not_a_method(name, &inst.class));
                continue;
            };
            if method_groups.contains_key(&name.name) {
                self.error(Diagnostic::error(
                    name.span,
                    format!(
                        "Conflicting definitions for ‘{}’",
                        super::short_name(&name.name)
                    ),
                ));
                continue;
            }
            // The method's type at this instance: the class variable is the
            // head; the method's other variables stay quantified.
            let n = mscheme.vars.len();
            let mut args = vec![head.clone()];
            args.extend((0..n.saturating_sub(1)).map(|i| Type::Gen(i as u32)));
            let scheme = Scheme {
                vars: mscheme.vars[1..].to_vec(),
                preds: mscheme.preds[1..]
                    .iter()
                    .map(|p| p.instantiate(&args))
                    .collect(),
                ty: mscheme.ty.instantiate(&args),
            };
            let g = self.check_against(&scheme, clauses, &name.name, *span);
            method_groups.insert(name.name.clone(), g);
        }
        self.givens.truncate(mark);
        self.elab
            .instance_groups
            .insert(info.dfun.clone(), (ig, method_groups));
        self.elab.instance_supers.insert(info.dfun.clone(), supers);
    }
}

fn instance_head_con(t: &SType) -> Option<String> {
    match t {
        SType::Con(n, _) => Some(n.clone()),
        SType::App(f, _) => instance_head_con(f),
        SType::Var(..) => None,
    }
}
