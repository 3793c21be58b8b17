//! A small [`Builtins`] for tests: a Prelude written here, a handful of
//! primitives with placeholder Core wrappers.

use crate::core::{Expr, Program, Rep, Var};
use crate::driver::{BuiltinTypeDesc, Builtins};

pub const PRELUDE: &str = r#"
module Prelude (module Prelude, module Hsrts.Prim) where
import Hsrts.Prim

infixr 9 .
infixr 5 ++
infixl 7 *, /
infixl 6 +, -
infix 4 ==, /=, <, <=, >, >=
infixr 3 &&
infixr 2 ||
infixl 1 >>, >>=
infixr 0 $, `seq`

data Bool = False | True
data Maybe a = Nothing | Just a
data Either a b = Left a | Right b
data Ordering = LT | EQ | GT
type String = [Char]

otherwise :: Bool
otherwise = True

not :: Bool -> Bool
not True = False
not False = True

(&&) :: Bool -> Bool -> Bool
True && x = x
False && _ = False

(||) :: Bool -> Bool -> Bool
True || _ = True
False || x = x

class Eq a where
  (==), (/=) :: a -> a -> Bool
  x /= y = not (x == y)
  x == y = not (x /= y)

class Eq a => Ord a where
  compare :: a -> a -> Ordering
  (<), (<=), (>), (>=) :: a -> a -> Bool
  x < y = case compare x y of { LT -> True; _ -> False }
  x <= y = case compare x y of { GT -> False; _ -> True }
  x > y = case compare x y of { GT -> True; _ -> False }
  x >= y = case compare x y of { LT -> False; _ -> True }

class Show a where
  show :: a -> String
  showsPrec :: Int -> a -> String -> String
  showList :: [a] -> String -> String
  showsPrec _ x s = show x ++ s
  show x = showsPrec 0 x ""
  showList [] s = "[]" ++ s
  showList (x:xs) s = '[' : show x ++ go xs
    where go [] = ']' : s
          go (y:ys) = ',' : show y ++ go ys

class Num a where
  (+), (-), (*) :: a -> a -> a
  negate :: a -> a
  fromInteger :: Integer -> a
  negate x = fromInteger 0 - x

class Num a => Fractional a where
  (/) :: a -> a -> a
  fromRational :: Rational -> a

data Ratio a = a :% a
type Rational = Ratio Integer

class Enum a where
  enumFromTo :: a -> a -> [a]

class Functor f where
  fmap :: (a -> b) -> f a -> f b

class Functor f => Applicative f where
  pure :: a -> f a
  (<*>) :: f (a -> b) -> f a -> f b

class Applicative m => Monad m where
  (>>=) :: m a -> (a -> m b) -> m b
  (>>) :: m a -> m b -> m b
  return :: a -> m a
  m >> k = m >>= \_ -> k
  return = pure

class Monad m => MonadFail m where
  fail :: String -> m a

instance Eq Int where
  (==) = primIntEq
instance Ord Int where
  compare x y = if primIntEq x y then EQ else if primIntLt x y then LT else GT
instance Num Int where
  (+) = primIntAdd
  (-) = primIntSub
  (*) = primIntMul
  fromInteger = primIntegerToInt
instance Show Int where
  show = primShowInt
instance Enum Int where
  enumFromTo a b = if a > b then [] else a : enumFromTo (a + 1) b

instance Eq Integer where
  (==) = primIntegerEq
instance Num Integer where
  (+) = primIntegerAdd
  (-) = primIntegerSub
  (*) = primIntegerMul
  fromInteger x = x
instance Show Integer where
  show = primShowInteger

instance Eq Double where
  (==) = primDoubleEq
instance Num Double where
  (+) = primDoubleAdd
  (-) = primDoubleSub
  (*) = primDoubleMul
  fromInteger = primIntegerToDouble
instance Fractional Double where
  (/) = primDoubleDiv
  fromRational (n :% d) = primDoubleDiv (primIntegerToDouble n) (primIntegerToDouble d)
instance Show Double where
  show = primShowDouble

instance Eq Char where
  (==) = primCharEq
instance Show Char where
  show c = ['\'', c, '\'']

instance Eq Bool where
  True == True = True
  False == False = True
  _ == _ = False
instance Show Bool where
  show True = "True"
  show False = "False"

instance Eq a => Eq [a] where
  [] == [] = True
  (x:xs) == (y:ys) = x == y && xs == ys
  _ == _ = False
instance Ord a => Ord [a] where
  compare [] [] = EQ
  compare [] _ = LT
  compare _ [] = GT
  compare (x:xs) (y:ys) = case compare x y of { EQ -> compare xs ys; o -> o }
instance Show a => Show [a] where
  show xs = showList xs ""

instance Eq a => Eq (Maybe a) where
  Nothing == Nothing = True
  Just x == Just y = x == y
  _ == _ = False
instance Show a => Show (Maybe a) where
  show Nothing = "Nothing"
  show (Just x) = "Just " ++ show x

instance (Show a, Show b) => Show (a, b) where
  show (a, b) = "(" ++ show a ++ "," ++ show b ++ ")"

instance Functor [] where
  fmap = map
instance Applicative [] where
  pure x = [x]
  fs <*> xs = concatMap (\f -> map f xs) fs
instance Monad [] where
  xs >>= f = concatMap f xs

instance Functor Maybe where
  fmap _ Nothing = Nothing
  fmap f (Just x) = Just (f x)
instance Applicative Maybe where
  pure = Just
  Just f <*> m = fmap f m
  Nothing <*> _ = Nothing
instance Monad Maybe where
  Nothing >>= _ = Nothing
  Just x >>= f = f x

instance Functor IO where
  fmap f m = m >>= \x -> return (f x)
instance Applicative IO where
  pure = primReturnIO
  mf <*> mx = mf >>= \f -> mx >>= \x -> return (f x)
instance Monad IO where
  (>>=) = primBindIO
instance MonadFail IO where
  fail s = error s

instance Functor (Either e) where
  fmap _ (Left e) = Left e
  fmap f (Right x) = Right (f x)

error :: String -> a
error s = primError s

seq :: a -> b -> b
seq = primSeq

($) :: (a -> b) -> a -> b
f $ x = f x

(.) :: (b -> c) -> (a -> b) -> a -> c
(.) f g = \x -> f (g x)

id :: a -> a
id x = x

const :: a -> b -> a
const x _ = x

fst :: (a, b) -> a
fst (x, _) = x

snd :: (a, b) -> b
snd (_, y) = y

map :: (a -> b) -> [a] -> [b]
map _ [] = []
map f (x:xs) = f x : map f xs

(++) :: [a] -> [a] -> [a]
[] ++ ys = ys
(x:xs) ++ ys = x : (xs ++ ys)

concatMap :: (a -> [b]) -> [a] -> [b]
concatMap f = foldr (\x acc -> f x ++ acc) []

foldr :: (a -> b -> b) -> b -> [a] -> b
foldr _ z [] = z
foldr f z (x:xs) = f x (foldr f z xs)

length :: [a] -> Int
length [] = 0
length (_:xs) = 1 + length xs

sum :: Num a => [a] -> a
sum = foldr (+) (fromInteger 0)

putStrLn :: String -> IO ()
putStrLn = primPutStrLn

print :: Show a => a -> IO ()
print x = putStrLn (show x)

read :: String -> Int
read = primReadInt

patError :: String -> a
patError s = primError s

noMethodBindingError :: String -> a
noMethodBindingError s = primError s
"#;

pub struct Mini;

const PRIMS: &[(&str, &str)] = &[
    ("primIntAdd", "Int -> Int -> Int"),
    ("primIntSub", "Int -> Int -> Int"),
    ("primIntMul", "Int -> Int -> Int"),
    ("primIntEq", "Int -> Int -> Bool"),
    ("primIntLt", "Int -> Int -> Bool"),
    ("primIntegerAdd", "Integer -> Integer -> Integer"),
    ("primIntegerSub", "Integer -> Integer -> Integer"),
    ("primIntegerMul", "Integer -> Integer -> Integer"),
    ("primIntegerEq", "Integer -> Integer -> Bool"),
    ("primIntegerToInt", "Integer -> Int"),
    ("primIntegerToDouble", "Integer -> Double"),
    ("primDoubleAdd", "Double -> Double -> Double"),
    ("primDoubleSub", "Double -> Double -> Double"),
    ("primDoubleMul", "Double -> Double -> Double"),
    ("primDoubleDiv", "Double -> Double -> Double"),
    ("primDoubleEq", "Double -> Double -> Bool"),
    ("primCharEq", "Char -> Char -> Bool"),
    ("primShowInt", "Int -> String"),
    ("primShowInteger", "Integer -> String"),
    ("primShowDouble", "Double -> String"),
    ("primReadInt", "String -> Int"),
    ("primPutStrLn", "String -> IO ()"),
    ("primReturnIO", "a -> IO a"),
    ("primBindIO", "IO a -> (a -> IO b) -> IO b"),
    ("primSeq", "a -> b -> b"),
    ("primError", "String -> a"),
];

impl Builtins for Mini {
    fn library_module(&self, name: &str) -> Option<String> {
        match name {
            "Prelude" => Some(PRELUDE.to_string()),
            "Data.Maybe" => Some("module Data.Maybe where\nfromMaybe :: a -> Maybe a -> a\nfromMaybe d Nothing = d\nfromMaybe _ (Just x) = x\n".into()),
            _ => None,
        }
    }
    fn prim_module(&self) -> String {
        "Hsrts.Prim".into()
    }
    fn prim_values(&self) -> Vec<(String, String)> {
        PRIMS
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }
    fn builtin_types(&self) -> Vec<BuiltinTypeDesc> {
        let boxed = |n: &str, c: &str, f: &str, r: Rep| BuiltinTypeDesc {
            name: format!("GHC.Types.{n}"),
            params: vec![],
            cons: vec![(format!("GHC.Types.{c}"), vec![f.to_string()], vec![r])],
            nameable: true,
        };
        let unboxed = |n: &str| BuiltinTypeDesc {
            name: format!("GHC.Types.{n}"),
            params: vec![],
            cons: vec![],
            nameable: false,
        };
        let mut v = vec![
            unboxed("Int#"),
            unboxed("Double#"),
            unboxed("Char#"),
            unboxed("Word#"),
            boxed("Int", "I#", "Int#", Rep::Int),
            boxed("Double", "D#", "Double#", Rep::Double),
            boxed("Char", "C#", "Char#", Rep::Int),
            boxed("Word", "W#", "Word#", Rep::Word),
            BuiltinTypeDesc {
                name: "GHC.Types.Integer".into(),
                params: vec![],
                cons: vec![],
                nameable: true,
            },
            BuiltinTypeDesc {
                name: "GHC.Types.IO".into(),
                params: vec!["a".into()],
                cons: vec![],
                nameable: true,
            },
            BuiltinTypeDesc {
                name: "GHC.Types.[]".into(),
                params: vec!["a".into()],
                cons: vec![
                    ("GHC.Types.[]".into(), vec![], vec![]),
                    (
                        "GHC.Types.:".into(),
                        vec!["a".into(), "[a]".into()],
                        vec![Rep::Ptr, Rep::Ptr],
                    ),
                ],
                nameable: false,
            },
            BuiltinTypeDesc {
                name: "GHC.Tuple.()".into(),
                params: vec![],
                cons: vec![("GHC.Tuple.()".into(), vec![], vec![])],
                nameable: false,
            },
        ];
        for n in 2..=4 {
            let params: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            let name = crate::typecheck::types::tc::tuple(n);
            v.push(BuiltinTypeDesc {
                name: name.clone(),
                params: params.clone(),
                cons: vec![(name, params, vec![Rep::Ptr; n])],
                nameable: false,
            });
        }
        v
    }
    fn wired(&self, role: &str) -> Option<String> {
        Some(
            match role {
                "bool-type" => "Prelude.Bool",
                "true" => "Prelude.True",
                "false" => "Prelude.False",
                "pattern-match-fail" => "Prelude.patError",
                "no-method" => "Prelude.noMethodBindingError",
                "eq" => "Prelude.==",
                "from-integer" => "Prelude.fromInteger",
                "from-rational" => "Prelude.fromRational",
                "ratio-con" => "Prelude.:%",
                "class-num" => "Prelude.Num",
                "class-eq" => "Prelude.Eq",
                _ => return None,
            }
            .to_string(),
        )
    }
    fn wrapper(
        &self,
        _name: &str,
        fresh: &mut dyn FnMut(&str, Rep) -> Var,
        _global: &dyn Fn(&str) -> Option<Var>,
        _program: &Program,
    ) -> Result<Expr, String> {
        // A placeholder of the right shape: `\x -> x`.
        let x = fresh("x", Rep::Ptr);
        Ok(Expr::Lam(vec![x.clone()], Box::new(Expr::Var(x))))
    }
}

/// Inferred types of a program's top-level bindings, or the rendered
/// errors.
pub fn types(src: &str) -> Result<Vec<String>, String> {
    crate::driver::infer_types("t.hs", src, &Mini).map_err(|e| e.to_string())
}

/// The type of one binding.
pub fn type_of(src: &str, name: &str) -> String {
    match types(src) {
        Ok(ts) => ts
            .iter()
            .find_map(|t| t.strip_prefix(&format!("{name} :: ")).map(str::to_string))
            .unwrap_or_else(|| panic!("{name} not found in {ts:?}")),
        Err(e) => panic!("program rejected:\n{e}"),
    }
}

/// The error text of a rejected program.
pub fn error_of(src: &str) -> String {
    match types(src) {
        Ok(ts) => panic!("program accepted: {ts:?}"),
        Err(e) => e,
    }
}

/// Compiles to Core (linted).
pub fn core(src: &str) -> Result<Program, String> {
    crate::driver::compile_source("t.hs", src, &Mini).map_err(|e| e.to_string())
}
