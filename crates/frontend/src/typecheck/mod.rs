//! Type checking: Hindley–Milner inference with type classes over the
//! renamed program, then elaboration to Core with dictionary passing.
//!
//! * [`types`], [`unify`]: types, schemes, unification variables.
//! * [`env`]: the global environment and type-syntax conversion.
//! * [`state`]: the checker's state and the side tables for elaboration.
//! * [`infer_expr`], [`infer_pat`], [`bindings`], [`decls`]: inference.
//! * [`solve`]: instance resolution, superclasses, defaulting.
//! * [`lower`]: elaboration to Core (dictionaries, match compilation).
//! * [`lint`]: a checker of Core invariants, run on everything produced.
//!
//! See docs/design/typecheck.md.

pub mod bindings;
pub mod decls;
pub mod env;
pub mod infer_expr;
pub mod infer_pat;
pub mod kinds;
pub mod lint;
pub mod lower;
pub mod solve;
pub mod state;
pub mod types;
pub mod unify;

#[cfg(test)]
mod tests;

use crate::diagnostics::Diagnostic;
use crate::rename::ir;
use state::Checker;
use types::{Scheme, Type};

/// Module names of the built-in library: classes from these modules are
/// "standard" for defaulting.
pub const LIBRARY_MODULE_PREFIXES: &[&str] = &[
    "Prelude", "Data", "Control", "System", "GHC", "Foreign", "Numeric", "Text",
];

/// The unqualified part of a qualified name (`Prelude.map` -> `map`,
/// `Prelude..` -> `.`).
pub fn short_name(name: &str) -> &str {
    // A qualified name is `Mod.Sub.name` where module parts start upper-case.
    let mut rest = name;
    loop {
        let Some(first) = rest.chars().next() else {
            return name;
        };
        if !first.is_uppercase() {
            return rest;
        }
        match rest.find('.') {
            Some(i)
                if i + 1 < rest.len()
                    && rest[..i]
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '\'') =>
            {
                rest = &rest[i + 1..]
            }
            _ => return rest,
        }
    }
}

/// The result of type checking: the checker (with its side tables and
/// solved variables) for the elaborator.
pub struct Checked {
    pub checker: Checker,
}

impl Checked {
    /// The type scheme of a top-level value, zonked and normalised.
    pub fn scheme_of(&self, name: &str) -> Option<Scheme> {
        let s = self.checker.g.values.get(name)?;
        Some(normalise(&self.checker, s))
    }
}

/// Zonks a scheme and renames its variables `a, b, ...` in order of
/// appearance in the type.
pub fn normalise(c: &Checker, s: &Scheme) -> Scheme {
    let ty = c.zonk(&s.ty);
    let preds: Vec<types::Pred> = s
        .preds
        .iter()
        .map(|p| types::Pred {
            class: p.class.clone(),
            ty: c.zonk(&p.ty),
        })
        .collect();
    let mut order: Vec<u32> = Vec::new();
    let mut visit = |t: &Type| {
        t.any(&mut |x| {
            if let Type::Gen(i) = x
                && !order.contains(i)
            {
                order.push(*i);
            }
            false
        });
    };
    visit(&ty);
    for p in &preds {
        visit(&p.ty);
    }
    let remap = |t: &Type| {
        t.map(&mut |x| match x {
            Type::Gen(i) => order
                .iter()
                .position(|o| o == i)
                .map(|j| Type::Gen(j as u32)),
            _ => None,
        })
    };
    // Keep the user's names when the scheme came from a signature.
    let names = var_names(s, &order, &ty, &preds);
    let mut preds: Vec<types::Pred> = preds
        .iter()
        .map(|p| types::Pred {
            class: p.class.clone(),
            ty: remap(&p.ty),
        })
        .collect();
    // Deterministic order: by variable, then class name.
    preds.sort_by(|a, b| {
        let key = |p: &types::Pred| {
            (
                format!(
                    "{}",
                    types::Pretty {
                        ty: &p.ty,
                        gen_names: &[]
                    }
                ),
                short_name(&p.class).to_string(),
            )
        };
        key(a).cmp(&key(b))
    });
    Scheme {
        vars: names,
        preds,
        ty: remap(&ty),
    }
}

/// Names for the quantified variables `order` of a normalised scheme: the
/// user's names for signature variables; otherwise `a, b, ...`, with
/// higher-kinded variables named `f, g, ...` (`m` under a `Monad`
/// constraint), as people write them.
fn var_names(s: &Scheme, order: &[u32], ty: &Type, preds: &[types::Pred]) -> Vec<String> {
    let inferred = s
        .vars
        .iter()
        .enumerate()
        .all(|(i, v)| *v == bindings::var_name(i));
    if !inferred {
        return order
            .iter()
            .enumerate()
            .map(|(j, i)| {
                s.vars
                    .get(*i as usize)
                    .cloned()
                    .unwrap_or_else(|| bindings::var_name(j))
            })
            .collect();
    }
    let mut heads = Vec::new();
    let mut find_heads = |t: &Type| {
        t.any(&mut |x| {
            if let Type::App(f, _) = x
                && let (Type::Gen(i), _) = f.split_app()
                && !heads.contains(i)
            {
                heads.push(*i);
            }
            false
        });
    };
    find_heads(ty);
    preds.iter().for_each(|p| find_heads(&p.ty));
    let mut used: Vec<String> = Vec::new();
    let mut plain = (0..).map(bindings::var_name);
    let mut higher = ["f", "g", "h", "t"]
        .iter()
        .map(|s| s.to_string())
        .chain((1..).map(|i| format!("f{i}")));
    order
        .iter()
        .map(|i| {
            let monad = preds
                .iter()
                .any(|p| p.ty == Type::Gen(*i) && short_name(&p.class) == "Monad");
            let name = if monad && !used.iter().any(|u| u == "m") {
                "m".to_string()
            } else if heads.contains(i) {
                higher
                    .by_ref()
                    .find(|n| !used.contains(n))
                    .unwrap_or_default()
            } else {
                plain
                    .by_ref()
                    .find(|n| !used.contains(n) && !["f", "g", "h", "m", "t"].contains(&n.as_str()))
                    .unwrap_or_default()
            };
            used.push(name.clone());
            name
        })
        .collect()
}

/// Type checks a renamed program. `seed` holds what exists before any
/// source: built-in types and constructors, primitive functions.
pub fn check_program(
    prog: &ir::Program,
    seed: env::Globals,
    wired: &Wired,
) -> Result<Checked, Vec<Diagnostic>> {
    let mut g = seed;
    let errors = decls::collect(prog, &mut g);
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind_errors = kinds::check(prog);
    if !kind_errors.is_empty() {
        return Err(kind_errors);
    }
    let mut c = Checker::new(g);
    c.g_bool = wired.bool_type.clone();
    c.wired_classes = wired.classes.clone();
    for f in &prog.foreign_imports {
        let s = c.sig_scheme(&f.sig);
        c.g.values.insert(f.name.name.clone(), s);
    }
    if let Some(d) = &prog.defaults {
        let tys = c.default_decl_types(d);
        c.user_defaults = Some((d.span.file, tys));
    }
    c.infer_binds(&prog.binds, true);
    c.check_class_defaults(&prog.classes);
    c.check_instances(&prog.instances);
    // A foreign export's target has the exported (monomorphic) type.
    for e in &prog.foreign_exports {
        let Some(s) = c.g.values.get(&e.target).cloned() else {
            c.error(Diagnostic::error(
                e.span,
                format!("Variable not in scope: {}", short_name(&e.target)),
            ));
            continue;
        };
        let want = c.convert_sig_type(&e.sig.ty, true);
        let (have, _) = c.instantiate(&s, e.span, "a foreign export");
        c.unify_at(&want, &have, e.span);
    }
    // `main :: IO t`.
    if let Some(main) = &prog.main
        && let Some(s) = c.g.values.get(main).cloned()
    {
        let span = prog.binds.iter().find_map(|b| match b {
            ir::Bind::Fun { name, span, .. } if &name.name == main => Some(*span),
            _ => None,
        });
        let (t, _) = c.instantiate(&s, span.unwrap_or_default(), "main");
        let io = Type::app(Type::con(types::tc::IO), c.fresh());
        c.unify_at(&io, &t, span.unwrap_or_default());
    }
    // Top-level leftovers: default or report.
    let ws = std::mem::take(&mut c.wanted);
    let residual = c.solve(ws);
    let left = c.default_residual(residual, &|_, _| true);
    for w in left {
        c.ambiguous(&w);
    }
    if !c.errors.is_empty() {
        let mut errs = std::mem::take(&mut c.errors);
        errs.sort_by_key(|d| (d.span.file, d.span.start));
        return Err(errs);
    }
    Ok(Checked { checker: c })
}

/// Names the checker needs from the library, resolved by the renamer.
#[derive(Clone, Debug, Default)]
pub struct Wired {
    pub bool_type: String,
    /// Short class name (`Num`) to qualified name.
    pub classes: std::collections::HashMap<String, String>,
}

#[cfg(test)]
mod name_tests {
    use super::short_name;

    #[test]
    fn short_names() {
        assert_eq!(short_name("Prelude.map"), "map");
        assert_eq!(short_name("Data.List.sortBy"), "sortBy");
        assert_eq!(short_name("Prelude.."), ".");
        assert_eq!(short_name("Prelude.>>="), ">>=");
        assert_eq!(short_name("x"), "x");
        assert_eq!(short_name("Main.Leaf"), "Leaf");
        assert_eq!(short_name("(,)"), "(,)");
    }
}
