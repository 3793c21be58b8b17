//! The front-end driver: source text to Core.
//!
//! [`compile`] parses the user's module and every library module it needs
//! (the Prelude implicitly), resolves fixities, desugars, renames, type
//! checks and elaborates to Core, then checks the Core invariants with
//! [`crate::typecheck::lint::core_lint`]. [`infer_types`] stops after type
//! checking and prints the inferred types of the user's top-level bindings.
//!
//! What exists before any source (built-in types, primitives, their Core
//! wrappers, the library sources, wired-in names) comes from a
//! [`Builtins`] implementation: the real one is `crate::prim` (see
//! [`standard`]); tests may supply a small one.

pub mod standard;

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::core::{Expr, Program, Rep, Var};
use crate::diagnostics::{Diagnostic, FileId, SourceFile, SourceMap, Span, render_diagnostics};
use crate::rename::{self, PrimScope};
use crate::syntax::ast;
use crate::typecheck::env::{ConInfo, DataInfo, Globals};
use crate::typecheck::lower::{BuiltinData, Lowerer, WiredNames};
use crate::typecheck::types::{Scheme, Type, tc};
use crate::typecheck::{self, Wired, lint};

/// A built-in type as the driver needs it.
#[derive(Clone, Debug)]
pub struct BuiltinTypeDesc {
    /// Qualified name (`GHC.Types.Int`).
    pub name: String,
    pub params: Vec<String>,
    /// Constructors: qualified name, field types (Haskell syntax over the
    /// params and built-in type names), field reps.
    pub cons: Vec<(String, Vec<String>, Vec<Rep>)>,
    /// Whether Haskell source may name the type (not `Int#`, not special
    /// syntax).
    pub nameable: bool,
}

/// Everything the front end knows before reading source.
pub trait Builtins {
    /// The source of a library module.
    fn library_module(&self, name: &str) -> Option<String>;
    /// The pseudo-module exporting primitives and built-in types.
    fn prim_module(&self) -> String;
    /// Primitive functions: Haskell name and Haskell type.
    fn prim_values(&self) -> Vec<(String, String)>;
    fn builtin_types(&self) -> Vec<BuiltinTypeDesc>;
    /// A wired-in name by role (see `crate::prim::wired`).
    fn wired(&self, role: &str) -> Option<String>;
    /// The Core wrapper of a primitive (by Haskell name). `fresh` makes
    /// unique variables; `global` finds top-level variables by qualified
    /// name; `program` has the constructor table.
    fn wrapper(
        &self,
        name: &str,
        fresh: &mut dyn FnMut(&str, Rep) -> Var,
        global: &dyn Fn(&str) -> Option<Var>,
        program: &Program,
    ) -> Result<Expr, String>;
}

/// A failed compilation: the messages and the files they point into.
#[derive(Debug)]
pub struct CompileError {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_diagnostics(&self.sources, &self.diagnostics))
    }
}

impl std::error::Error for CompileError {}

/// The result of type checking a program (before Core).
pub struct Checked {
    pub sources: SourceMap,
    pub program: rename::ir::Program,
    pub checked: typecheck::Checked,
}

/// Parses, desugars, renames and type checks a program.
pub fn check(name: &str, text: &str, builtins: &dyn Builtins) -> Result<Checked, CompileError> {
    let mut sources = SourceMap::new();
    let user = sources.add(name, text);
    match check_in(&mut sources, user, builtins) {
        Ok((program, checked)) => Ok(Checked {
            sources,
            program,
            checked,
        }),
        Err(diagnostics) => Err(CompileError {
            sources,
            diagnostics,
        }),
    }
}

fn check_in(
    sources: &mut SourceMap,
    user: FileId,
    builtins: &dyn Builtins,
) -> Result<(rename::ir::Program, typecheck::Checked), Vec<Diagnostic>> {
    let file = sources.get(user).cloned().ok_or_else(Vec::new)?;
    let user_module = crate::syntax::parse_module(&file)?;
    let mut modules = load_library(user_module, sources, builtins)?;
    crate::syntax::resolve_fixities(&mut modules)?;
    crate::desugar::desugar_program(&mut modules, sources)?;
    let prim_module = builtins.prim_module();
    let types = builtins.builtin_types();
    let prims = builtins.prim_values();
    let scope = PrimScope {
        module: prim_module.clone(),
        values: prims
            .iter()
            .map(|(n, _)| (n.clone(), format!("{prim_module}.{n}")))
            .collect(),
        types: types
            .iter()
            .filter(|t| t.nameable)
            .map(|t| {
                (
                    (typecheck::short_name(&t.name).to_string(), t.name.clone()),
                    Vec::new(),
                )
            })
            .collect(),
    };
    let rewrites = [
        ("error", "error-located"),
        ("undefined", "undefined-located"),
    ]
    .iter()
    .filter_map(|(plain, located)| Some((builtins.wired(plain)?, builtins.wired(located)?)))
    .collect();
    let call_sites = rename::CallSites {
        file: &file,
        rewrites,
    };
    let program = rename::rename_program(&modules, &scope, Some(&call_sites))?;
    let bool_type = builtins
        .wired("bool-type")
        .unwrap_or_else(|| "GHC.Types.Bool".into());
    let seed = seed_globals(&types, &prims, &prim_module, &bool_type)?;
    let mut wired = Wired {
        bool_type,
        classes: HashMap::new(),
    };
    for (short, role) in [
        ("Num", "class-num"),
        ("Eq", "class-eq"),
        ("Ord", "class-ord"),
        ("Show", "class-show"),
    ] {
        if let Some(q) = builtins.wired(role) {
            wired.classes.insert(short.to_string(), q);
        }
    }
    for c in &program.classes {
        let short = typecheck::short_name(&c.name).to_string();
        if ["Fractional", "Num", "Eq"].contains(&short.as_str()) && !c.name.starts_with("Main.") {
            wired.classes.entry(short).or_insert_with(|| c.name.clone());
        }
    }
    let checked = typecheck::check_program(&program, seed, &wired)?;
    Ok((program, checked))
}

/// Parses the library modules the user's module needs, transitively, and
/// returns all modules in dependency order (the user's last).
fn load_library(
    user: ast::Module,
    sources: &mut SourceMap,
    builtins: &dyn Builtins,
) -> Result<Vec<ast::Module>, Vec<Diagnostic>> {
    let prim = builtins.prim_module();
    let mut parsed: HashMap<String, ast::Module> = HashMap::new();
    let mut errors = Vec::new();
    let mut pending: Vec<(String, Span)> = user
        .imports
        .iter()
        .map(|i| (i.module.name.clone(), i.module.span))
        .collect();
    pending.push(("Prelude".into(), user.span));
    // The runtime runs `runMainIO Main.main` (wired role "run-main"): its
    // module is part of every program, imported or not.
    if let Some((module, _)) = builtins
        .wired("run-main")
        .as_deref()
        .and_then(|q| q.rsplit_once('.'))
    {
        pending.push((module.to_string(), user.span));
    }
    while let Some((name, span)) = pending.pop() {
        if name == prim || parsed.contains_key(&name) {
            continue;
        }
        let Some(text) = builtins.library_module(&name) else {
            errors.push(Diagnostic::error(
                span,
                format!("Could not find module ‘{name}’"),
            ));
            continue;
        };
        let path = format!("lib/{}.hs", name.replace('.', "/"));
        let id = sources.add(path, text);
        let file = sources.get(id).cloned().ok_or_else(Vec::new)?;
        match crate::syntax::parse_module(&file) {
            Ok(m) => {
                pending.extend(
                    m.imports
                        .iter()
                        .map(|i| (i.module.name.clone(), i.module.span)),
                );
                parsed.insert(name, m);
            }
            Err(mut d) => errors.append(&mut d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Dependency order by depth-first search.
    let mut order = Vec::new();
    let mut done = HashSet::new();
    let mut visiting = HashSet::new();
    let mut names: Vec<String> = parsed.keys().cloned().collect();
    names.sort();
    fn visit(
        n: &str,
        parsed: &HashMap<String, ast::Module>,
        done: &mut HashSet<String>,
        visiting: &mut HashSet<String>,
        order: &mut Vec<String>,
        errors: &mut Vec<Diagnostic>,
    ) {
        if done.contains(n) {
            return;
        }
        let Some(m) = parsed.get(n) else { return };
        if !visiting.insert(n.to_string()) {
            errors.push(Diagnostic::error(
                m.span,
                format!("Module imports form a cycle: module ‘{n}’ imports itself"),
            ));
            return;
        }
        for i in &m.imports {
            visit(&i.module.name, parsed, done, visiting, order, errors);
        }
        // Every module but the Prelude's own dependencies imports the Prelude.
        if n != "Prelude"
            && !m.imports.iter().any(|i| i.module.name == "Prelude")
            && done.contains("Prelude")
        {
            // already ordered
        }
        visiting.remove(n);
        done.insert(n.to_string());
        order.push(n.to_string());
    }
    for n in &names {
        visit(
            n,
            &parsed,
            &mut done,
            &mut visiting,
            &mut order,
            &mut errors,
        );
    }
    // The Prelude must precede modules that import it implicitly: move it
    // (with its dependencies, already before it) ahead of any module that
    // does not import it explicitly but comes earlier and is not one of its
    // dependencies. The simple rule that works: modules that are not
    // dependencies of the Prelude go after it.
    let prelude_deps = deps_closure("Prelude", &parsed);
    let (before, after): (Vec<String>, Vec<String>) = order
        .into_iter()
        .partition(|n| n == "Prelude" || prelude_deps.contains(n.as_str()));
    let mut modules: Vec<ast::Module> = Vec::new();
    for n in before.into_iter().chain(after) {
        if let Some(m) = parsed.remove(&n) {
            modules.push(m);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    modules.push(user);
    Ok(modules)
}

fn deps_closure(root: &str, parsed: &HashMap<String, ast::Module>) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![root.to_string()];
    while let Some(n) = stack.pop() {
        if let Some(m) = parsed.get(&n) {
            for i in &m.imports {
                if out.insert(i.module.name.clone()) {
                    stack.push(i.module.name.clone());
                }
            }
        }
    }
    out
}

/// Converts a built-in Haskell type string (over built-in type names,
/// `Bool`, `String`, and the variables in `vars`) to a type.
fn builtin_type_of(
    src: &str,
    vars: &mut Vec<String>,
    types: &[BuiltinTypeDesc],
    bool_type: &str,
) -> Result<Type, String> {
    // Unboxed field types (`Int#`) are not Haskell syntax without MagicHash.
    if let Some(b) = types
        .iter()
        .find(|b| typecheck::short_name(&b.name) == src.trim())
    {
        return Ok(Type::Con(b.name.clone()));
    }
    let t = crate::syntax::parse_type(src).map_err(|d| {
        format!(
            "bad built-in type `{src}`: {}",
            d.first().map_or("", |d| d.message.as_str())
        )
    })?;
    fn go(
        t: &ast::Type,
        vars: &mut Vec<String>,
        types: &[BuiltinTypeDesc],
        bool_type: &str,
    ) -> Result<Type, String> {
        use ast::TypeKind::*;
        Ok(match &t.kind {
            Var(n) => {
                let i = match vars.iter().position(|v| *v == n.name) {
                    Some(i) => i,
                    None => {
                        vars.push(n.name.clone());
                        vars.len() - 1
                    }
                };
                Type::Gen(i as u32)
            }
            Con(n) => match n.name.as_str() {
                "Bool" => Type::con(bool_type),
                "String" => Type::list(Type::con(tc::CHAR)),
                "()" => Type::con(tc::UNIT),
                "[]" => Type::con(tc::LIST),
                "->" => Type::con(tc::ARROW),
                s if tc::is_tuple(s) => Type::Con(tc::tuple(tc::tuple_arity(s))),
                s => match types.iter().find(|b| typecheck::short_name(&b.name) == s) {
                    Some(b) => Type::Con(b.name.clone()),
                    None => return Err(format!("unknown built-in type {s}")),
                },
            },
            App(f, a) => Type::app(
                go(f, vars, types, bool_type)?,
                go(a, vars, types, bool_type)?,
            ),
            Fun(a, b) => Type::fun(
                go(a, vars, types, bool_type)?,
                go(b, vars, types, bool_type)?,
            ),
            List(a) => Type::list(go(a, vars, types, bool_type)?),
            Tuple(ts) => Type::tuple(
                ts.iter()
                    .map(|t| go(t, vars, types, bool_type))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
    go(&t, vars, types, bool_type)
}

/// The checker's starting environment: built-in types, their constructors,
/// and the primitives.
fn seed_globals(
    types: &[BuiltinTypeDesc],
    prims: &[(String, String)],
    prim_module: &str,
    bool_type: &str,
) -> Result<Globals, Vec<Diagnostic>> {
    let mut g = Globals::default();
    let err = |m: String| vec![Diagnostic::error(Span::new(FileId::SYNTHETIC, 0, 0), m)];
    for t in types {
        let data_ty = Type::apps(
            Type::Con(t.name.clone()),
            (0..t.params.len()).map(|i| Type::Gen(i as u32)),
        );
        let family_size = t.cons.len() as u32;
        for (tag, (cname, fields, _)) in t.cons.iter().enumerate() {
            let mut vars = t.params.clone();
            let mut fts = Vec::new();
            for f in fields {
                fts.push(builtin_type_of(f, &mut vars, types, bool_type).map_err(err)?);
            }
            let arity = fts.len();
            g.cons.insert(
                cname.clone(),
                ConInfo {
                    name: cname.clone(),
                    type_name: t.name.clone(),
                    tag: tag as u32,
                    family_size,
                    scheme: Scheme {
                        vars: t.params.clone(),
                        preds: vec![],
                        ty: Type::funs(fts, data_ty.clone()),
                    },
                    arity,
                    strict: vec![false; arity],
                    newtype: false,
                },
            );
        }
        g.data.insert(
            t.name.clone(),
            DataInfo {
                name: t.name.clone(),
                arity: t.params.len(),
                cons: t.cons.iter().map(|c| c.0.clone()).collect(),
                newtype: false,
            },
        );
    }
    for (name, ty) in prims {
        let mut vars = Vec::new();
        let t = builtin_type_of(ty, &mut vars, types, bool_type).map_err(err)?;
        g.values.insert(
            format!("{prim_module}.{name}"),
            Scheme {
                vars,
                preds: vec![],
                ty: t,
            },
        );
    }
    Ok(g)
}

/// The inferred types of the user's top-level bindings, as `name :: type`
/// lines in source order.
pub fn infer_types(
    name: &str,
    text: &str,
    builtins: &dyn Builtins,
) -> Result<Vec<String>, CompileError> {
    let c = check(name, text, builtins)?;
    let mut out = Vec::new();
    for v in &c.program.user_values {
        if let Some(s) = c.checked.scheme_of(v) {
            out.push(format!("{} :: {}", typecheck::short_name(v), s));
        }
    }
    Ok(out)
}

/// Compiles a program to Core (and lints it).
pub fn compile_source(
    name: &str,
    text: &str,
    builtins: &dyn Builtins,
) -> Result<Program, CompileError> {
    let c = check(name, text, builtins)?;
    let Checked {
        sources,
        program,
        checked,
    } = c;
    if program.main.is_none() {
        let span = Span::new(FileId(0), 0, 0);
        let diagnostics = vec![Diagnostic::error(
            span,
            "The IO action ‘main’ is not defined in module ‘Main’",
        )];
        return Err(CompileError {
            sources,
            diagnostics,
        });
    }
    match lower(&sources, &program, &checked, builtins) {
        Ok(p) => Ok(p),
        Err(diagnostics) => Err(CompileError {
            sources,
            diagnostics,
        }),
    }
}

fn lower(
    sources: &SourceMap,
    program: &rename::ir::Program,
    checked: &typecheck::Checked,
    builtins: &dyn Builtins,
) -> Result<Program, Vec<Diagnostic>> {
    let role = |r: &str, default: &str| builtins.wired(r).unwrap_or_else(|| default.to_string());
    let wired = WiredNames {
        pat_error: role("pattern-match-fail", "GHC.Exception.patError"),
        no_method: role("no-method", "GHC.Exception.noMethodBindingError"),
        eq: role("eq", "GHC.Base.=="),
        from_integer: role("from-integer", "GHC.Num.fromInteger"),
        from_rational: role("from-rational", "GHC.Real.fromRational"),
        ratio_con: role("ratio-con", "GHC.Real.:%"),
        true_con: role("true", "GHC.Types.True"),
        false_con: role("false", "GHC.Types.False"),
        exception_type_tag: role("exception-type-tag", "GHC.Exception.exceptionTypeTag"),
    };
    let types = builtins.builtin_types();
    let data: Vec<BuiltinData> = types
        .iter()
        .filter(|t| !t.cons.is_empty())
        .map(|t| BuiltinData {
            type_name: t.name.clone(),
            cons: t
                .cons
                .iter()
                .map(|(n, _, r)| (n.clone(), r.clone()))
                .collect(),
        })
        .collect();
    let mut l = Lowerer::new(&checked.checker, program, sources, &wired, &data);
    // Primitive wrappers need the constructor table (Bool included).
    let prim_module = builtins.prim_module();
    let prims = builtins.prim_values();
    let mut prim_vars = Vec::new();
    for (n, _) in &prims {
        prim_vars.push((n.clone(), l.declare_global(&format!("{prim_module}.{n}"))));
    }
    // Declare the library globals the wrappers may call.
    for b in &program.binds {
        for v in b.binders() {
            l.declare_global(&v.name);
        }
    }
    let cons_only = Program {
        cons: l.cons.clone(),
        ..Program::default()
    };
    let mut extra = Vec::new();
    let mut errors = Vec::new();
    for (n, v) in prim_vars {
        let globals = l.globals.clone();
        let mut next = l.next_var;
        let e = {
            let mut fresh = |hint: &str, rep: Rep| {
                next += 1;
                Var {
                    id: crate::core::VarId(next),
                    name: hint.to_string(),
                    rep,
                }
            };
            builtins.wrapper(&n, &mut fresh, &|q| globals.get(q).cloned(), &cons_only)
        };
        l.next_var = next;
        match e {
            Ok(e) => extra.push((v, e)),
            Err(m) => errors.push(Diagnostic::error(
                Span::new(FileId::SYNTHETIC, 0, 0),
                format!("primitive {n}: {m}"),
            )),
        }
    }
    let core = l.program(extra);
    errors.append(&mut l.errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Err(m) = lint::core_lint(&core) {
        return Err(vec![Diagnostic::error(
            Span::new(FileId::SYNTHETIC, 0, 0),
            format!("internal error: Core lint: {m}"),
        )]);
    }
    let mut core = core;
    core.meta.insert("module".into(), "Main".into());
    Ok(core)
}

/// Compiles a source file with the given built-ins. The file's diagnostics
/// are returned without their source map: render them with the file
/// (`Diagnostic::render_in(Some(file))`) — the user's file is always the
/// first of the map, so `file.id` should be `FileId(0)`.
pub fn compile_file(
    file: &SourceFile,
    builtins: &dyn Builtins,
) -> Result<Program, Vec<Diagnostic>> {
    compile_source(&file.name, &file.text, builtins).map_err(|e| e.diagnostics)
}
