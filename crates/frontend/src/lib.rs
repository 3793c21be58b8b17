//! The hsrts front end: a Haskell 2010 subset, from source text to [`core::Program`].
//!
//! Pipeline: `syntax` (lexer, layout, parser, AST) -> `rename` -> `typecheck`
//! (inference with type classes, dictionary elaboration) -> `desugar`
//! (pattern matching, sugar) -> `core`. The built-in library (`lib/*.hs`) is
//! compiled with every program; `prim` lists the primitive operations.

pub mod core;
