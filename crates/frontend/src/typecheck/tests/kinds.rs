//! Kind checking (`typecheck::kinds`): well-kinded programs pass, each kind
//! error is reported where GHC reports it, with GHC's wording.

use super::mini::{core, error_of};

fn has(e: &str, needle: &str) {
    let joined = e.replace(" error:\n    ", " error: ");
    assert!(
        e.contains(needle) || joined.contains(needle),
        "expected {needle:?} in:\n{e}"
    );
}

#[test]
fn higher_kinded_declarations_are_accepted() {
    let src = "data Rose f a = Rose a (f (Rose f a))\n\
               newtype Compose f g a = Compose (f (g a))\n\
               type Pair a = (a, a)\n\
               type MaybeList = Maybe [Int]\n\
               data Fix f = In (f (Fix f))\n\
               class Container f where\n  empty :: f a\n  insert :: a -> f a -> f a\n\
               instance Container [] where\n  empty = []\n  insert = (:)\n\
               wrap :: Compose Maybe [] Int -> Pair (Rose Maybe Int)\nwrap _ = (Rose 1 Nothing, Rose 2 Nothing)\n\
               main = print (length (insert 'a' empty))\n";
    if let Err(e) = core(src) {
        panic!("{e}");
    }
}

#[test]
fn missing_arguments_in_signatures_and_fields() {
    has(
        &error_of("f :: Maybe -> Int\nf _ = 1\nmain = print 1\n"),
        "t.hs:1:6: error:\n    Expecting one more argument to ‘Maybe’\n    Expected a type, but ‘Maybe’ has kind ‘* -> *’",
    );
    has(
        &error_of("data T = T (Either Int)\nmain = print 1\n"),
        "t.hs:1:13: error:\n    Expecting one more argument to ‘Either Int’",
    );
    has(
        &error_of("data T = T Either\nmain = print 1\n"),
        "Expecting two more arguments to ‘Either’\n    Expected a type, but ‘Either’ has kind ‘* -> * -> *’",
    );
    has(
        &error_of("main = print (Nothing :: Maybe)\n"),
        "t.hs:1:26: error:\n    Expecting one more argument to ‘Maybe’",
    );
}

#[test]
fn too_many_arguments() {
    has(
        &error_of("f :: Int Int -> Int\nf _ = 1\nmain = print 1\n"),
        "t.hs:1:6: error: Expected kind ‘* -> *’, but ‘Int’ has kind ‘*’",
    );
    has(
        &error_of("data P a = P a (a Int)\nmain = print 1\n"),
        "t.hs:1:17: error: Expected kind ‘* -> *’, but ‘a’ has kind ‘*’",
    );
}

#[test]
fn argument_of_the_wrong_kind() {
    has(
        &error_of("data Box f = Box (f Int)\nx :: Box Int\nx = x\nmain = print 1\n"),
        "t.hs:2:10: error: Expected kind ‘* -> *’, but ‘Int’ has kind ‘*’",
    );
    has(
        &error_of("f :: [Maybe] -> Int\nf _ = 1\nmain = print 1\n"),
        "Expecting one more argument to ‘Maybe’",
    );
}

#[test]
fn instance_heads_and_contexts_have_the_class_kind() {
    let e = error_of(
        "class Container f where\n  empty :: f a\ninstance Container Int where\n  empty = empty\nmain = print 1\n",
    );
    has(
        &e,
        "t.hs:3:20: error:\n    • Expected kind ‘* -> *’, but ‘Int’ has kind ‘*’",
    );
    has(&e, "In the instance declaration for ‘Container Int’");
    has(
        &error_of(
            "class Container f where\n  empty :: f a\ng :: Container a => a -> a\ng x = x\nmain = print 1\n",
        ),
        "Expecting one more argument to ‘a’",
    );
    has(
        &error_of("f :: Eq Maybe => Int\nf = 1\nmain = print 1\n"),
        "Expecting one more argument to ‘Maybe’",
    );
}

#[test]
fn synonyms_and_local_signatures() {
    has(
        &error_of("type T = Maybe\nf :: T -> Int\nf _ = 1\nmain = print 1\n"),
        "Expecting one more argument to ‘T’",
    );
    has(
        &error_of("main = print (let { g :: Maybe Maybe; g = g } in 1)\n"),
        "Expecting one more argument to ‘Maybe’",
    );
    has(
        &error_of("data T a = T (a a)\nmain = print 1\n"),
        "t.hs:1:15: error:",
    );
}
