//! The front end never panics: random byte strings and mutated valid
//! programs go through the whole pipeline (with the test library).

use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "main = do\n  let x = 3\n  print (x + 1)\n  putStrLn (show [Just 'a'])\n",
    "class C a where\n  m :: a -> Int\n  m _ = 1\ninstance C Bool\nf :: C a => a -> Int\nf x = m x + 1\nmain = print (f True)\n",
    "data T a = L | N (T a) a (T a)\nins x L = N L x L\nins x t@(N l y r) | x < y = N (ins x l) y r\n                  | otherwise = t\nmain = print 1\n",
    "f ~(a, b) !c = case c of { 0 -> a; _ | c > 1 -> b; n -> n }\nmain = print (f (1, 2) 3)\n",
];

fn no_panic(src: &str) {
    let r = std::panic::catch_unwind(|| {
        let _ = super::mini::core(src);
    });
    assert!(r.is_ok(), "front end panicked on:\n{src}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in "[a-z =()\\[\\]:;,\\n'\"0-9+*-><|\\\\@~!_.A-Z]{0,80}") {
        no_panic(&s);
    }

    #[test]
    fn mutated_programs_never_panic(seed in 0..SEEDS.len(), pos in 0usize..200, len in 0usize..4, insert in "[a-z()=:'\\[\\] 0-9\\n]{0,3}") {
        let src = SEEDS[seed];
        let mut bytes: Vec<char> = src.chars().collect();
        let at = pos.min(bytes.len());
        let end = (at + len).min(bytes.len());
        bytes.splice(at..end, insert.chars());
        let mutated: String = bytes.into_iter().collect();
        no_panic(&mutated);
    }
}
