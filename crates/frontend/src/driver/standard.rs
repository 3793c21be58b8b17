//! The standard [`Builtins`]: `crate::prim`'s built-in types, primitives,
//! wrappers, wired-in names and embedded library sources.

use super::{BuiltinTypeDesc, Builtins};
use crate::core::{Expr, Program, Rep, Var};
use crate::prim;
use crate::typecheck::types::tc;

/// The built-ins every real compilation uses.
#[derive(Clone, Copy, Debug, Default)]
pub struct StandardBuiltins;

impl Builtins for StandardBuiltins {
    fn library_module(&self, name: &str) -> Option<String> {
        prim::library_module(name).map(str::to_string)
    }

    fn prim_module(&self) -> String {
        prim::PRIM_MODULE.to_string()
    }

    fn prim_values(&self) -> Vec<(String, String)> {
        prim::haskell_primitives()
            .map(|p| (p.haskell_name().to_string(), p.haskell_type().to_string()))
            .collect()
    }

    fn builtin_types(&self) -> Vec<BuiltinTypeDesc> {
        prim::BUILTIN_TYPES
            .iter()
            .map(|t| {
                let special = t.name == tc::LIST || t.name == tc::UNIT || tc::is_tuple(t.name);
                BuiltinTypeDesc {
                    name: t.name.to_string(),
                    params: t.params.iter().map(|p| p.to_string()).collect(),
                    cons: t
                        .cons
                        .iter()
                        .map(|c| {
                            (
                                c.name.to_string(),
                                c.field_types.iter().map(|f| f.to_string()).collect(),
                                c.fields.to_vec(),
                            )
                        })
                        .collect(),
                    nameable: !t.unboxed && !special,
                }
            })
            .collect()
    }

    fn wired(&self, role: &str) -> Option<String> {
        prim::wired_in(role).map(str::to_string)
    }

    fn wrapper(
        &self,
        name: &str,
        fresh: &mut dyn FnMut(&str, Rep) -> Var,
        global: &dyn Fn(&str) -> Option<Var>,
        program: &Program,
    ) -> Result<Expr, String> {
        let cons = prim::BuiltinCons::from_program(program)
            .map_err(|n| format!("missing built-in constructor {n}"))?;
        let force_name = prim::wired_in("force-string").unwrap_or("GHC.Base.forceString");
        let force_string = global(force_name).unwrap_or_else(|| fresh(force_name, Rep::Ptr));
        let p = prim::lookup_haskell(name).ok_or_else(|| format!("unknown primitive {name}"))?;
        let env = prim::WrapperEnv {
            cons: &cons,
            force_string: &force_string,
        };
        prim::wrapper::wrapper_for(p, &env, fresh).map_err(|e| e.to_string())
    }
}
