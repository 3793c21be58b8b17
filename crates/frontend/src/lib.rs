//! The hsrts front end: a Haskell 2010 subset, from source text to [`core::Program`].
//!
//! Pipeline (see [`driver`]): `syntax` (lexer, layout, parser, fixity
//! resolution) -> `desugar` (do, comprehensions, sequences, sections,
//! records, deriving) -> `rename` (scopes, unique names) -> `typecheck`
//! (Hindley–Milner inference with type classes, then elaboration to Core:
//! dictionary passing and match compilation) -> `core`, checked by
//! `typecheck::lint`. The built-in library (`lib/**.hs`) is compiled with
//! every program; `prim` lists the primitive operations.

pub mod core;
pub mod desugar;
pub mod diagnostics;
pub mod driver;
pub mod prim;
pub mod rename;
pub mod syntax;
pub mod typecheck;

pub use driver::standard::StandardBuiltins;

/// Compiles one source file (with the built-in library) to Core.
///
/// The diagnostics' spans point into a [`diagnostics::SourceMap`] whose
/// first file is `file` (id `FileId(0)`) followed by the library modules;
/// use [`driver::compile_source`] to get that map for rendering.
pub fn compile(
    file: &diagnostics::SourceFile,
) -> Result<core::Program, Vec<diagnostics::Diagnostic>> {
    driver::compile_file(file, &StandardBuiltins)
}

/// The inferred types of the top-level bindings of a program, as
/// `name :: type` lines (for tests and `hsrts` diagnostics).
pub fn infer_types(name: &str, text: &str) -> Result<Vec<String>, driver::CompileError> {
    driver::infer_types(name, text, &StandardBuiltins)
}
