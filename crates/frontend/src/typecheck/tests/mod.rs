//! Tests of renaming, inference and elaboration, over a small test library
//! ([`mini`]) so that they do not depend on the full built-in library.

mod accept;
mod core_out;
mod eval;
mod foreign;
mod kinds;
mod library;
pub mod mini;
mod reject;
mod robust;
mod run;
