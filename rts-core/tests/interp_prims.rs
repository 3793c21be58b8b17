//! The interpreter's primops against the front end's table: every name the
//! table declares is implemented, except the JavaScript FFI's (issue 9),
//! and every name the interpreter's general table knows is in the front
//! end's table (so none is misspelt).

use rts_core::interp::implements_primop;
use rts_core::interp::prims::Prim;

/// Declared by the front end for `GHC.Wasm.Prim`; without a JavaScript FFI
/// they stop the program with "not implemented" (docs/language.md).
const JAVASCRIPT_FFI: [&str; 3] = ["freeJSVal#", "toJSString#", "fromJSString#"];

#[test]
fn every_declared_primop_is_implemented() {
    let missing: Vec<&str> = frontend::prim::PRIMS
        .iter()
        .map(|p| p.core_name)
        .filter(|n| !implements_primop(n) && !JAVASCRIPT_FFI.contains(n))
        .collect();
    assert!(missing.is_empty(), "not implemented: {}", missing.join(" "));
}

#[test]
fn implemented_primops_are_table_names() {
    let table: Vec<&str> = frontend::prim::PRIMS.iter().map(|p| p.core_name).collect();
    for name in ["intAdd#", "catch#", "readAddr#", "newMVar#", "fork#"] {
        assert!(table.contains(&name) && implements_primop(name), "{name}");
    }
    assert!(!implements_primop("noSuch#"));
    let unknown: Vec<&str> = Prim::ALL
        .iter()
        .map(|p| p.name())
        .filter(|n| !table.contains(n))
        .collect();
    assert!(
        unknown.is_empty(),
        "not in the front end's table: {unknown:?}"
    );
}
