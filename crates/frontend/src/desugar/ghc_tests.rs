//! GHC as the oracle for the desugarer: each program below is run by GHC
//! twice, once as written and once after desugaring (printed back as
//! Haskell by [`super::pretty::module_as_haskell`]); stdout, the exit code
//! and the first line of stderr must agree. This checks the translations —
//! derived instances above all — against GHC's own behaviour, without the
//! rest of our pipeline. Skipped, with a note on stderr, where `ghc` is not
//! installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostics::{FileId, SourceFile};
use crate::syntax::{parse_module, resolve_fixities};

use super::{desugar_module, pretty};

fn ghc_available() -> bool {
    Command::new("ghc")
        .arg("--numeric-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Compiles `src` as `Main.hs` in `dir` and runs it: (stdout, first line of
/// stderr with the program name removed, exit code).
fn run_with_ghc(dir: &Path, src: &str) -> (String, String, Option<i32>) {
    std::fs::create_dir_all(dir).expect("create test directory");
    std::fs::write(dir.join("Main.hs"), src).expect("write Main.hs");
    let out = Command::new("ghc")
        .args(["-v0", "-O0", "-outputdir", "build", "-o", "prog", "Main.hs"])
        .current_dir(dir)
        .output()
        .expect("run ghc");
    assert!(
        out.status.success(),
        "GHC rejected {}:\n{}\n--- source ---\n{src}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(dir.join("prog"))
        .current_dir(dir)
        .output()
        .expect("run program");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let first = stderr
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("prog: ")
        .to_string();
    (
        String::from_utf8_lossy(&run.stdout).into_owned(),
        first,
        run.status.code(),
    )
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("hsrts-desugar-{}-{name}", std::process::id()))
}

/// Runs `src` and its desugaring under GHC and compares them.
fn agrees_with_ghc(name: &str, src: &str) {
    if !ghc_available() {
        eprintln!("note: ghc not installed; skipping the GHC comparison `{name}`");
        return;
    }
    let file = SourceFile::new(FileId(0), "Main.hs", src);
    let mut modules = vec![parse_module(&file).unwrap_or_else(|d| panic!("parse {name}: {d:?}"))];
    resolve_fixities(&mut modules).unwrap_or_else(|d| panic!("fixities {name}: {d:?}"));
    let mut module = modules.pop().expect("one module");
    desugar_module(&mut module, &file).unwrap_or_else(|d| panic!("desugar {name}: {d:?}"));
    let desugared = pretty::module_as_haskell(&module);
    let base = scratch(name);
    let original = run_with_ghc(&base.join("original"), src);
    let ours = run_with_ghc(&base.join("desugared"), &desugared);
    let _ = std::fs::remove_dir_all(&base);
    assert_eq!(
        original, ours,
        "desugared program differs from the original under GHC:\n{desugared}"
    );
    // The programs are meant to print something; an empty run proves nothing.
    assert!(
        !original.0.is_empty() || !original.1.is_empty(),
        "{name} printed nothing"
    );
}

#[test]
fn derived_show_matches_ghc() {
    agrees_with_ghc(
        "show",
        r#"
data Color = Red | Green | Blue deriving (Show)
data P = P Int Double deriving (Show)
data R = R { f :: Int, g :: Maybe Int } deriving (Show)
infixr 5 :|
data NE a = a :| [a] deriving (Show)
infixl 6 :+:
data Op = Int :+: Int | Int `Foo` Int deriving (Show)
data T a = Leaf | Node (T a) a (T a) deriving (Show)
data Rop = Rop { (<+>) :: Int } deriving Show
newtype N = N Int deriving (Show)
infixr 0 :*
data C = Int :* Double deriving (Show)
data D = D { da, db :: Int } deriving (Show)
data E = E !Int (Maybe Int) deriving Show
data F = F [Int] (Int, Char) String deriving Show
data G = G Int | H { hx :: Double } deriving Show
data Ph a b = Ph a deriving Show
main = do
  print [Red, Green, Blue]
  print (P (-1) (-2.5))
  print (R { f = -3, g = Just (-4) })
  print (Just (R 1 Nothing))
  print (1 :| [2,3])
  print (Just (1 :| []))
  print (1 :+: 2, 3 `Foo` 4)
  print (Just (1 :+: (-2)))
  print (Node Leaf (-1) (Node Leaf 2 Leaf))
  print (Rop 3)
  print (N (-5), Just (N 5))
  print (Just ((-1) :* (-2)))
  print (D 1 2, D { db = 3, da = -4 })
  print (E 1 (Just 2))
  print (F [1] (2,'c') "x\n")
  print [G (-1), H (-0.5), H 1e-3]
  putStrLn (showsPrec 11 (1 :* 2) "")
  putStrLn (showsPrec 11 (Just (Ph 'x' :: Ph Char Int)) "")
"#,
    );
}

/// Constructors declared in prefix form with an operator name.
#[test]
fn prefix_operator_constructors_show_like_ghc() {
    agrees_with_ghc(
        "prefixop",
        "data A = (:%) { l :: Int, r :: Int } deriving Show\ndata B = (:&) Int Int deriving Show\nmain = print (1 :% 2, 1 :& 2, (:&) 3 4)\n",
    );
}

#[test]
fn derived_eq_ord_enum_bounded_match_ghc() {
    agrees_with_ghc(
        "eqord",
        r#"
data Color = Red | Green | Blue deriving (Eq, Ord, Show, Enum, Bounded)
data T a = Leaf | Node (T a) a (T a) deriving (Eq, Ord, Show)
data Pr = Pr Bool Color deriving (Show, Bounded, Eq, Ord)
data U = U deriving (Show, Eq, Ord, Bounded, Enum)
data V = V1 Int | V2 | V3 Int Int deriving (Eq, Ord, Show)
main = do
  print [minBound .. maxBound :: Color]
  print ([Red ..], [Blue, Green ..], [Red, Blue ..], [Green .. Blue], [Red, Green .. Blue])
  print (map fromEnum [Red, Green, Blue], toEnum 1 :: Color, succ Red, pred Blue)
  print (minBound :: Pr, maxBound :: Pr, [minBound .. maxBound :: U])
  print [compare x y | x <- [Red ..], y <- [Red ..]]
  print [x < y | x <- [V1 1, V2, V3 1 2, V3 2 1], y <- [V1 0, V2, V3 1 3]]
  print (Node Leaf 1 Leaf == Node Leaf 1 Leaf, Node Leaf 1 Leaf /= Leaf, Leaf == (Leaf :: T Int))
  print (compare (Node Leaf 2 Leaf) (Node (Node Leaf 0 Leaf) 1 Leaf), max (Pr True Red) (Pr False Blue))
  print (maximum [V3 1 2, V1 5, V2], minimum [V3 1 2, V1 5, V2])
"#,
    );
}

#[test]
fn derived_enum_errors_match_ghc() {
    agrees_with_ghc(
        "succ",
        "data Color = Red | Green | Blue deriving (Show, Enum)\nmain = do { print (pred Blue); print (succ Blue) }\n",
    );
    agrees_with_ghc(
        "toenum",
        "data Color = Red | Green | Blue deriving (Show, Enum)\nmain = do { print (toEnum 2 :: Color); print (toEnum (-1) :: Color) }\n",
    );
}

#[test]
fn do_list_comprehension_sections_match_ghc() {
    agrees_with_ghc(
        "sugar",
        r#"
import Data.Char (toUpper)
pairs :: [(Int, Char)]
pairs = [(x, c) | x <- [1..4], odd x, let y = x * 2, c <- "ab", y > 1]
firsts :: [Maybe Int] -> [Int]
firsts xs = [x | Just x <- xs]
sums :: Maybe Int
sums = do { a <- Just 1; let { b = a + 1 }; c <- Just (b * 10); return (a + b + c) }
main :: IO ()
main = do
  print pairs
  print (firsts [Just 1, Nothing, Just 3])
  print sums
  print (map (+ 1) [1, 2], map (10 -) [1, 2], map (`div` 2) [7, 9], map (2 ^) [3, 4], (subtract 1) 5, (- 1))
  print [if even n then 'e' else 'o' | n <- [1 .. 5 :: Int]]
  print (take 3 [10 ..], take 3 [10, 20 ..], [5, 4 .. 1], ['a' .. 'e'])
  (x, y) <- return (1 :: Int, 2 :: Int)
  let z = x + y
  mapM_ print [z, negate z, - z]
  putStrLn (map toUpper "done")
  [a] <- return [z, z]
  print a
"#,
    );
}

#[test]
fn records_match_ghc() {
    agrees_with_ghc(
        "records",
        r#"
data Shape = Circle { name :: String, radius :: Double } | Rect { name :: String, w, h :: Double } deriving (Show, Eq)
data Cfg = Cfg { verbose :: Bool, level :: Int } deriving (Show, Eq)
area :: Shape -> Double
area Circle { radius = r } = 3 * r * r
area (Rect { w = x, h = y }) = x * y
main = do
  let c = Circle { radius = 1.5, name = "c" }
      r = Rect "r" 2 3
  print (c, r, map area [c, r], map name [c, r])
  print (r { name = "s", h = 10 }, c { name = "d" })
  print ((Cfg True 1) { level = 2 }, level (Cfg False 7))
  print (Cfg { level = 3, verbose = False } == Cfg False 3 || True)
  print (radius r)
"#,
    );
}

#[test]
fn missing_field_and_update_errors_match_ghc() {
    agrees_with_ghc(
        "missing",
        "data R = A { x :: Int } | B { y :: Int } deriving Show\nmain = do { print (y (B 2)); print (x (A { })) }\n",
    );
    agrees_with_ghc(
        "update",
        "data R = A { x :: Int } | B { y :: Int } deriving Show\nmain = do { print ((A 1) { x = 2 }); print ((B 1) { x = 2 }) }\n",
    );
    agrees_with_ghc(
        "dofail",
        "main = do\n  print 1\n  Just x <- return (Nothing :: Maybe Int)\n  print x\n",
    );
}

/// Every program of the shared corpus (`tests/programs/*.hs`), desugared
/// and run by GHC, must behave as the original. Slow (two GHC builds per
/// program), hence ignored by default:
/// `cargo test -p frontend desugar::ghc_tests::corpus -- --ignored`.
/// Programs the parser does not accept yet are listed and skipped.
#[test]
#[ignore = "slow: builds every corpus program twice with GHC"]
fn corpus_programs_agree_with_ghc_after_desugaring() {
    if !ghc_available() {
        eprintln!("note: ghc not installed; skipping the corpus comparison");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "hs"))
                .collect()
        })
        .unwrap_or_default();
    programs.sort();
    assert!(
        !programs.is_empty(),
        "no programs found in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    for path in &programs {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("prog")
            .to_string();
        let src = std::fs::read_to_string(path).expect("read program");
        let stdin = std::fs::read_to_string(path.with_extension("stdin")).unwrap_or_default();
        let file = SourceFile::new(FileId(0), "Main.hs", src.as_str());
        let mut modules = match parse_module(&file) {
            Ok(m) => vec![m],
            Err(d) => {
                eprintln!("note: {stem}: skipped, parse error: {}", d[0].message);
                continue;
            }
        };
        // The library's fixity declarations (`infixr 8 ^`, ...) must be seen.
        let library_files = library_sources();
        for f in &library_files {
            match parse_module(f) {
                Ok(m) => modules.push(m),
                Err(d) => panic!("library module {} does not parse: {}", f.name, d[0].message),
            }
        }
        if let Err(d) = resolve_fixities(&mut modules) {
            eprintln!("note: {stem}: skipped, fixity error: {}", d[0].message);
            continue;
        }
        modules.truncate(1);
        let mut module = modules.pop().expect("one module");
        if let Err(d) = desugar_module(&mut module, &file) {
            failures.push(format!("{stem}: desugaring failed: {d:?}"));
            continue;
        }
        let base = scratch(&format!("corpus-{stem}"));
        let original =
            run_with_ghc_input(&base.join("original"), &src, &stdin).map(without_location);
        let ours = run_with_ghc_input(
            &base.join("desugared"),
            &pretty::module_as_haskell(&module),
            &stdin,
        )
        .map(without_location);
        let _ = std::fs::remove_dir_all(&base);
        if original != ours {
            failures.push(format!(
                "{stem}: original {original:?}\n  desugared {ours:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `.hs` file under `crates/frontend/lib`, with distinct file ids.
fn library_sources() -> Vec<SourceFile> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "hs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("lib"),
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = std::fs::read_to_string(p).expect("read library module");
            SourceFile::new(FileId(i as u32 + 1), p.display().to_string(), text)
        })
        .collect()
}

/// Removes a leading `Main.hs:L:C-C: ` from the stderr line: GHC's own
/// pattern-match messages quote positions in the file GHC compiled, which
/// differ between the original and the printed desugared program.
fn without_location(
    (out, err, code): (String, String, Option<i32>),
) -> (String, String, Option<i32>) {
    let err = match err
        .strip_prefix("Main.hs:")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((_, msg)) => msg.to_string(),
        None => err,
    };
    (out, err, code)
}

/// Like [`run_with_ghc`] with `stdin` fed to the program and a 20 s limit.
fn run_with_ghc_input(
    dir: &Path,
    src: &str,
    stdin: &str,
) -> Result<(String, String, Option<i32>), String> {
    use std::io::Write;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("Main.hs"), src).map_err(|e| e.to_string())?;
    let out = Command::new("ghc")
        .args(["-v0", "-O0", "-outputdir", "build", "-o", "prog", "Main.hs"])
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "GHC rejected it: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut child = Command::new("timeout")
        .args(["20", "./prog"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    let run = child.wait_with_output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&run.stderr);
    let first = stderr
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("prog: ")
        .to_string();
    Ok((
        String::from_utf8_lossy(&run.stdout).into_owned(),
        first,
        run.status.code(),
    ))
}

#[test]
fn empty_records_and_type_changing_update_match_ghc() {
    agrees_with_ghc(
        "edge",
        "data E = E {} deriving (Show, Eq, Ord)\ndata W a = W { wv :: a, wn :: Int } deriving Show\n\
         main = do\n  print (E, E == E, compare E E)\n  print ((W 'c' 1) { wv = True }, wv (W \"s\" 2))\n",
    );
}
