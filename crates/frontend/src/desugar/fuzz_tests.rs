//! Property test: no parsed program makes the desugarer panic. Valid
//! programs full of sugar (records, deriving, do, comprehensions, sections)
//! are mutated token by token; whatever still parses is desugared, and any
//! errors are rendered.

use proptest::prelude::*;

use crate::diagnostics::{SourceMap, render_diagnostics};
use crate::syntax::{parse_module, resolve_fixities};

use super::desugar_program;

const PROGRAM: &str = "\
module Main where
infixr 5 :|
data C = Red | Green | Blue deriving (Eq, Ord, Show, Enum, Bounded)
data R a = A { x :: Int, y :: !a } | B { x :: Int } | a :| [a] deriving (Eq, Ord, Show)
data P = P Int Bool deriving (Bounded, Show)
f r = r { x = 1 }
g = A { y = 2 }
h (A { y = q }) = q
h B {} = 0
main = do
  Just v <- return (Just 1)
  let w = [ (a, b) | a <- [1 .. v], odd a, let b = - a, Just c <- [Just a] ]
  print (map (+ 1) w, map (1 -) [v, 2 ..], (`div` 2) 7, if v > 0 then [Red ..] else [])
  (p, q) <- return (x g, g { x = 3 })
  print p
";

const VOCAB: &[&str] = &[
    "{", "}", "(", ")", "[", "]", ",", "=", "|", "<-", "..", "-", "do", "let", "in", "deriving",
    "Show", "Read", "Enum", "Bounded", "A", "B", "C", "x", "y", "z", "_", "{}", "\n", "\n  ", " ",
];

/// Words that keep a program parseable when they replace a word of the same
/// kind: variables (and fields), constructors (and classes), operators.
const VARS: &[&str] = &[
    "x", "y", "v", "w", "q", "a", "b", "f", "g", "h", "print", "return",
];
const CONS: &[&str] = &[
    "A", "B", "P", "Red", "Blue", "C", "R", "Just", "Show", "Eq", "Ord", "Enum", "Bounded", "Read",
];
const OPS: &[&str] = &["+", "-", ":|", "`div`", ">"];

fn desugar_source(src: &str) {
    let mut sm = SourceMap::new();
    let id = sm.add("fuzz.hs", src);
    let Some(file) = sm.get(id) else { return };
    let Ok(m) = parse_module(file) else { return };
    let mut modules = vec![m];
    if resolve_fixities(&mut modules).is_err() {
        return;
    }
    if let Err(ds) = desugar_program(&mut modules, &sm) {
        assert!(!ds.is_empty());
        let text = render_diagnostics(&sm, &ds);
        assert!(text.starts_with("fuzz.hs:"), "{text}");
    }
}

#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Duplicate(usize),
    Insert(usize, usize),
    Swap(usize, usize),
    /// Replace a word by one of the same kind (`VARS`, `CONS`, `OPS`).
    Replace(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => any::<usize>().prop_map(Edit::Delete),
        1 => any::<usize>().prop_map(Edit::Duplicate),
        1 => (any::<usize>(), 0..VOCAB.len()).prop_map(|(i, v)| Edit::Insert(i, v)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Swap(i, j)),
        4 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Replace(i, j)),
        2 => any::<usize>().prop_map(Edit::DeleteLine),
        2 => any::<usize>().prop_map(Edit::DuplicateLine),
    ]
}

/// `piece` (a word and its separator) with the word replaced by the
/// `j`-th word of the same kind; unchanged if it is of no kind.
fn replace_word(piece: &str, j: usize) -> String {
    let word = piece.trim_end_matches([' ', '\n']);
    let sep = &piece[word.len()..];
    let pool = match word.chars().next() {
        Some(c) if c.is_lowercase() => VARS,
        Some(c) if c.is_uppercase() => CONS,
        Some('+' | '-' | '>' | ':' | '`') => OPS,
        _ => return piece.to_string(),
    };
    format!("{}{sep}", pool[j % pool.len()])
}

/// The program split at spaces and line ends, keeping the separators.
fn pieces() -> Vec<String> {
    split_pieces(PROGRAM)
}

fn split_pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if c == ' ' || c == '\n' {
            out.push(std::mem::take(&mut cur));
        }
    }
    out.push(cur);
    out
}

#[test]
fn unmutated_program_desugars() {
    let mut sm = SourceMap::new();
    let id = sm.add("fuzz.hs", PROGRAM);
    let mut modules = vec![parse_module(sm.get(id).expect("file")).expect("parses")];
    resolve_fixities(&mut modules).expect("fixities");
    desugar_program(&mut modules, &sm).expect("desugars");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_programs_never_panic(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut ps = pieces();
        for e in edits {
            let n = ps.len().max(1);
            match e {
                Edit::Delete(i) => { if !ps.is_empty() { ps.remove(i % n); } }
                Edit::Duplicate(i) => { if !ps.is_empty() { let p = ps[i % n].clone(); ps.insert(i % n, p); } }
                Edit::Insert(i, v) => ps.insert(i % (ps.len() + 1), format!("{} ", VOCAB[v])),
                Edit::Swap(i, j) => { if !ps.is_empty() { ps.swap(i % n, j % n); } }
                Edit::Replace(i, j) => { if !ps.is_empty() { ps[i % n] = replace_word(&ps[i % n], j); } }
                Edit::DeleteLine(i) | Edit::DuplicateLine(i) => {
                    let text = ps.concat();
                    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
                    let k = i % lines.len().max(1);
                    if matches!(e, Edit::DeleteLine(_)) { lines.remove(k); } else { let l = lines[k]; lines.insert(k, l); }
                    ps = split_pieces(&lines.concat());
                }
            }
        }
        desugar_source(&ps.concat());
    }
}
