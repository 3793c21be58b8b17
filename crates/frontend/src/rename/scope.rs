//! Module-level scopes: what each module defines and exports, and what is
//! in scope in a module after its imports.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Span};
use crate::syntax::ast::{self, DeclKind, ExportKind, ItemSubs};

/// The two namespaces of Haskell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ns {
    /// Variables, constructors, methods, fields.
    Value,
    /// Type constructors, synonyms, classes.
    Type,
}

/// Entities a module provides: unqualified name -> qualified names (more
/// than one means an ambiguity, reported on use).
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub values: HashMap<String, Vec<String>>,
    pub types: HashMap<String, Vec<String>>,
    /// For a type or class (qualified): its constructors/fields or methods
    /// as (unqualified, qualified).
    pub subs: HashMap<String, Vec<(String, String)>>,
}

impl Table {
    pub fn add(&mut self, ns: Ns, name: &str, qualified: &str) {
        let map = match ns {
            Ns::Value => &mut self.values,
            Ns::Type => &mut self.types,
        };
        let v = map.entry(name.to_string()).or_default();
        if !v.iter().any(|q| q == qualified) {
            v.push(qualified.to_string());
        }
    }

    pub fn get(&self, ns: Ns, name: &str) -> &[String] {
        let map = match ns {
            Ns::Value => &self.values,
            Ns::Type => &self.types,
        };
        map.get(name).map_or(&[], |v| v.as_slice())
    }

    pub fn merge(&mut self, other: &Table) {
        for (n, qs) in &other.values {
            for q in qs {
                self.add(Ns::Value, n, q);
            }
        }
        for (n, qs) in &other.types {
            for q in qs {
                self.add(Ns::Type, n, q);
            }
        }
        for (k, v) in &other.subs {
            self.subs.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// The top-level entities a module defines.
pub fn defined(m: &ast::Module, module: &str, field_names: bool) -> Table {
    let q = |n: &str| format!("{module}.{n}");
    let mut t = Table::default();
    for d in &m.decls {
        match &d.kind {
            DeclKind::FunBind(f) => t.add(Ns::Value, &f.name.name, &q(&f.name.name)),
            DeclKind::PatBind(p, _) => {
                let mut vs = Vec::new();
                pat_vars(p, &mut vs);
                for v in vs {
                    t.add(Ns::Value, &v, &q(&v));
                }
            }
            DeclKind::Data(dd) | DeclKind::Newtype(dd) => {
                let tq = q(&dd.name.name);
                t.add(Ns::Type, &dd.name.name, &tq);
                let mut subs = Vec::new();
                for c in &dd.cons {
                    t.add(Ns::Value, &c.name.name, &q(&c.name.name));
                    subs.push((c.name.name.clone(), q(&c.name.name)));
                    if field_names {
                        for f in c.fields.names() {
                            if !subs.iter().any(|(n, _)| *n == f.name) {
                                subs.push((f.name.clone(), q(&f.name)));
                            }
                        }
                    }
                }
                t.subs.insert(tq, subs);
            }
            DeclKind::TypeSyn(s) => t.add(Ns::Type, &s.name.name, &q(&s.name.name)),
            DeclKind::Class(c) => {
                let cq = q(&c.name.name);
                t.add(Ns::Type, &c.name.name, &cq);
                let mut subs = Vec::new();
                for cd in &c.decls {
                    if let DeclKind::TypeSig(names, _) = &cd.kind {
                        for n in names {
                            t.add(Ns::Value, &n.name, &q(&n.name));
                            subs.push((n.name.clone(), q(&n.name)));
                        }
                    }
                }
                t.subs.insert(cq, subs);
            }
            DeclKind::ForeignImport(f) => t.add(Ns::Value, &f.name.name, &q(&f.name.name)),
            _ => {}
        }
    }
    t
}

/// Variables bound by a pattern.
pub fn pat_vars(p: &ast::Pat, out: &mut Vec<String>) {
    use ast::PatKind::*;
    match &p.kind {
        Var(n) => out.push(n.name.clone()),
        Wildcard | Lit { .. } => {}
        Con(_, ps) | Tuple(ps) | List(ps) => ps.iter().for_each(|p| pat_vars(p, out)),
        OpSeq(items) => items.iter().for_each(|i| {
            if let ast::PatOpItem::Operand(p) = i {
                pat_vars(p, out)
            }
        }),
        Record(_, fs) => fs.iter().for_each(|f| pat_vars(&f.pat, out)),
        As(n, p) => {
            out.push(n.name.clone());
            pat_vars(p, out)
        }
        Lazy(p) | Bang(p) | Paren(p) => pat_vars(p, out),
    }
}

/// Computes a module's exports from its export list. `in_scope` is the
/// module's full scope (own definitions and imports), `own` its definitions,
/// `imported` the exports of each module it imports (by name or alias).
pub fn exports(
    m: &ast::Module,
    own: &Table,
    in_scope: &Table,
    imported: &HashMap<String, Table>,
    errors: &mut Vec<Diagnostic>,
) -> Table {
    let Some(list) = &m.exports else {
        return own.clone();
    };
    let mut out = Table::default();
    for e in list {
        match &e.kind {
            ExportKind::Var(n) => {
                let qs = in_scope.get(Ns::Value, &n.name);
                if qs.is_empty() {
                    errors.push(not_in_scope_export(e.span, &n.name));
                }
                for q in qs {
                    out.add(Ns::Value, &n.name, q);
                }
            }
            ExportKind::Type(n, subs) => {
                let qs = in_scope.get(Ns::Type, &n.name).to_vec();
                if qs.is_empty() {
                    errors.push(not_in_scope_export(e.span, &n.name));
                }
                for q in qs {
                    out.add(Ns::Type, &n.name, &q);
                    let all = in_scope.subs.get(&q).cloned().unwrap_or_default();
                    out.subs.insert(q.clone(), all.clone());
                    let chosen: Vec<(String, String)> = match subs {
                        ItemSubs::None => Vec::new(),
                        ItemSubs::All => all,
                        ItemSubs::Some(names) => all
                            .into_iter()
                            .filter(|(s, _)| names.iter().any(|n| &n.name == s))
                            .collect(),
                    };
                    for (s, sq) in chosen {
                        out.add(Ns::Value, &s, &sq);
                    }
                }
            }
            ExportKind::Module(mn) => {
                if mn.name == m.name_text() {
                    out.merge(own);
                } else if let Some(t) = imported.get(&mn.name) {
                    out.merge(t);
                } else {
                    errors.push(Diagnostic::error(
                        e.span,
                        format!("The export item ‘module {}’ is not imported", mn.name),
                    ));
                }
            }
        }
    }
    out
}

fn not_in_scope_export(span: Span, name: &str) -> Diagnostic {
    Diagnostic::error(span, format!("Not in scope: ‘{name}’"))
}

/// Applies an import's item list (or hiding list) to a module's exports.
pub fn filter_import(exports: &Table, imp: &ast::Import, errors: &mut Vec<Diagnostic>) -> Table {
    let Some(items) = &imp.items else {
        return exports.clone();
    };
    let mut chosen = Table::default();
    for it in items {
        match &it.kind {
            ExportKind::Var(n) => {
                let qs = exports.get(Ns::Value, &n.name);
                if qs.is_empty() && !imp.hiding {
                    errors.push(Diagnostic::error(
                        it.span,
                        format!("Module ‘{}’ does not export ‘{}’", imp.module.name, n.name),
                    ));
                }
                for q in qs {
                    chosen.add(Ns::Value, &n.name, q);
                }
            }
            ExportKind::Type(n, subs) => {
                let qs = exports.get(Ns::Type, &n.name).to_vec();
                // `hiding (C)` also hides a data constructor named C.
                if imp.hiding && matches!(subs, ItemSubs::None) {
                    for q in exports.get(Ns::Value, &n.name) {
                        chosen.add(Ns::Value, &n.name, q);
                    }
                }
                if qs.is_empty() && !imp.hiding {
                    errors.push(Diagnostic::error(
                        it.span,
                        format!("Module ‘{}’ does not export ‘{}’", imp.module.name, n.name),
                    ));
                }
                for q in qs {
                    chosen.add(Ns::Type, &n.name, &q);
                    let all = exports.subs.get(&q).cloned().unwrap_or_default();
                    let picked: Vec<(String, String)> = match subs {
                        ItemSubs::None => Vec::new(),
                        ItemSubs::All => all,
                        ItemSubs::Some(names) => all
                            .into_iter()
                            .filter(|(s, _)| names.iter().any(|n| &n.name == s))
                            .collect(),
                    };
                    for (s, sq) in picked {
                        if exports.get(Ns::Value, &s).contains(&sq) {
                            chosen.add(Ns::Value, &s, &sq);
                        }
                    }
                }
            }
            ExportKind::Module(_) => {}
        }
    }
    chosen.subs = exports.subs.clone();
    if !imp.hiding {
        return chosen;
    }
    let mut out = Table {
        subs: exports.subs.clone(),
        ..Table::default()
    };
    for (n, qs) in &exports.values {
        for q in qs {
            if !chosen.get(Ns::Value, n).contains(q) {
                out.add(Ns::Value, n, q);
            }
        }
    }
    for (n, qs) in &exports.types {
        for q in qs {
            if !chosen.get(Ns::Type, n).contains(q) {
                out.add(Ns::Type, n, q);
            }
        }
    }
    out
}
