//! Renaming: resolves every name of every module of a compilation to a
//! unique entity and produces one flat [`ir::Program`].
//!
//! Top-level entities are named by their qualified original name
//! (`Prelude.map`, `Main.Leaf`); built-in types, special syntax and
//! primitives keep their bare names (`Int`, `:`, `(,)`, `primIntAdd`) and
//! live in the pseudo-module [`crate::prim::PRIM_MODULE`]. Local binders get
//! program-wide unique [`ir::NameId`]s. Scope errors are reported GHC-style
//! (`Variable not in scope: foo`). Modules must be given dependencies first.

pub mod expr;
pub mod frac;
pub mod ir;
pub mod scope;

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, SourceFile, Span};
use crate::syntax::ast::{self, DeclKind};
use expr::{ModCtx, Supply};
use ir::Binder;
use scope::{Ns, Table};

/// An (unqualified, qualified) name pair.
pub type QualPair = (String, String);

/// What the primitive pseudo-module provides. Names are
/// (unqualified, qualified) pairs.
#[derive(Clone, Debug, Default)]
pub struct PrimScope {
    /// Module name (`Hsrts.Prim`).
    pub module: String,
    /// Primitive functions.
    pub values: Vec<(String, String)>,
    /// Built-in types with their Haskell-visible constructors.
    pub types: Vec<(QualPair, Vec<QualPair>)>,
}

impl PrimScope {
    fn table(&self) -> Table {
        let mut t = Table::default();
        for (v, q) in &self.values {
            t.add(Ns::Value, v, q);
        }
        for ((ty, tq), cons) in &self.types {
            t.add(Ns::Type, ty, tq);
            for (c, cq) in cons {
                t.add(Ns::Value, c, cq);
            }
            t.subs.insert(tq.clone(), cons.clone());
        }
        t
    }
}

// Note [Located errors]
// ~~~~~~~~~~~~~~~~~~~~~
// GHC 9.0 prints an uncaught `error "msg"` from the user's program as
//     prog: msg
//     CallStack (from HasCallStack):
//       error, called at t.hs:10:23 in main:Main
// because `error` has a `HasCallStack` constraint. We have no implicit
// parameters; instead the renamer replaces every occurrence of the library's
// `error` (and `undefined`) in the *user's* module by the library function
// `errorAt "t.hs:10:23 in main:Main"` (`undefinedAt ...`), the location being
// where the name occurs (file name as given, 1-based line and column, the
// module's name). A partial application has the same type as the original,
// so this is correct at every occurrence, applied or not. Library modules
// keep the plain `error`, whose message has no call stack; where GHC's
// library prints one, the library calls `errorAt` itself. A user function
// with its own `HasCallStack` constraint would add lines in GHC; we accept
// no such constraint, so that case cannot arise.

/// The rewrites of Note [Located errors] for the user's module.
pub struct CallSites<'a> {
    /// The user's source file (its name is the location's file part).
    pub file: &'a SourceFile,
    /// `(plain, located)` qualified names, e.g. `("GHC.Base.error",
    /// "GHC.Base.errorAt")`.
    pub rewrites: Vec<(String, String)>,
}

/// Renames `modules` (dependencies first; the last one is the user's
/// module) into one program. `call_sites`, if given, applies to the user's
/// module (see Note [Located errors]).
pub fn rename_program(
    modules: &[ast::Module],
    prim: &PrimScope,
    call_sites: Option<&CallSites<'_>>,
) -> Result<ir::Program, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut exports: HashMap<String, Table> = HashMap::new();
    exports.insert(prim.module.clone(), prim.table());
    let names: Vec<String> = modules.iter().map(|m| m.name_text().to_string()).collect();
    // Modules the Prelude depends on do not import it implicitly.
    let prelude_deps = prelude_closure(modules);
    let mut owns = Vec::new();
    let mut builtin = prim.table();
    for (i, m) in modules.iter().enumerate() {
        let own = scope::defined(m, &names[i], true);
        if i + 1 < modules.len() {
            builtin.merge(&own);
        }
        owns.push(own);
    }
    let modules_names = &names;
    // Field names and class methods of every module.
    let mut fields: HashMap<String, Vec<String>> = HashMap::new();
    let mut class_methods: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (i, m) in modules.iter().enumerate() {
        for d in &m.decls {
            match &d.kind {
                DeclKind::Data(dd) | DeclKind::Newtype(dd) => {
                    for c in &dd.cons {
                        let names: Vec<String> = match &c.fields {
                            ast::ConFields::Positional(ts) => {
                                ts.iter().map(|_| String::new()).collect()
                            }
                            ast::ConFields::Record(_) => {
                                c.fields.names().iter().map(|n| n.name.clone()).collect()
                            }
                        };
                        let module = &modules_names[i];
                        fields.insert(format!("{module}.{}", c.name.name), names);
                    }
                }
                DeclKind::Class(c) => {
                    let q = format!("{}.{}", names[i], c.name.name);
                    class_methods
                        .insert(q.clone(), owns[i].subs.get(&q).cloned().unwrap_or_default());
                }
                _ => {}
            }
        }
    }
    let mut supply = Supply::default();
    let mut prog = ir::Program::default();
    for (i, m) in modules.iter().enumerate() {
        let module = &names[i];
        let own = &owns[i];
        // Imports.
        let mut scope = own.clone();
        let mut qualified: HashMap<String, Table> = HashMap::new();
        let mut imports: Vec<ast::Import> = m.imports.clone();
        let explicit_prelude = imports.iter().any(|imp| imp.module.name == "Prelude");
        if module != "Prelude"
            && !explicit_prelude
            && !m.has_extension("NoImplicitPrelude")
            && !prelude_deps.contains(module.as_str())
            && exports.contains_key("Prelude")
        {
            imports.push(ast::Import {
                module: ast::ModName {
                    name: "Prelude".into(),
                    span: m.span,
                },
                qualified: false,
                as_name: None,
                hiding: false,
                items: None,
                span: m.span,
            });
        }
        let mut imported_by_name: HashMap<String, Table> = HashMap::new();
        for imp in &imports {
            let Some(ex) = exports.get(&imp.module.name) else {
                errors.push(Diagnostic::error(
                    imp.module.span,
                    format!("Could not find module ‘{}’", imp.module.name),
                ));
                continue;
            };
            let t = scope::filter_import(ex, imp, &mut errors);
            if !imp.qualified {
                scope.merge(&t);
            }
            let alias = imp
                .as_name
                .as_ref()
                .map_or(imp.module.name.clone(), |a| a.name.clone());
            qualified.entry(alias).or_default().merge(&t);
            imported_by_name
                .entry(imp.module.name.clone())
                .or_default()
                .merge(&t);
        }
        let ex = scope::exports(m, own, &scope, &imported_by_name, &mut errors);
        exports.insert(module.clone(), ex);
        let mut ctx = ModCtx {
            module: module.clone(),
            own,
            scope: &scope,
            qualified: &qualified,
            builtin: &builtin,
            fields: &fields,
            locals: Vec::new(),
            supply: &mut supply,
            errors: Vec::new(),
            call_sites: call_sites.filter(|_| i + 1 == modules.len()),
        };
        rename_decls(
            &mut ctx,
            m,
            &class_methods,
            &mut prog,
            i + 1 == modules.len(),
        );
        errors.append(&mut ctx.errors);
    }
    prog.next_name = supply.next_name + 1;
    prog.next_occ = supply.next_occ + 1;
    if errors.is_empty() {
        Ok(prog)
    } else {
        Err(errors)
    }
}

/// Names of the modules the Prelude imports, transitively.
fn prelude_closure(modules: &[ast::Module]) -> HashSet<&str> {
    let by_name: HashMap<&str, &ast::Module> = modules.iter().map(|m| (m.name_text(), m)).collect();
    let mut out = HashSet::new();
    let mut stack = vec!["Prelude"];
    while let Some(n) = stack.pop() {
        if let Some(m) = by_name.get(n) {
            for imp in &m.imports {
                if out.insert(imp.module.name.as_str()) {
                    stack.push(imp.module.name.as_str());
                }
            }
        }
    }
    out
}

fn rename_decls(
    ctx: &mut ModCtx<'_>,
    m: &ast::Module,
    class_methods: &HashMap<String, Vec<(String, String)>>,
    prog: &mut ir::Program,
    is_user: bool,
) {
    let module = ctx.module.clone();
    let q = |n: &str| format!("{module}.{n}");
    // Top-level value binders.
    let mut top: HashMap<String, Binder> = HashMap::new();
    for d in &m.decls {
        let names: Vec<ast::Name> = match &d.kind {
            DeclKind::FunBind(f) => vec![f.name.clone()],
            DeclKind::PatBind(p, _) => {
                let mut vs = Vec::new();
                expr::pat_var_names(p, &mut vs);
                vs
            }
            _ => Vec::new(),
        };
        for n in names {
            if top.contains_key(&n.name) {
                ctx.errors.push(Diagnostic::error(
                    n.span,
                    format!("Multiple declarations of ‘{}’", n.name),
                ));
                continue;
            }
            let id = ctx.supply.name();
            top.insert(
                n.name.clone(),
                Binder {
                    id,
                    name: q(&n.name),
                    span: n.span,
                },
            );
        }
    }
    let value_decls: Vec<ast::Decl> = m
        .decls
        .iter()
        .filter(|d| {
            matches!(
                d.kind,
                DeclKind::FunBind(_) | DeclKind::PatBind(..) | DeclKind::TypeSig(..)
            )
        })
        .cloned()
        .collect();
    let binds = ctx.binds(&value_decls, &|n| top.get(n).cloned());
    if is_user {
        prog.user_values.extend(
            binds
                .iter()
                .flat_map(|b| b.binders().into_iter().map(|b| b.name.clone()))
                .collect::<Vec<_>>(),
        );
        if top.contains_key("main") {
            prog.main = Some(q("main"));
        }
    }
    prog.binds.extend(binds);
    for d in &m.decls {
        let span = d.span;
        match &d.kind {
            DeclKind::Data(dd) | DeclKind::Newtype(dd) => {
                let newtype = matches!(d.kind, DeclKind::Newtype(_));
                let cons = dd
                    .cons
                    .iter()
                    .map(|c| {
                        let fts = c.fields.types();
                        ir::ConDecl {
                            name: q(&c.name.name),
                            fields: fts.iter().map(|f| ctx.ty(&f.ty)).collect(),
                            strict: fts.iter().map(|f| f.strict).collect(),
                            span: c.span,
                        }
                    })
                    .collect();
                prog.data.push(ir::DataDecl {
                    name: q(&dd.name.name),
                    params: dd.params.iter().map(|p| p.name.clone()).collect(),
                    cons,
                    newtype,
                    span,
                });
            }
            DeclKind::TypeSyn(s) => {
                let rhs = ctx.ty(&s.rhs);
                prog.synonyms.push(ir::SynDecl {
                    name: q(&s.name.name),
                    params: s.params.iter().map(|p| p.name.clone()).collect(),
                    rhs,
                    span,
                });
            }
            DeclKind::Class(c) => {
                let supers = c
                    .context
                    .iter()
                    .filter_map(|p| ctx.resolve_global(Ns::Type, &p.class))
                    .collect();
                let mut methods = Vec::new();
                let mut method_binders: HashMap<String, Binder> = HashMap::new();
                for cd in &c.decls {
                    if let DeclKind::TypeSig(names, qt) = &cd.kind {
                        let sig = ctx.sig_type(qt);
                        for n in names {
                            let b = Binder {
                                id: ctx.supply.name(),
                                name: q(&n.name),
                                span: n.span,
                            };
                            method_binders.insert(n.name.clone(), b.clone());
                            methods.push((b, sig.clone()));
                        }
                    }
                }
                let default_decls: Vec<ast::Decl> = c
                    .decls
                    .iter()
                    .filter(|d| matches!(d.kind, DeclKind::FunBind(_)))
                    .cloned()
                    .collect();
                let defaults = ctx.binds(&default_decls, &|n| {
                    method_binders.get(n).map(|b| Binder {
                        id: b.id,
                        name: b.name.clone(),
                        span: b.span,
                    })
                });
                for dd in &default_decls {
                    if let DeclKind::FunBind(f) = &dd.kind
                        && !method_binders.contains_key(&f.name.name)
                    {
                        ctx.errors.push(Diagnostic::error(
                            f.name.span,
                            format!(
                                "‘{}’ is not a (visible) method of class ‘{}’",
                                f.name.name, c.name.name
                            ),
                        ));
                    }
                }
                prog.classes.push(ir::ClassDecl {
                    name: q(&c.name.name),
                    tyvar: c.param.name.clone(),
                    supers,
                    methods,
                    defaults,
                    span,
                });
            }
            DeclKind::Instance(inst) => {
                let Some(class) = ctx.resolve_global(Ns::Type, &inst.class) else {
                    continue;
                };
                let context = inst
                    .context
                    .iter()
                    .filter_map(|p| Some((ctx.resolve_global(Ns::Type, &p.class)?, ctx.ty(&p.ty))))
                    .collect();
                let head = ctx.ty(&inst.ty);
                let methods_of = class_methods.get(&class).cloned().unwrap_or_default();
                let method_decls: Vec<ast::Decl> = inst
                    .decls
                    .iter()
                    .filter(|d| matches!(d.kind, DeclKind::FunBind(_)))
                    .cloned()
                    .collect();
                for dd in &method_decls {
                    if let DeclKind::FunBind(f) = &dd.kind
                        && !methods_of.iter().any(|(s, _)| *s == f.name.name)
                    {
                        ctx.errors.push(Diagnostic::error(
                            f.name.span,
                            format!(
                                "‘{}’ is not a (visible) method of class ‘{}’",
                                f.name.name, inst.class.name
                            ),
                        ));
                    }
                }
                let methods = ctx.binds(&method_decls, &|n| {
                    let qn = methods_of
                        .iter()
                        .find(|(s, _)| s == n)
                        .map(|(_, qn)| qn.clone())?;
                    Some(Binder {
                        id: ir::NameId(0),
                        name: qn,
                        span: Span::default(),
                    })
                });
                // Give every method binding a fresh id.
                let methods = methods
                    .into_iter()
                    .map(|b| match b {
                        ir::Bind::Fun {
                            name,
                            clauses,
                            sig,
                            span,
                        } => ir::Bind::Fun {
                            name: Binder {
                                id: ctx.supply.name(),
                                ..name
                            },
                            clauses,
                            sig,
                            span,
                        },
                        other => other,
                    })
                    .collect();
                prog.instances.push(ir::InstDecl {
                    class,
                    context,
                    head,
                    methods,
                    span,
                });
            }
            DeclKind::ForeignImport(f) => {
                let Some(name) = top_binder(ctx, &q(&f.name.name), f.name.span) else {
                    continue;
                };
                let sig = ctx.sig_type(&f.ty);
                prog.foreign_imports.push(ir::ForeignImport {
                    name,
                    conv: conv(f.conv),
                    safe: !matches!(f.safety, Some(ast::Safety::Unsafe)),
                    entity: f.entity.clone().unwrap_or_else(|| f.name.name.clone()),
                    sig,
                    span,
                });
            }
            DeclKind::Default(types) => {
                // Library modules keep Haskell 2010's (Integer, Double).
                if !is_user {
                    continue;
                }
                if prog.defaults.is_some() {
                    ctx.errors
                        .push(Diagnostic::error(span, "Multiple default declarations"));
                    continue;
                }
                let types = types.iter().map(|t| ctx.ty(t)).collect();
                prog.defaults = Some(ir::DefaultDecl { types, span });
            }
            DeclKind::ForeignExport(f) => {
                let target = ctx.resolve_global(Ns::Value, &f.name).unwrap_or_default();
                let sig = ctx.sig_type(&f.ty);
                prog.foreign_exports.push(ir::ForeignExport {
                    conv: conv(f.conv),
                    entity: f.entity.clone().unwrap_or_else(|| f.name.name.clone()),
                    target,
                    sig,
                    span,
                });
            }
            _ => {}
        }
    }
}

fn top_binder(ctx: &mut ModCtx<'_>, name: &str, span: Span) -> Option<Binder> {
    Some(Binder {
        id: ctx.supply.name(),
        name: name.to_string(),
        span,
    })
}

fn conv(c: ast::CallConv) -> crate::core::CallConv {
    match c {
        ast::CallConv::CCall | ast::CallConv::CApi => crate::core::CallConv::CCall,
        ast::CallConv::JavaScript => crate::core::CallConv::JavaScript,
    }
}
