//! Programs that must be accepted, with their inferred types.

use super::mini::{type_of, types};

fn main_ok(body: &str) -> String {
    format!("{body}\nmain = putStrLn \"ok\"\n")
}

#[test]
fn simple_functions() {
    let src = "module Main where\nf x = x\ng x y = x\nh = f 3 :: Int\nmain = putStrLn \"hi\"\n";
    assert_eq!(type_of(src, "f"), "a -> a");
    assert_eq!(type_of(src, "g"), "a -> b -> a");
    assert_eq!(type_of(src, "h"), "Int");
    assert_eq!(type_of(src, "main"), "IO ()");
}

#[test]
fn let_polymorphism() {
    let src = main_ok("pair = let i x = x in (i 'c', i True)");
    assert_eq!(type_of(&src, "pair"), "(Char, Bool)");
}

#[test]
fn recursion_and_lists() {
    let src = main_ok(
        "len [] = 0\nlen (_:xs) = 1 + len xs\nrev xs = go xs []\n  where go [] acc = acc\n        go (y:ys) acc = go ys (y:acc)",
    );
    assert_eq!(type_of(&src, "len"), "Num b => [a] -> b");
    assert_eq!(type_of(&src, "rev"), "[a] -> [a]");
}

#[test]
fn mutual_recursion_is_one_group() {
    let src = main_ok("ev 0 = True\nev n = od (n - 1)\nod 0 = False\nod n = ev (n - 1)");
    assert_eq!(type_of(&src, "ev"), "(Eq a, Num a) => a -> Bool");
    assert_eq!(type_of(&src, "od"), "(Eq a, Num a) => a -> Bool");
}

#[test]
fn class_constraints_are_inferred_and_reduced() {
    let src = main_ok(
        "member x [] = False\nmember x (y:ys) = x == y || member x ys\nsmaller x y = if x < y then x else y\nshowTwice x = show x ++ show x",
    );
    assert_eq!(type_of(&src, "member"), "Eq a => a -> [a] -> Bool");
    // Ord a implies Eq a: only Ord is kept.
    assert_eq!(type_of(&src, "smaller"), "Ord a => a -> a -> a");
    assert_eq!(type_of(&src, "showTwice"), "Show a => a -> String");
}

#[test]
fn signatures_and_polymorphic_recursion() {
    let src = main_ok(
        "data Nested a = Flat a | Nest (Nested [a])\ndepth :: Nested a -> Int\ndepth (Flat _) = 0\ndepth (Nest n) = 1 + depth n\nident :: a -> a\nident x = x",
    );
    assert_eq!(type_of(&src, "depth"), "Nested a -> Int");
    assert_eq!(type_of(&src, "ident"), "a -> a");
}

#[test]
fn user_classes_with_superclasses_and_defaults() {
    let src = main_ok(
        "class Show a => Pretty a where\n  pretty :: a -> String\n  pretty x = \"<\" ++ show x ++ \">\"\n  prettyList :: [a] -> String\n  prettyList xs = concatMap pretty xs\n\
         data Color = Red | Green\ninstance Show Color where\n  show Red = \"Red\"\n  show Green = \"Green\"\ninstance Pretty Color\n\
         instance Pretty a => Pretty [a] where\n  pretty xs = prettyList xs\n\
         useIt = pretty [Red, Green]\ngeneric x = pretty x ++ show x",
    );
    assert_eq!(type_of(&src, "useIt"), "String");
    assert_eq!(type_of(&src, "generic"), "Pretty a => a -> String");
}

#[test]
fn methods_with_extra_constraints() {
    let src = main_ok(
        "class Container f where\n  empty :: f a\n  insert :: a -> f a -> f a\n  toL :: f a -> [a]\n  showAll :: Show a => f a -> String\n  showAll c = concatMap show (toL c)\n\
         newtype Box a = Box [a]\ninstance Container Box where\n  empty = Box []\n  insert x (Box xs) = Box (x:xs)\n  toL (Box xs) = xs\n\
         test = showAll (insert (1 :: Int) empty :: Box Int)",
    );
    assert_eq!(type_of(&src, "test"), "String");
}

#[test]
fn constructor_classes() {
    let src = main_ok(
        "twice f = fmap f . fmap f\nmaybeAdd mx my = mx >>= \\x -> my >>= \\y -> return (x + y)\nlistPairs = [1, 2] >>= \\x -> [(x, 'a')]\n\
         eith = fmap (+ 1) (Right 3 :: Either String Int)\nio = fmap length (return \"abc\") :: IO Int",
    );
    assert_eq!(
        type_of(&src, "twice"),
        "Functor f => (a -> a) -> f a -> f a"
    );
    assert_eq!(
        type_of(&src, "maybeAdd"),
        "(Monad m, Num a) => m a -> m a -> m a"
    );
    assert_eq!(type_of(&src, "listPairs"), "[(Integer, Char)]");
    assert_eq!(type_of(&src, "eith"), "Either String Int");
    assert_eq!(type_of(&src, "io"), "IO Int");
}

#[test]
fn defaulting_and_monomorphism_restriction() {
    let src = main_ok("n = 3\nx = 2.5\nplus = (+)\nk = n + 1\nshowIt = show 42\nfrac = 1 / 2");
    assert_eq!(type_of(&src, "n"), "Integer");
    assert_eq!(type_of(&src, "x"), "Double");
    // Restricted: not generalised, then defaulted at top level.
    assert_eq!(type_of(&src, "plus"), "Integer -> Integer -> Integer");
    assert_eq!(type_of(&src, "k"), "Integer");
    assert_eq!(type_of(&src, "showIt"), "String");
    assert_eq!(type_of(&src, "frac"), "Double");
}

#[test]
fn monomorphism_restriction_uses_later_information() {
    let src = main_ok("plus = (+)\nuse = plus (1 :: Int) 2");
    assert_eq!(type_of(&src, "plus"), "Int -> Int -> Int");
}

#[test]
fn type_synonyms_newtypes_and_records_shape() {
    let src = main_ok(
        "type Name = String\ntype Pair a = (a, a)\nnewtype Age = Age Int\ngreet :: Name -> Pair Name\ngreet n = (n, n)\nolder (Age n) = Age (n + 1)\n\
         data P = P !Int Int\nmk = P 1",
    );
    assert_eq!(type_of(&src, "greet"), "String -> (String, String)");
    assert_eq!(type_of(&src, "older"), "Age -> Age");
    assert_eq!(type_of(&src, "mk"), "Int -> P");
}

#[test]
fn patterns_guards_and_where() {
    let src = main_ok(
        "{-# LANGUAGE BangPatterns #-}\nclassify n\n  | n < 0 = \"neg\"\n  | n == 0 = \"zero\"\n  | otherwise = big\n  where big = if n > 100 then \"big\" else \"pos\"\n\
         firstJust (Just x : _) = Just x\nfirstJust (_ : rest) = firstJust rest\nfirstJust [] = Nothing\n\
         lazyFst ~(a, _) = a\nstrict !x = x\nasPat all@(x:_) = (all, x)\ncharOf 'a' = 1\ncharOf _ = 0\n\
         lookupG k xs | Just v <- find k xs = v\n             | otherwise = 0\n  where find _ [] = Nothing\n        find k ((a,b):r) = if a == k then Just b else find k r",
    );
    assert_eq!(type_of(&src, "classify"), "(Num a, Ord a) => a -> String");
    assert_eq!(type_of(&src, "firstJust"), "[Maybe a] -> Maybe a");
    assert_eq!(type_of(&src, "lazyFst"), "(a, b) -> a");
    assert_eq!(type_of(&src, "strict"), "a -> a");
    assert_eq!(type_of(&src, "asPat"), "[a] -> ([a], a)");
    assert_eq!(type_of(&src, "charOf"), "Num a => Char -> a");
    assert_eq!(
        type_of(&src, "lookupG"),
        "(Eq a, Num b) => a -> [(a, b)] -> b"
    );
}

#[test]
fn do_notation_and_imports() {
    let src = "import Data.Maybe (fromMaybe)\nmain = do\n  let x = fromMaybe 0 (Just (3 :: Int))\n  print x\n  s <- return \"a\"\n  putStrLn s\n";
    assert_eq!(type_of(src, "main"), "IO ()");
}

#[test]
fn every_user_binding_is_listed_in_order() {
    let ts = types(&main_ok("a = 'x'\nb = [a]")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ts, vec!["a :: Char", "b :: String", "main :: IO ()"]);
}
