//! Whether a `foreign import javascript` snippet is an expression or a
//! function body. This module only reads the snippet's text; the ES module
//! writer ([`crate::esm`]) wraps it accordingly.

// Note [Snippet form]
// ~~~~~~~~~~~~~~~~~~~
// GHC's rule (its post-linker, and the wasm user guide): a snippet is an
// expression if `(snippet)` parses as a JavaScript expression, otherwise it
// is a function body (`{snippet}`), where `return` gives the result. Our
// post-linker is written in Rust and does not carry a JavaScript parser, so
// it decides from what can only occur in statements, looking at the
// snippet's *top level*: outside brackets, string and template literals,
// comments and regular-expression literals. A snippet is a body if, at the
// top level,
//
// * it has a `;` (an expression never does: `(x;)` does not parse, so GHC
//   makes even `f($1);` a body, whose result is `undefined`),
// * it uses the word `return`, or
// * its first word is a statement keyword (`let`, `const`, `if`, `throw`…).
//
// A `;` or `return` inside brackets — e.g. in an inner arrow function
// `xs.map(x => { const y = x; return y; })` — says nothing about the
// snippet's own form. Where this differs from parsing (statements separated
// only by newlines, such as `f()\ng()`, are taken as an expression and then
// fail to parse when the module loads) is written down in docs/jsffi.md.

/// The two forms of an import snippet (Note [Snippet form]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnippetForm {
    /// Becomes `(params) => (snippet)`.
    Expression,
    /// Becomes `(params) => { snippet }`; `return` gives the result.
    Body,
}

/// Words that can only start a statement, never an expression.
const STATEMENT_KEYWORDS: [&str; 14] = [
    "throw", "let", "const", "var", "if", "for", "while", "do", "try", "switch", "return", "break",
    "continue", "debugger",
];

/// The form of `snippet` (Note [Snippet form]).
#[must_use]
pub fn classify(snippet: &str) -> SnippetForm {
    let top = Scanner::new(snippet).top_level(false);
    let starts_statement = top
        .first_word
        .is_some_and(|w| STATEMENT_KEYWORDS.contains(&w));
    if top.semicolon || top.return_word || starts_statement {
        SnippetForm::Body
    } else {
        SnippetForm::Expression
    }
}

/// What the scan saw at its own top level.
#[derive(Default)]
struct TopLevel<'a> {
    semicolon: bool,
    return_word: bool,
    /// The first token, if it is a word.
    first_word: Option<&'a str>,
}

/// A byte-wise scanner over JavaScript source. Every character it treats
/// specially is ASCII, so stepping through UTF-8 bytes never splits one.
struct Scanner<'a> {
    src: &'a str,
    at: usize,
    /// The last significant byte seen, to tell `/` (division) from the
    /// start of a regular-expression literal.
    prev: Option<u8>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Self {
            src,
            at: 0,
            prev: None,
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.as_bytes().get(self.at + ahead).copied()
    }

    /// Scans code up to the end of input, or (with `in_substitution`) up to
    /// the `}` that closes a template literal's `${`, and reports what it
    /// saw outside brackets.
    fn top_level(&mut self, in_substitution: bool) -> TopLevel<'a> {
        let mut top = TopLevel::default();
        let mut depth = 0usize;
        let mut seen_token = false;
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => {
                    self.at += 1;
                    continue;
                }
                b'/' if self.peek(1) == Some(b'/') => {
                    self.skip_line_comment();
                    continue;
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    self.skip_block_comment();
                    continue;
                }
                b'/' if self.regex_may_start() => self.skip_regex(),
                b'\'' | b'"' => self.skip_string(c),
                b'`' => self.skip_template(),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' if depth == 0 && in_substitution => {
                    self.at += 1;
                    return top;
                }
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    self.at += 1;
                }
                b';' => {
                    top.semicolon |= depth == 0;
                    self.at += 1;
                }
                c if is_word_byte(c) => {
                    let after_dot = self.prev == Some(b'.');
                    let word = self.word();
                    if depth == 0 && !after_dot {
                        top.return_word |= word == "return";
                        if !seen_token {
                            top.first_word = Some(word);
                        }
                    }
                    // A word ends like an identifier: a following `/` divides.
                    self.prev = Some(b'a');
                    seen_token = true;
                    continue;
                }
                _ => self.at += 1,
            }
            seen_token = true;
            self.prev = Some(c);
        }
        top
    }

    /// Whether a `/` here starts a regular-expression literal rather than
    /// dividing: it does after an operator, an opening bracket, or nothing.
    fn regex_may_start(&self) -> bool {
        match self.prev {
            None => true,
            Some(p) => b"(,=:[!&|?{};+-*%<>~^".contains(&p),
        }
    }

    fn word(&mut self) -> &'a str {
        let start = self.at;
        while self.peek(0).is_some_and(is_word_byte) {
            self.at += 1;
        }
        &self.src[start..self.at]
    }

    fn skip_line_comment(&mut self) {
        while let Some(c) = self.peek(0) {
            self.at += 1;
            if c == b'\n' {
                break;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        self.at += 2;
        while let Some(c) = self.peek(0) {
            if c == b'*' && self.peek(1) == Some(b'/') {
                self.at += 2;
                return;
            }
            self.at += 1;
        }
    }

    /// Skips a quoted string, honouring backslash escapes.
    fn skip_string(&mut self, quote: u8) {
        self.at += 1;
        while let Some(c) = self.peek(0) {
            self.at += 1;
            if c == b'\\' {
                self.at += 1;
            } else if c == quote || c == b'\n' {
                return;
            }
        }
    }

    /// Skips a regular-expression literal, including `[...]` classes (where
    /// `/` does not end it) and its flags.
    fn skip_regex(&mut self) {
        self.at += 1;
        let mut in_class = false;
        while let Some(c) = self.peek(0) {
            self.at += 1;
            match c {
                b'\\' => self.at += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => break,
                b'\n' => return,
                _ => {}
            }
        }
        while self.peek(0).is_some_and(is_word_byte) {
            self.at += 1;
        }
    }

    /// Skips a template literal; its `${...}` substitutions are code, which
    /// may hold strings and templates of their own.
    fn skip_template(&mut self) {
        self.at += 1;
        while let Some(c) = self.peek(0) {
            match c {
                b'\\' => self.at += 2,
                b'`' => {
                    self.at += 1;
                    return;
                }
                b'$' if self.peek(1) == Some(b'{') => {
                    self.at += 2;
                    self.prev = Some(b'{');
                    let _inner = self.top_level(true);
                }
                _ => self.at += 1,
            }
        }
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::{SnippetForm::*, classify};

    #[test]
    fn expressions() {
        for s in [
            "$1 + $2",
            "typeof $1 === 'object'",
            "new Promise(res => setTimeout(res, $1))",
            "$1.returned",
            "$1.return",
            "{ a: $1, b: 'x;y' }",
            "`a;${$1 + `;`};b`",
            "/;/.test($1)",
            "$1 / 2 / 3",
            "(async () => { const r = await fetch($1); return r.text(); })()",
            "xs.map(x => { let y = x; return y; })",
            "$1 // a comment; with a semicolon",
            "/* return; */ $1",
            "\"say \\\"hi\\\"; return\"",
            "Math.max($1, 0)",
            "letter + $1",
            "",
        ] {
            assert_eq!(classify(s), Expression, "{s}");
        }
    }

    #[test]
    fn bodies() {
        for s in [
            "let acc = 1; for (let i = 1; i <= $1; ++i) acc *= i; return acc;",
            "const r = await fetch($1); return r.text();",
            "throw new Error($1)",
            "console.log($1);",
            "console.log($1); console.log($1)",
            "return $1 + 1",
            "if ($1) { return 1 } else { return 2 }",
            "$1.x = 1; $1.y = 2",
            "await new Promise(r => setTimeout(r, 5)); return $1 * 2;",
            "const f = (x) => { return x; }\nreturn f($1)",
            "`;` + $1; return 0",
            "try { f() } catch (e) { }",
        ] {
            assert_eq!(classify(s), Body, "{s}");
        }
    }

    #[test]
    fn unbalanced_input_does_not_panic() {
        for s in [
            "`${", "'abc", "/[", "/* x", ")))", "}}}", "`${`${'", "é;ü", "\\", "$1 /",
        ] {
            let _ = classify(s);
        }
    }
}

#[cfg(test)]
mod properties {
    use super::{SnippetForm, classify};
    use proptest::prelude::*;

    proptest! {
        /// The scanner never panics, whatever the text (it slices only at
        /// word boundaries, which are always character boundaries).
        #[test]
        fn any_text_is_classified(s in "\\PC*") {
            let _ = classify(&s);
        }

        /// Wrapping statements (words, operators and `;`, with no brackets,
        /// quotes or slashes that could leave the braces unbalanced) in an
        /// arrow function's braces hides their `;`s and `return`s from the
        /// top level: the result is an expression.
        #[test]
        fn a_function_expression_is_an_expression(s in "[a-z$1;=+.\n ]*") {
            let wrapped = format!("(() => {{ {s} }})()");
            prop_assert_eq!(classify(&wrapped), SnippetForm::Expression);
        }
    }
}
