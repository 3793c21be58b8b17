//! Desugaring: AST-to-AST passes that run after parsing and fixity
//! resolution and before renaming and type checking, so that the type
//! checker sees a smaller language.
//!
//! Each translation lives in its own file: `do_notation` (`do` blocks),
//! `list_comp` (list comprehensions), `sugar` (`if`, sections, negation,
//! binary operators, arithmetic sequences), `records` (field selectors,
//! record construction, update and patterns) and `deriving` (derived `Eq`,
//! `Ord`, `Show`, `Enum`, `Bounded` instances). `walk` visits every node;
//! `pretty` prints the result for tests and debugging. The translations and
//! how they differ from GHC are listed in `docs/design/desugar.md`.
//!
//! After this pass the AST contains no `Do`, `ListComp`, `ArithSeq`, `If`,
//! `LeftSection`, `RightSection`, `Neg`, `BinOp`, `RecordCon`,
//! `RecordUpdate`, `Paren`, `OpSeq` expressions, no `Record`, `Paren` or
//! `OpSeq` patterns, and no `deriving` clauses (they became instances).
//! Pattern matching itself (nested patterns, guards, `where`) is left for
//! the type checker. Generated nodes carry the span of the source construct
//! they came from; generated references to library entities are qualified
//! with [`names::BUILTIN_QUALIFIER`] (Note [Built-in references]).
//!
//! This module owns the constructor environment ([`ConEnv`]) that the
//! record and deriving passes consult.

mod deriving;
mod do_notation;
mod list_comp;
pub mod names;
pub mod pretty;
mod records;
mod sugar;
mod walk;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod ghc_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, SourceFile, SourceMap, Span};
use crate::syntax::ast::{Assoc, DataDecl, DeclKind, Module, Name, Type};

/// Desugars one module. Record syntax and derived instances can only use
/// the data types declared in this module; use [`desugar_program`] when a
/// program uses record syntax on library types.
///
/// `file` is the module's source file: generated run-time error messages
/// quote source positions in GHC's `file:line:col-col` form.
pub fn desugar_module(module: &mut Module, file: &SourceFile) -> Result<(), Vec<Diagnostic>> {
    let env = ConEnv::from_modules([&*module]);
    let mut ds = Desugarer::new(&env, Some(file));
    ds.module(module);
    ds.finish()
}

/// Desugars every module of a program (the user's and the library's), with
/// one constructor environment built from all of them.
pub fn desugar_program(modules: &mut [Module], sources: &SourceMap) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for i in 0..modules.len() {
        // The module's own types first, so its constructors and fields win
        // over equally named ones elsewhere.
        let env = ConEnv::from_modules(
            std::iter::once(&modules[i])
                .chain(modules.iter().take(i))
                .chain(modules.iter().skip(i + 1)),
        );
        let m = &mut modules[i];
        let mut ds = Desugarer::new(&env, sources.get(m.span.file));
        ds.module(m);
        if let Err(mut d) = ds.finish() {
            diags.append(&mut d);
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// What the passes know about one data constructor.
#[derive(Clone, Debug)]
pub struct ConInfo {
    pub name: Name,
    /// Index of the owning type in [`ConEnv::types`].
    pub type_index: usize,
    /// Position among the type's constructors (declaration order).
    pub tag: usize,
    pub arity: usize,
    /// Field names, one per argument, for record constructors; empty otherwise.
    pub fields: Vec<Name>,
    /// Strictness mark of each argument.
    pub strict: Vec<bool>,
    /// Declared infix (`a :+ b`, ``a `Foo` b``).
    pub infix: bool,
}

impl ConInfo {
    /// Argument position of field `f`, if this constructor has it.
    pub fn field_position(&self, f: &str) -> Option<usize> {
        self.fields.iter().position(|n| n.name == f)
    }
}

/// What the passes know about one `data`/`newtype` declaration.
#[derive(Clone, Debug)]
pub struct DataInfo {
    pub decl: DataDecl,
    pub cons: Vec<ConInfo>,
}

/// Constructors, record fields and fixities of every data type in scope.
#[derive(Clone, Debug, Default)]
pub struct ConEnv {
    pub types: Vec<DataInfo>,
    by_con: HashMap<String, (usize, usize)>,
    by_field: HashMap<String, usize>,
    fixities: HashMap<String, (Assoc, u8)>,
}

impl ConEnv {
    /// Collects the top-level data types and fixities of `modules`. The first
    /// declaration of a name wins (duplicates are the renamer's error).
    pub fn from_modules<'m>(modules: impl IntoIterator<Item = &'m Module>) -> ConEnv {
        let mut env = ConEnv::default();
        for m in modules {
            for d in &m.decls {
                match &d.kind {
                    DeclKind::Data(dd) | DeclKind::Newtype(dd) => env.add_data(dd),
                    DeclKind::Fixity(fx) => {
                        for op in &fx.ops {
                            env.fixities
                                .entry(op.name.clone())
                                .or_insert((fx.assoc, fx.precedence));
                        }
                    }
                    _ => {}
                }
            }
        }
        env
    }

    fn add_data(&mut self, dd: &DataDecl) {
        let type_index = self.types.len();
        let mut cons = Vec::new();
        for (tag, c) in dd.cons.iter().enumerate() {
            let types = c.fields.types();
            let info = ConInfo {
                name: c.name.clone(),
                type_index,
                tag,
                arity: types.len(),
                fields: c.fields.names().into_iter().cloned().collect(),
                strict: types.iter().map(|t| t.strict).collect(),
                infix: c.infix,
            };
            self.by_con
                .entry(c.name.name.clone())
                .or_insert((type_index, tag));
            for f in &info.fields {
                self.by_field.entry(f.name.clone()).or_insert(type_index);
            }
            cons.push(info);
        }
        self.types.push(DataInfo {
            decl: dd.clone(),
            cons,
        });
    }

    /// The constructor called `name` (qualifiers are ignored).
    pub fn con(&self, name: &Name) -> Option<&ConInfo> {
        let &(t, c) = self.by_con.get(&name.name)?;
        Some(&self.types[t].cons[c])
    }

    /// The data type that has a field called `name`.
    pub fn type_of_field(&self, name: &Name) -> Option<&DataInfo> {
        self.by_field.get(&name.name).map(|&t| &self.types[t])
    }

    /// Fixity of an operator (constructor or function); `infixl 9` if none
    /// is declared, as in the Report.
    pub fn fixity(&self, op: &str) -> (Assoc, u8) {
        self.fixities.get(op).copied().unwrap_or((Assoc::Left, 9))
    }
}

/// The state of desugaring one module.
pub(crate) struct Desugarer<'a> {
    env: &'a ConEnv,
    file: Option<&'a SourceFile>,
    /// The module being desugared (`Main` without a header).
    module_name: String,
    next_fresh: u32,
    diags: Vec<Diagnostic>,
}

impl<'a> Desugarer<'a> {
    fn new(env: &'a ConEnv, file: Option<&'a SourceFile>) -> Desugarer<'a> {
        Desugarer {
            env,
            file,
            module_name: "Main".to_string(),
            next_fresh: 0,
            diags: Vec::new(),
        }
    }

    fn finish(self) -> Result<(), Vec<Diagnostic>> {
        if self.diags.iter().any(Diagnostic::is_error) {
            Err(self.diags)
        } else {
            Ok(())
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(span, message));
    }

    /// A variable name no source program can write (`ds$3`): the lexer never
    /// puts `$` inside an identifier.
    fn fresh(&mut self, hint: &str) -> String {
        self.next_fresh += 1;
        format!("{hint}${}", self.next_fresh)
    }

    /// `span` as GHC prints it in run-time messages: `file:line:col-col`,
    /// `file:line:col` for one column, `file:(l1,c1)-(l2,c2)` across lines.
    /// End columns are inclusive, as in GHC.
    fn location(&self, span: Span) -> String {
        let Some(file) = self.file.filter(|f| f.id == span.file) else {
            return "<builtin>".to_string();
        };
        let (l1, c1) = file.line_col(span.start);
        let (l2, c2) = file.line_col(span.end.max(span.start.saturating_add(1)) - 1);
        let name = &file.name;
        if l1 != l2 {
            format!("{name}:({l1},{c1})-({l2},{c2})")
        } else if c1 == c2 {
            format!("{name}:{l1}:{c1}")
        } else {
            format!("{name}:{l1}:{c1}-{c2}")
        }
    }
}

impl Desugarer<'_> {
    /// A call site as GHC's `CallStack` prints it: `file:line:col in main:Module`.
    fn call_site(&self, span: Span) -> String {
        let place = match self.file.filter(|f| f.id == span.file) {
            Some(f) => {
                let (l, c) = f.line_col(span.start);
                format!("{}:{l}:{c}", f.name)
            }
            None => "<builtin>".to_string(),
        };
        format!("{place} in main:{}", self.module_name)
    }
}

/// The type variables of `ty` that occur in argument positions (not as the
/// head of an application): the ones a derived instance needs a context for.
pub(crate) fn argument_type_vars(ty: &Type, out: &mut Vec<String>) {
    use crate::syntax::ast::TypeKind;
    match &ty.kind {
        TypeKind::Var(v) => {
            if !out.contains(&v.name) {
                out.push(v.name.clone());
            }
        }
        TypeKind::Con(_) => {}
        TypeKind::App(f, a) => {
            if !matches!(f.kind, TypeKind::Var(_)) {
                argument_type_vars(f, out);
            }
            argument_type_vars(a, out);
        }
        TypeKind::Fun(a, b) => {
            argument_type_vars(a, out);
            argument_type_vars(b, out);
        }
        TypeKind::List(t) => argument_type_vars(t, out),
        TypeKind::Tuple(ts) => ts.iter().for_each(|t| argument_type_vars(t, out)),
    }
}
