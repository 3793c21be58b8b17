//! `hsrts info`: facts about this build of the runtime, printed in the
//! format of GHC's `+RTS --info` — a Haskell list of (name, value) string
//! pairs, one per line, so it reads with `read :: String -> [(String,
//! String)]` as well as with a line-based parser.

/// The facts, in print order.
pub fn fields() -> Vec<(&'static str, String)> {
    vec![
        ("hsrts version", env!("CARGO_PKG_VERSION").to_owned()),
        ("Build target", env!("HSRTS_BUILD_TARGET").to_owned()),
        ("Feature vector", rts_features::FEATURE_VECTOR.to_owned()),
        // Int, Word and heap words: 64 bits on every target (DESIGN.md).
        ("Word size", "64".to_owned()),
        (
            "Debug build",
            if cfg!(debug_assertions) { "YES" } else { "NO" }.to_owned(),
        ),
    ]
}

/// A string as a Haskell string literal (`show`): quotes, with `"` and `\`
/// escaped and control characters as decimal escapes.
fn haskell_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\{}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders the fields as ` [("name", "value")\n ,("name", "value")\n ]\n`.
pub fn render(fields: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { " [" } else { " ," });
        out.push_str(&format!(
            "({}, {})\n",
            haskell_string(name),
            haskell_string(value)
        ));
    }
    if fields.is_empty() {
        out.push_str(" [");
    }
    out.push_str(" ]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_ghc_info() {
        let text = render(&[("A", "1".to_owned()), ("B \"q\"", "x\\y".to_owned())]);
        assert_eq!(
            text,
            " [(\"A\", \"1\")\n ,(\"B \\\"q\\\"\", \"x\\\\y\")\n ]\n"
        );
        assert_eq!(render(&[]), " [ ]\n");
    }

    #[test]
    fn the_facts_are_this_build() {
        let fields = fields();
        let get = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            get("Feature vector").as_deref(),
            Some(rts_features::FEATURE_VECTOR)
        );
        assert_eq!(
            get("hsrts version").as_deref(),
            Some(env!("CARGO_PKG_VERSION"))
        );
        let target = get("Build target").unwrap_or_default();
        assert_eq!(
            target.contains("wasm32"),
            cfg!(target_arch = "wasm32"),
            "{target}"
        );
    }
}
