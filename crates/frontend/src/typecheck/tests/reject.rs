//! Programs that must be rejected, with their messages and locations.

use super::mini::error_of;

/// Whether the rendered errors contain `needle`, with GHC's line breaking
/// (a long message moves to the next line, indented) undone.
fn has(e: &str, needle: &str) {
    let joined = e.replace(" error:\n    ", " error: ");
    assert!(
        e.contains(needle) || joined.contains(needle),
        "expected {needle:?} in:\n{e}"
    );
}

#[test]
fn variable_not_in_scope() {
    let e = error_of("main = putStrLn foo\n");
    has(&e, "t.hs:1:17: error: Variable not in scope: foo");
    has(&e, "1 | main = putStrLn foo\n  |                 ^^^");
}

#[test]
fn constructor_and_type_not_in_scope() {
    has(
        &error_of("main = print (Foo 1)\n"),
        "t.hs:1:15: error: Data constructor not in scope: Foo",
    );
    has(
        &error_of("f :: Foo -> Int\nf _ = 1\nmain = print (f 1)\n"),
        "Not in scope: type constructor or class: ‘Foo’",
    );
}

#[test]
fn unknown_module() {
    has(
        &error_of("import Data.Nope\nmain = print 1\n"),
        "t.hs:1:8: error: Could not find module ‘Data.Nope’",
    );
}

#[test]
fn type_mismatch() {
    let e = error_of("f :: Int\nf = True\nmain = print f\n");
    has(
        &e,
        "t.hs:2:5: error: Couldn't match expected type ‘Int’ with actual type ‘Bool’",
    );
    let e = error_of("main = putStrLn (1 + True)\n");
    has(&e, "Couldn't match");
}

#[test]
fn rigid_type_variable() {
    let e = error_of("f :: a -> a\nf x = True\nmain = print 1\n");
    has(
        &e,
        "t.hs:2:7: error: Couldn't match expected type ‘a’ with actual type ‘Bool’",
    );
}

#[test]
fn no_instance() {
    let e = error_of("main = print id\n");
    has(
        &e,
        "t.hs:1:8: error: No instance for (Show (a0 -> a0)) arising from a use of ‘print’",
    );
    let e = error_of("data T = T\nmain = print T\n");
    has(&e, "No instance for (Show T) arising from a use of ‘print’");
    let e = error_of("f :: a -> String\nf x = show x\nmain = putStrLn (f 1)\n");
    has(
        &e,
        "t.hs:2:7: error: No instance for (Show a) arising from a use of ‘show’",
    );
    let e = error_of("f :: Eq a => a -> String\nf x = show x\nmain = putStrLn (f 1)\n");
    has(&e, "Could not deduce (Show a) arising from a use of ‘show’");
}

#[test]
fn ambiguous_type_variable() {
    let e = error_of("main = putStrLn (show [])\n");
    has(
        &e,
        "Ambiguous type variable ‘a0’ arising from a use of ‘show’ prevents the constraint ‘(Show a0)’ from being solved.",
    );
}

#[test]
fn occurs_check() {
    let e = error_of("f x = x x\nmain = print 1\n");
    has(
        &e,
        "t.hs:1:9: error: Occurs check: cannot construct the infinite type: a0 ~ a0 -> b0",
    );
}

#[test]
fn constructor_arity_in_pattern() {
    let e = error_of("f (Just x y) = x\nmain = print 1\n");
    has(
        &e,
        "The constructor ‘Just’ should have 1 argument, but has been given 2",
    );
}

#[test]
fn main_must_be_io() {
    let e = error_of("main = 'c'\n");
    has(
        &e,
        "Couldn't match expected type ‘IO a0’ with actual type ‘Char’",
    );
}

#[test]
fn duplicate_and_missing_bindings() {
    has(
        &error_of("f :: Int\nmain = print 1\n"),
        "The type signature for ‘f’ lacks an accompanying binding",
    );
    has(
        &error_of("f = 1\nf = 2\nmain = print 1\n"),
        "Multiple declarations of ‘f’",
    );
}

#[test]
fn instance_method_not_in_class() {
    let e = error_of("data T = T\ninstance Show T where\n  shw _ = \"T\"\nmain = print T\n");
    has(&e, "‘shw’ is not a (visible) method of class ‘Show’");
}

#[test]
fn never_panics_on_odd_programs() {
    // Each of these must produce an error or succeed, never panic.
    for src in [
        "main = main",
        "x = x\nmain = print x",
        "main = let f = f in f",
        "class C a where\n  m :: a\nmain = print (m :: Int)",
        "instance Show (a -> b) where\n  show _ = \"fn\"\nmain = print id",
        "data T a = T (T a)\nmain = print 1",
        "f = \\x -> x x\nmain = print 1",
        "type T = T\nf :: T\nf = f\nmain = print 1",
        "main = case 1 of { 2 -> print 1; _ -> print 2 }",
    ] {
        let _ = super::mini::types(src);
        let _ = super::mini::core(src);
    }
}

#[test]
fn compiling_needs_main() {
    let e = super::mini::core("f = 1\n").unwrap_err();
    has(
        &e,
        "t.hs:1:1: error: The IO action ‘main’ is not defined in module ‘Main’",
    );
}
