//! The global environment of the type checker: data types and their
//! constructors, type synonyms, classes, instances and the schemes of
//! top-level values; and the conversion of renamed type syntax
//! ([`SType`]) into [`Type`]s, expanding synonyms.

use std::collections::HashMap;

use super::types::{Pred, Scheme, Type};
use crate::diagnostics::{Diagnostic, Span};
use crate::rename::ir::SType;

#[derive(Clone, Debug)]
pub struct DataInfo {
    pub name: String,
    pub arity: usize,
    /// Constructor names in declaration order.
    pub cons: Vec<String>,
    pub newtype: bool,
}

#[derive(Clone, Debug)]
pub struct ConInfo {
    pub name: String,
    pub type_name: String,
    pub tag: u32,
    pub family_size: u32,
    /// `forall params. f1 -> .. -> fn -> T params`.
    pub scheme: Scheme,
    pub arity: usize,
    pub strict: Vec<bool>,
    /// The constructor of a `newtype` (erased in Core; see docs/design/typecheck.md).
    pub newtype: bool,
}

#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub name: String,
    /// Direct superclasses; dictionary fields `0..supers.len()`.
    pub supers: Vec<String>,
    /// Methods in declaration order with their full schemes: `Gen(0)` is the
    /// class variable and `preds[0]` is the class constraint itself.
    /// Dictionary field of method `i` is `supers.len() + i`.
    pub methods: Vec<(String, Scheme)>,
    /// Methods that have a default definition (`$dm` binding).
    pub defaults: Vec<String>,
    /// The dictionary's data constructor name.
    pub dict_con: String,
}

impl ClassInfo {
    pub fn field_count(&self) -> usize {
        self.supers.len() + self.methods.len()
    }
    pub fn method_index(&self, method: &str) -> Option<usize> {
        self.methods.iter().position(|(m, _)| m == method)
    }
}

#[derive(Clone, Debug)]
pub struct InstInfo {
    pub class: String,
    /// The head type with its variables as `Gen(i)`.
    pub head: Type,
    pub vars: Vec<String>,
    pub context: Vec<Pred>,
    /// Top-level name of the dictionary (function) for this instance.
    pub dfun: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Synonym {
    pub params: Vec<String>,
    pub rhs: SType,
}

/// Everything known at top level.
#[derive(Clone, Debug, Default)]
pub struct Globals {
    pub data: HashMap<String, DataInfo>,
    pub cons: HashMap<String, ConInfo>,
    pub synonyms: HashMap<String, Synonym>,
    pub classes: HashMap<String, ClassInfo>,
    /// Keyed by (class, head type constructor).
    pub instances: HashMap<(String, String), InstInfo>,
    pub values: HashMap<String, Scheme>,
    /// Which top-level values are class methods (method -> class).
    pub method_class: HashMap<String, String>,
}

/// Converts type syntax to a type. `vars` maps type variable names to types
/// (e.g. `Gen(i)` or skolems); unknown variables are added by `on_new_var`
/// or reported.
pub struct TypeConv<'a> {
    pub globals: &'a Globals,
    pub vars: &'a mut Vec<(String, Type)>,
    /// Called for a variable not in `vars`; `None` makes it an error.
    pub on_new_var: Option<&'a mut dyn FnMut(&str) -> Type>,
}

impl TypeConv<'_> {
    pub fn convert(&mut self, t: &SType) -> Result<Type, Diagnostic> {
        self.convert_depth(t, 0)
    }

    fn convert_depth(&mut self, t: &SType, depth: u32) -> Result<Type, Diagnostic> {
        if depth > 200 {
            return Err(Diagnostic::error(
                t.span(),
                "Type synonym expansion is too deep (is a synonym cyclic?)",
            ));
        }
        // Collect the spine to expand saturated synonyms.
        let mut args = Vec::new();
        let mut head = t;
        while let SType::App(f, a) = head {
            args.push(&**a);
            head = f;
        }
        args.reverse();
        if let SType::Con(name, span) = head
            && let Some(syn) = self.globals.synonyms.get(name)
        {
            if args.len() < syn.params.len() {
                return Err(Diagnostic::error(
                    *span,
                    format!(
                        "The type synonym ‘{}’ should have {} arguments, but has been given {}",
                        short(name),
                        syn.params.len(),
                        args.len()
                    ),
                ));
            }
            let syn = syn.clone();
            let mut inner_vars = Vec::new();
            for (p, a) in syn.params.iter().zip(&args) {
                inner_vars.push((p.clone(), self.convert_depth(a, depth + 1)?));
            }
            let mut sub = TypeConv {
                globals: self.globals,
                vars: &mut inner_vars,
                on_new_var: None,
            };
            let mut ty = sub.convert_depth(&syn.rhs, depth + 1)?;
            for a in &args[syn.params.len()..] {
                ty = Type::app(ty, self.convert_depth(a, depth + 1)?);
            }
            return Ok(ty);
        }
        let mut ty = match head {
            SType::Var(v, span) => match self.vars.iter().find(|(n, _)| n == v) {
                Some((_, t)) => t.clone(),
                None => match &mut self.on_new_var {
                    Some(f) => {
                        let t = f(v);
                        self.vars.push((v.clone(), t.clone()));
                        t
                    }
                    None => {
                        return Err(Diagnostic::error(
                            *span,
                            format!("Not in scope: type variable ‘{v}’"),
                        ));
                    }
                },
            },
            SType::Con(name, _) => Type::Con(name.clone()),
            SType::App(..) => unreachable!("spine head is not an application"),
        };
        for a in args {
            ty = Type::app(ty, self.convert_depth(a, depth + 1)?);
        }
        Ok(ty)
    }
}

/// The unqualified part of a qualified name, for messages.
pub fn short(name: &str) -> &str {
    crate::typecheck::short_name(name)
}

/// Collects type variable names of a type in order of first appearance.
pub fn stype_vars(t: &SType, out: &mut Vec<String>) {
    match t {
        SType::Var(v, _) => {
            if !out.contains(v) {
                out.push(v.clone())
            }
        }
        SType::Con(..) => {}
        SType::App(f, a) => {
            stype_vars(f, out);
            stype_vars(a, out);
        }
    }
}
