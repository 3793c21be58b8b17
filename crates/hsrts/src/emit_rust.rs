//! `hsrts build prog.hs -o prog.rs`: the native-code back end. It lives in
//! the crate `native-emit` (crates/native-emit), which depends only on the
//! image format so that build scripts can use it (crates/native-tests
//! generates its test programs with it at build time); this module is that
//! crate under its historical name. docs/design/native-code.md.

pub use native_emit::*;
