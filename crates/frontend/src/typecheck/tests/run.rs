//! Programs compiled with the test library and run by the test evaluator:
//! the elaborated Core must compute what Haskell says.

use super::eval::output;

fn runs(src: &str, expected: &str) {
    match output(src) {
        Ok(out) => assert_eq!(out, expected, "program:\n{src}"),
        Err(e) => panic!("failed: {e}\nprogram:\n{src}"),
    }
}

#[test]
fn hello() {
    runs("main = putStrLn \"hello\"\n", "hello\n");
}

#[test]
fn arithmetic_defaulting_and_show() {
    runs(
        "main = do\n  print (1 + 2 * 3)\n  print (2.5 * 2)\n  print (length \"abcd\")\n  print [1, 2, 3 :: Int]\n  print (sum [1, 2, 3])\n",
        "7\n5.0\n4\n[1,2,3]\n6\n",
    );
}

#[test]
fn classes_superclasses_defaults_and_instances_with_context() {
    let src = "class Show a => Pretty a where\n  pretty :: a -> String\n  pretty x = \"<\" ++ show x ++ \">\"\n\
               data Color = Red | Green\ninstance Show Color where\n  show Red = \"Red\"\n  show Green = \"Green\"\n\
               instance Pretty Color\ninstance Pretty Int where\n  pretty n = \"#\" ++ show n\n\
               instance Pretty a => Pretty [a] where\n  pretty xs = concatMap pretty xs\n\
               instance (Pretty a, Pretty b) => Pretty (a, b) where\n  pretty (a, b) = pretty a ++ \"&\" ++ pretty b\n\
               main = do\n  putStrLn (pretty [Red, Green])\n  putStrLn (pretty [(1 :: Int, Red)])\n  print (Just [Red])\n";
    runs(src, "<Red><Green>\n#1&<Red>\nJust [Red]\n");
}

#[test]
fn overloaded_recursion_passes_dictionaries() {
    let src = "ev 0 = True\nev n = od (n - 1)\nod 0 = False\nod n = ev (n - 1)\n\
               count :: (Eq a, Num a) => a -> a -> Int\ncount k n = if n == k then 0 else 1 + count k (n - 1)\n\
               main = do\n  print (ev (10 :: Int), od (7 :: Integer))\n  print (count 0 (5 :: Double))\n";
    runs(src, "(True,True)\n5\n");
}

#[test]
fn pattern_matching_guards_where_and_fallthrough() {
    let src = "{-# LANGUAGE BangPatterns #-}\nclassify :: Int -> String\nclassify n\n  | n < 0 = \"neg\"\n  | n == 0 = zero\n  where zero = \"zero\"\nclassify n | n > 100 = \"big\"\nclassify _ = \"pos\"\n\
               f (Just x : _) = x\nf (_ : r) = f r\nf [] = 0\n\
               g 'a' 1 = \"a1\"\ng 'a' _ = \"a?\"\ng _ 1 = \"?1\"\ng _ _ = \"??\"\n\
               h :: Integer -> String\nh 5 = \"five\"\nh _ = \"other\"\n\
               look k xs | Just v <- find xs = v\n          | otherwise = -1\n  where find [] = Nothing\n        find ((a, b) : r) = if a == k then Just b else find r\n\
               go !acc [] = acc\ngo !acc (x:xs) = go (acc + x) xs\n\
               main = do\n  putStrLn (classify (-3))\n  putStrLn (classify 0)\n  putStrLn (classify 500)\n  putStrLn (classify 7)\n  \
               print (f [Nothing, Just 3, Just 4] :: Int)\n  putStrLn (g 'a' 2 ++ g 'b' 1 ++ g 'a' 1 ++ g 'c' 3)\n  \
               putStrLn (h 5 ++ h 6)\n  print (look 2 [(1, 10), (2, 20 :: Int)], look 9 [(1, 1 :: Int)])\n  print (go 0 [1, 2, 3 :: Int])\n";
    runs(
        src,
        "neg\nzero\nbig\npos\n3\na??1a1??\nfiveother\n(20,-1)\n6\n",
    );
}

#[test]
fn laziness_is_preserved() {
    let src = "ones = 1 : ones\ntake' 0 _ = []\ntake' n (x:xs) = x : take' (n - 1) xs\n\
               lazyPair ~(a, b) = 0\nconst' x _ = x\n\
               main = do\n  print (take' 3 ones :: [Int])\n  print (lazyPair undefined :: Int)\n  print (const' 1 (error \"boom\") :: Int)\n  \
               let (p, q) = (length [1, 2], error \"unused\")\n  print p\n  case error \"scrutinee\" of\n    _ -> putStrLn \"wildcard does not force\"\n\
               undefined = error \"undefined\"\n";
    runs(src, "[1,1,1]\n0\n1\n2\nwildcard does not force\n");
}

#[test]
fn monads_and_constructor_classes() {
    let src = "safeDiv :: Int -> Int -> Maybe Int\nsafeDiv _ 0 = Nothing\nsafeDiv a b = Just (a - b)\n\
               calc = do\n  x <- safeDiv 10 2\n  y <- safeDiv x 0\n  return (x + y)\n\
               pairs = do\n  x <- [1, 2]\n  c <- \"ab\"\n  return (x, c)\n\
               main = do\n  print calc\n  print (fmap (+ 1) (Just (1 :: Int)))\n  print (pairs :: [(Int, Char)])\n  n <- return 42\n  print (n :: Int)\n";
    runs(
        src,
        "Nothing\nJust 2\n[(1,'a'),(1,'b'),(2,'a'),(2,'b')]\n42\n",
    );
}

#[test]
fn newtypes_records_and_strict_fields() {
    let src = "newtype Age = Age Int\ndata P = P { px :: !Int, py :: Int }\n\
               older (Age n) = Age (n + 1)\nshowAge (Age n) = show n\n\
               main = do\n  putStrLn (showAge (older (Age 41)))\n  let p = P { px = 1, py = 2 }\n  print (px p + py p)\n  print (py (P 1 2))\n";
    runs(src, "42\n3\n2\n");
}

#[test]
fn pattern_match_failure_message() {
    let e =
        output("f :: Maybe Int -> Int\nf (Just x) = x\nmain = print (f Nothing)\n").unwrap_err();
    assert!(
        e.starts_with("t.hs:2:1-14: Non-exhaustive patterns in function f\n|"),
        "{e}"
    );
}

#[test]
fn local_polymorphism_with_dictionaries_and_superclass_givens() {
    let src = "uniq :: Ord a => [a] -> [a]\nuniq (x:y:r) | x == y = uniq (y:r)\n             | otherwise = x : uniq (y:r)\nuniq xs = xs\n\
               main = do\n  let twice f x = f (f x)\n      inc :: Num a => a -> a\n      inc x = x + 1\n      showBoth a b = show a ++ \" \" ++ show b\n  \
               print (twice inc (1 :: Int), twice inc (1.5 :: Double))\n  putStrLn (showBoth 'c' True)\n  print (uniq [1, 1, 2, 3, 3 :: Int])\n";
    runs(src, "(3,3.5)\n'c' True\n[1,2,3]\n");
}

#[test]
fn default_methods_call_other_methods_through_the_dictionary() {
    let src = "class Shape a where\n  area :: a -> Int\n  name :: a -> String\n  describe :: a -> String\n  describe x = name x ++ \"=\" ++ show (area x)\n\
               data Sq = Sq Int\ndata Rect = Rect Int Int\n\
               instance Shape Sq where\n  area (Sq s) = s * s\n  name _ = \"square\"\n\
               instance Shape Rect where\n  area (Rect w h) = w * h\n  name _ = \"rect\"\n  describe r = \"a \" ++ name r\n\
               main = do\n  putStrLn (describe (Sq 3))\n  putStrLn (describe (Rect 2 5))\n";
    runs(src, "square=9\na rect\n");
}

#[test]
fn missing_method_calls_the_wired_error() {
    let src = "class C a where\n  m :: a -> Int\ndata T = T\ninstance C T\nmain = print (m T)\n";
    let e = output(src).unwrap_err();
    assert!(
        e.starts_with("t.hs:4:1-12: No instance nor default method for class operation m|"),
        "{e}"
    );
}

#[test]
fn top_level_pattern_bindings() {
    let src = "(a, b) = (1 :: Int, \"two\")\n[c, d] = [3, 4 :: Int]\nJust e = Just 'e'\nmain = do\n  print (a + c + d)\n  putStrLn b\n  print e\n";
    runs(src, "8\ntwo\n'e'\n");
}
