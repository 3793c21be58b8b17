//! The integration tests, one binary: the corpus checks, the GHC oracle, the
//! `hsrts` command's behaviour, and the hsrts program suite. Shared machinery
//! is in `tests/lib.rs`; the executables under test are found or built by
//! [`tools`].

mod cli;
mod corpus;
mod ghc_oracle;
mod hsrts_suite;
mod tools;
