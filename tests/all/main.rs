//! The integration tests, one binary: the corpus checks, the GHC oracle, and the
//! (not yet runnable) hsrts program suite. Shared machinery is in `tests/lib.rs`.

mod corpus;
mod ghc_oracle;
mod hsrts_suite;
