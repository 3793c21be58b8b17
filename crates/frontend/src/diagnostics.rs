//! Source files, spans and error messages.
//!
//! Every AST node carries a [`Span`]: a [`FileId`] plus byte offsets into that
//! file's text. Line and column numbers are computed only when a message is
//! rendered, from the line-start table of the [`SourceFile`]. Rendering
//! follows GHC's format (see Note [GHC message format]) so that users, and
//! tests that compare our output with GHC's, see the same thing.
//!
//! This module owns no policy about *which* errors exist; the parser, renamer
//! and type checker build [`Diagnostic`]s and the driver renders them.

use std::fmt;

/// Identifies a [`SourceFile`] inside a [`SourceMap`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

impl FileId {
    /// The file of text that is not from any file on disk, for example the
    /// type strings of the primitive table parsed with
    /// [`crate::syntax::parse_type`]. Rendering such a span prints `<builtin>`.
    pub const SYNTHETIC: FileId = FileId(u32::MAX);
}

/// A region of a source file: bytes `start..end` (end exclusive).
///
/// An empty span (`start == end`) marks a position, e.g. end of input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span {
            file,
            start,
            end: end.max(start),
        }
    }

    /// The smallest span covering both `self` and `other` (same file assumed;
    /// if the files differ, `self` is returned).
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// An empty span at the start of `self`.
    pub fn start_point(self) -> Span {
        Span {
            file: self.file,
            start: self.start,
            end: self.start,
        }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// One source file: its name as the user gave it, its text, and the byte
/// offset where each line starts.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// Path or name used in messages (`prog.hs`, `lib/Prelude.hs`).
    pub name: String,
    pub text: String,
    /// Byte offset of the first character of each line; `line_starts[0] == 0`.
    line_starts: Vec<u32>,
}

/// Columns advance to the next multiple of this after a tab, as in GHC and
/// the Haskell Report's layout rule.
pub const TAB_STOP: u32 = 8;

impl SourceFile {
    /// Texts longer than `u32::MAX` bytes are truncated at a character
    /// boundary (spans are 32-bit); no real program comes near that.
    pub fn new(id: FileId, name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let mut text = text.into();
        if text.len() > u32::MAX as usize - 1 {
            let mut cut = u32::MAX as usize - 1;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        let mut line_starts = vec![0u32];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // "\r\n", "\r", "\n" and form feed all end a line for the Report;
            // we count \n and lone \r.
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        SourceFile {
            id,
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 0-based line index containing byte `offset` (clamped to the text).
    pub fn line_index(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line and 1-based column of byte `offset`. Columns count
    /// characters, with tabs advancing to the next tab stop (GHC does the
    /// same).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = self.line_index(offset);
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line as u32 + 1, column_of(&self.text[start..end]) + 1)
    }

    /// A span as GHC writes locations inside messages: `f.hs:3:5-9`
    /// (inclusive end column), `f.hs:3:5` for one character or an empty
    /// span, `f.hs:(3,5)-(4,2)` across lines.
    pub fn describe_span(&self, span: Span) -> String {
        let (l1, c1) = self.line_col(span.start);
        if span.end <= span.start + 1 {
            return format!("{}:{l1}:{c1}", self.name);
        }
        let (l2, c2) = self.line_col(span.end - 1);
        if l1 == l2 {
            format!("{}:{l1}:{c1}-{c2}", self.name)
        } else {
            format!("{}:({l1},{c1})-({l2},{c2})", self.name)
        }
    }

    /// The text of the 0-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The source text covered by `span` (empty if out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// 0-based column reached after `prefix` (which must not contain a newline).
pub fn column_of(prefix: &str) -> u32 {
    let mut col = 0u32;
    for c in prefix.chars() {
        if c == '\t' {
            col += TAB_STOP - col % TAB_STOP;
        } else {
            col += 1;
        }
    }
    col
}

/// All files of one compilation: the user's program and the library.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(id, name, text));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A message about a region of source.
///
/// `message` is the main text (may contain newlines); each of `notes` is an
/// extra paragraph. With notes, GHC-style bullets (`•`) separate the parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders this message as GHC would print it; see
    /// Note [GHC message format].
    pub fn render(&self, sources: &SourceMap) -> String {
        self.render_in(sources.get(self.span.file))
    }

    /// Renders with an explicit file (for callers that have no [`SourceMap`]).
    /// A `None` file, or one whose id differs from the span's, prints the
    /// location as `<builtin>` and no source excerpt.
    pub fn render_in(&self, file: Option<&SourceFile>) -> String {
        let file = file.filter(|f| f.id == self.span.file);
        let mut out = String::new();
        let header = match file {
            Some(f) => {
                let (line, col) = f.line_col(self.span.start);
                format!("{}:{}:{}: {}:", f.name, line, col, self.severity)
            }
            None => format!("<builtin>: {}:", self.severity),
        };
        out.push_str(&header);
        let body = self.body_lines();
        // `hang header 4 body` in GHC's pretty printer: one line if it fits.
        if body.len() == 1
            && header.chars().count() + 1 + body[0].chars().count() <= GHC_RIBBON_WIDTH
        {
            out.push(' ');
            out.push_str(&body[0]);
            out.push('\n');
        } else {
            out.push('\n');
            for line in &body {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str("    ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        if let Some(f) = file {
            out.push_str(&source_excerpt(f, self.span));
        }
        out
    }

    /// The message and notes as lines, with bullets when there are notes.
    fn body_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let parts: Vec<&str> = std::iter::once(self.message.as_str())
            .chain(self.notes.iter().map(String::as_str))
            .collect();
        let bullets = parts.len() > 1;
        for part in parts {
            for (i, line) in part.lines().enumerate() {
                match (bullets, i) {
                    (true, 0) => lines.push(format!("• {line}")),
                    (true, _) => lines.push(format!("  {line}")),
                    (false, _) => lines.push(line.to_string()),
                }
            }
            if part.is_empty() {
                lines.push(if bullets {
                    "•".to_string()
                } else {
                    String::new()
                });
            }
        }
        lines
    }
}

// Note [GHC message format]
// ~~~~~~~~~~~~~~~~~~~~~~~~~
// GHC (8.2 and later) prints
//
//     prog.hs:3:7: error: parse error on input ‘=’
//       |
//     3 | x = = 1
//       |       ^
//
// The header `file:line:col: severity:` is followed by the message on the
// same line when the message is one line and the whole line fits in 67
// characters (GHC's `hang hdr 4 msg` with its 100-column page and 1.5
// ribbons per line: round(100 / 1.5) = 67; checked against GHC 9.0.2, where
// a 67-character line stays whole and a 68-character one is split),
// otherwise by the message on the next lines indented by four spaces. Then comes the source excerpt: a gutter as wide as
// the line number plus one space, the offending line, and a caret line with
// `^` under every column of the span (one `^` for an empty span). Only the
// first line of a multi-line span is shown, underlined to its end and
// followed by `...`. Columns are
// 1-based; a tab advances to the next multiple of 8.

/// The longest `header message` line GHC prints on one line; see
/// Note [GHC message format].
const GHC_RIBBON_WIDTH: usize = 67;

fn source_excerpt(file: &SourceFile, span: Span) -> String {
    let start = span.start.min(file.text.len() as u32);
    let mut end = span.end.min(file.text.len() as u32).max(start);
    while end > start && matches!(file.text.as_bytes()[end as usize - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let line = file.line_index(start);
    let (line_no, start_col) = file.line_col(start);
    let text = file.line_text(line);
    let line_end_col = column_of(text) + 1;
    let multi_line = end > start && file.line_index(end.saturating_sub(1)) != line;
    let end_col = if multi_line {
        line_end_col
    } else if end > start {
        file.line_col(end - 1).1 + 1
    } else {
        start_col + 1
    };
    let carets = (end_col.saturating_sub(start_col)).max(1) as usize;
    let more = if multi_line { "..." } else { "" };
    let gutter = " ".repeat(line_no.to_string().len() + 1);
    let shown = expand_tabs(text);
    let mut out = String::new();
    out.push_str(&format!("{gutter}|\n"));
    out.push_str(&format!("{line_no} | {shown}\n"));
    out.push_str(&format!(
        "{gutter}| {}{}{more}\n",
        " ".repeat(start_col as usize - 1),
        "^".repeat(carets)
    ));
    out
}

/// Replaces tabs by spaces to the next tab stop so carets line up.
fn expand_tabs(text: &str) -> String {
    if !text.contains('\t') {
        return text.to_string();
    }
    let mut out = String::new();
    let mut col = 0u32;
    for c in text.chars() {
        if c == '\t' {
            let n = TAB_STOP - col % TAB_STOP;
            out.push_str(&" ".repeat(n as usize));
            col += n;
        } else {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// Renders every diagnostic, in order, separated by blank lines as GHC does.
pub fn render_diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.render(sources));
    }
    out
}

/// A list of diagnostics as an error value (for `?` in drivers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(
                f,
                "{}:{}: {}: {}",
                d.span.start, d.span.end, d.severity, d.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_tabs() {
        let f = SourceFile::new(FileId(0), "a.hs", "ab\n\tc\r\nd");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(1), (1, 2));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(4), (2, 9));
        assert_eq!(f.line_col(7), (3, 1));
        assert_eq!(f.line_text(1), "\tc");
        assert_eq!(f.line_count(), 3);
    }

    #[test]
    fn describes_spans_like_ghc() {
        let f = SourceFile::new(FileId(0), "e.hs", "f 0 = 1\nf a b = 2\n");
        assert_eq!(f.describe_span(Span::new(FileId(0), 0, 7)), "e.hs:1:1-7");
        assert_eq!(f.describe_span(Span::new(FileId(0), 8, 17)), "e.hs:2:1-9");
        assert_eq!(f.describe_span(Span::new(FileId(0), 2, 3)), "e.hs:1:3");
        assert_eq!(
            f.describe_span(Span::new(FileId(0), 0, 17)),
            "e.hs:(1,1)-(2,9)"
        );
    }

    #[test]
    fn renders_like_ghc_short_message() {
        let mut sm = SourceMap::new();
        let id = sm.add("prog.hs", "main = print 1\nx = = 1\n");
        let d = Diagnostic::error(Span::new(id, 19, 20), "parse error on input ‘=’");
        assert_eq!(
            d.render(&sm),
            "prog.hs:2:5: error: parse error on input ‘=’\n  |\n2 | x = = 1\n  |     ^\n"
        );
    }

    #[test]
    fn long_single_line_message_moves_below_header_like_ghc() {
        let mut sm = SourceMap::new();
        let id = sm.add("e.hs", "x = 1\n");
        let fits = Diagnostic::error(
            Span::new(id, 0, 1),
            format!("parse error on input ‘{}’", "+".repeat(27)),
        );
        assert!(fits.render(&sm).starts_with("e.hs:1:1: error: parse error"));
        let split = Diagnostic::error(
            Span::new(id, 0, 1),
            format!("parse error on input ‘{}’", "+".repeat(28)),
        );
        assert!(
            split
                .render(&sm)
                .starts_with("e.hs:1:1: error:\n    parse error")
        );
    }

    #[test]
    fn renders_multiline_message_indented_with_bullets() {
        let mut sm = SourceMap::new();
        let id = sm.add("t.hs", "x = True\n");
        let d = Diagnostic::error(Span::new(id, 4, 8), "Couldn't match type\nhere")
            .with_note("In the expression: True");
        let s = d.render(&sm);
        assert_eq!(
            s,
            "t.hs:1:5: error:\n    • Couldn't match type\n      here\n    • In the expression: True\n  |\n1 | x = True\n  |     ^^^^\n"
        );
    }

    #[test]
    fn empty_span_at_end_of_file_renders_one_caret() {
        let mut sm = SourceMap::new();
        let id = sm.add("e.hs", "f = (");
        let d = Diagnostic::error(
            Span::new(id, 5, 5),
            "parse error (possibly incorrect indentation or mismatched brackets)",
        );
        let s = d.render(&sm);
        assert!(s.starts_with("e.hs:1:6: error:"), "{s}");
        assert!(s.ends_with("1 | f = (\n  |      ^\n"), "{s}");
    }

    #[test]
    fn multi_line_span_is_underlined_to_end_of_line_with_dots() {
        let mut sm = SourceMap::new();
        let id = sm.add("m.hs", "f 0 = 1\nf a b = 2\n");
        let d = Diagnostic::error(
            Span::new(id, 0, 17),
            "Equations for ‘f’ have different numbers of arguments",
        );
        let s = d.render(&sm);
        assert!(s.ends_with("1 | f 0 = 1\n  | ^^^^^^^...\n"), "{s}");
        // A span ending just after a newline is still one line.
        let d = Diagnostic::error(Span::new(id, 0, 8), "x");
        assert!(
            d.render(&sm).ends_with("1 | f 0 = 1\n  | ^^^^^^^\n"),
            "{}",
            d.render(&sm)
        );
    }

    #[test]
    fn synthetic_span_has_no_excerpt() {
        let sm = SourceMap::new();
        let d = Diagnostic::error(Span::new(FileId::SYNTHETIC, 0, 1), "bad type");
        assert_eq!(d.render(&sm), "<builtin>: error: bad type\n");
    }
}
