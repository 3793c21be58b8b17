//! Source text to AST: lexer, layout rule, recursive-descent parser and
//! fixity resolution for the Haskell 2010 subset (see `docs/design/syntax.md`).
//!
//! Public entry points:
//! * [`parse_module`] — one source file to an [`ast::Module`], operators still
//!   in flat sequences;
//! * [`resolve_fixities`] — rewrites the flat sequences of a set of modules
//!   (the program and the library) into trees using the fixity declarations of
//!   all of them;
//! * [`parse_type`] / [`parse_qual_type`] — a type from a string (for the
//!   primitive table).
//!
//! Nothing here panics or loops on any input; every failure is a
//! [`Diagnostic`].

pub mod ast;
mod fixity;
mod layout;
mod lexer;
mod parser;
pub mod pretty;
pub mod visit_mut;

pub use fixity::{Fixity, resolve_fixities};
pub use parser::ACCEPTED_EXTENSIONS;

use crate::diagnostics::{Diagnostic, FileId, SourceFile};

/// Parses one source file. Operator expressions are left unresolved; call
/// [`resolve_fixities`] on all modules of the program afterwards.
pub fn parse_module(file: &SourceFile) -> Result<ast::Module, Vec<Diagnostic>> {
    let lexed = lexer::lex(file).map_err(|d| vec![d])?;
    let mut p = parser::Parser::new(file, &lexed, true);
    let result = p.module(&lexed.pragmas);
    if p.gave_up() {
        let span = crate::diagnostics::Span::new(file.id, 0, 0);
        return Err(vec![Diagnostic::error(
            span,
            "parser gave up: internal step limit exceeded (please report)",
        )]);
    }
    let module = result.map_err(|d| vec![d])?;
    let deferred = p.take_deferred();
    if deferred.is_empty() {
        Ok(module)
    } else {
        Err(deferred)
    }
}

/// Parses a type with an optional context, e.g. `Num a => a -> a -> a`.
/// Spans point into a synthetic file ([`FileId::SYNTHETIC`]).
pub fn parse_qual_type(src: &str) -> Result<ast::QualType, Vec<Diagnostic>> {
    let file = SourceFile::new(FileId::SYNTHETIC, "<builtin>", src);
    let lexed = lexer::lex(&file).map_err(|d| vec![d])?;
    let mut p = parser::Parser::new(&file, &lexed, false);
    let t = p.qual_type_fragment().map_err(|d| vec![d])?;
    Ok(t)
}

/// Parses a type without context, e.g. `Int -> [Char] -> IO ()`.
pub fn parse_type(src: &str) -> Result<ast::Type, Vec<Diagnostic>> {
    let q = parse_qual_type(src)?;
    if let Some(p) = q.context.first() {
        return Err(vec![Diagnostic::error(
            p.span,
            "unexpected context in a type without one",
        )]);
    }
    Ok(q.ty)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz_tests;
