//! The back end's first half: Core (from `frontend`) to STG to a bytecode
//! [`bytecode::Image`].
//!
//! * [`simplify`]: small, obviously-correct Core rewrites;
//! * [`from_core`]: A-normal form, free variables, update flags -> [`syntax`];
//! * [`codegen`]: STG -> bytecode objects, info tables, static closures,
//!   frame layouts, literal pools, foreign-call descriptors;
//! * [`prims`]: what the writer needs to know about primops.
//!
//! Design notes: docs/design/stg.md; the image format: docs/bytecode.md.

pub mod codegen;
pub mod error;
pub mod from_core;
pub mod inline;
pub mod optimise;
pub mod prims;
pub mod simplify;
pub mod specialise;
pub mod syntax;

pub use error::StgError;
pub use prims::{FrontendPrims, NoPrimInfo, PrimTable};

use frontend::core;

/// How to compile: which optional passes run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Run the optimiser ([`optimise`]): specialisation of local functions
    /// to constant (dictionary) arguments ([`specialise`]), known-dictionary method
    /// selection, inlining, literal folding and the rest of Note [The
    /// optimiser] in optimise.rs. Off, only the basic [`simplify`] rewrites
    /// run. On by default; switch it off to bisect a miscompilation.
    pub optimise: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { optimise: true }
    }
}

/// Core to STG: simplification then conversion, with default [`Options`].
pub fn core_to_stg(
    prog: &core::Program,
    prims: &dyn PrimTable,
) -> Result<syntax::Program, StgError> {
    core_to_stg_with(prog, prims, &Options::default())
}

/// Core to STG with the given options.
pub fn core_to_stg_with(
    prog: &core::Program,
    prims: &dyn PrimTable,
    options: &Options,
) -> Result<syntax::Program, StgError> {
    let simplified = if options.optimise {
        optimise::optimise_program(&simplify_program(prog), prims)
    } else {
        simplify_program(prog)
    };
    from_core::program_to_stg(&simplified, prims)
}

/// Runs the simplifier over every top-level right-hand side, with the
/// program's top-level facts ([`simplify::Globals`]).
pub fn simplify_program(prog: &core::Program) -> core::Program {
    let mut out = name_top_level_fields(prog);
    let globals = std::rc::Rc::new(simplify::Globals::of_program(&out.binds));
    let run = |e: &mut core::Expr| {
        let taken = std::mem::replace(e, core::Expr::Lit(core::Lit::Int(0)));
        *e = simplify::simplify_with(taken, globals.clone());
    };
    for b in &mut out.binds {
        match b {
            core::Bind::NonRec(_, e) => run(e),
            core::Bind::Rec(g) => g.iter_mut().for_each(|(_, e)| run(e)),
        }
    }
    out
}

/// Core all the way to a validated image, with default [`Options`].
pub fn compile(prog: &core::Program, prims: &dyn PrimTable) -> Result<bytecode::Image, StgError> {
    compile_with(prog, prims, &Options::default())
}

/// Core all the way to a validated image, with the given options.
pub fn compile_with(
    prog: &core::Program,
    prims: &dyn PrimTable,
    options: &Options,
) -> Result<bytecode::Image, StgError> {
    let stg = core_to_stg_with(prog, prims, options)?;
    codegen::program_to_image(&stg, prims)
}

/// Gives every non-atomic pointer field of a top-level constructor
/// application (a method of a class dictionary, say) its own top-level
/// binding, in the same recursive group, so that the simplifier can select
/// it by name. Sharing is unchanged: a top-level field is evaluated at most
/// once either way.
pub(crate) fn name_top_level_fields(prog: &core::Program) -> core::Program {
    let mut out = prog.clone();
    let mut next = prog
        .binds
        .iter()
        .fold(prog.main.as_ref().map_or(0, |m| m.id.0), |m, b| {
            let pairs: Vec<(&core::Var, &core::Expr)> = match b {
                core::Bind::NonRec(v, e) => vec![(v, e)],
                core::Bind::Rec(g) => g.iter().map(|(v, e)| (v, e)).collect(),
            };
            pairs
                .into_iter()
                .fold(m, |m, (v, e)| m.max(v.id.0).max(simplify::max_var_id(e)))
        })
        + 1;
    for b in &mut out.binds {
        let was_rec = matches!(b, core::Bind::Rec(_));
        let mut group: Vec<(core::Var, core::Expr)> =
            match std::mem::replace(b, core::Bind::Rec(vec![])) {
                core::Bind::NonRec(v, e) => vec![(v, e)],
                core::Bind::Rec(g) => g,
            };
        let mut extra = Vec::new();
        for (v, e) in &mut group {
            let core::Expr::ConApp(c, args) = e else {
                continue;
            };
            let Some(con) = prog.cons.get(c.0 as usize) else {
                continue;
            };
            for (i, arg) in args.iter_mut().enumerate() {
                let is_atom = matches!(arg, core::Expr::Var(_) | core::Expr::Lit(_));
                if is_atom || con.fields.get(i) != Some(&core::Rep::Ptr) {
                    continue;
                }
                let named = core::Var {
                    id: core::VarId(next),
                    name: format!("{}$f{i}", v.name),
                    rep: core::Rep::Ptr,
                };
                next += 1;
                let field = std::mem::replace(arg, core::Expr::Var(named.clone()));
                extra.push((named, field));
            }
        }
        *b = if extra.is_empty() && !was_rec {
            let (v, e) = group.pop().unwrap_or_else(|| unreachable!("one binding"));
            core::Bind::NonRec(v, e)
        } else {
            group.extend(extra);
            core::Bind::Rec(group)
        };
    }
    out
}
