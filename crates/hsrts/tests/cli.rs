//! The `hsrts` binary as a user runs it.

use std::process::Command;

fn hsrts(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hsrts"))
        .args(args)
        .output()
        .expect("the hsrts binary runs")
}

/// Parses `hsrts info` output (` [("k", "v")` / ` ,("k", "v")` / ` ]`) into
/// pairs, failing on any other line.
fn parse_info(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.last(), Some(&" ]"), "{text}");
    for line in &lines[..lines.len() - 1] {
        let body = line
            .strip_prefix(" [(")
            .or_else(|| line.strip_prefix(" ,("))
            .and_then(|l| l.strip_suffix(')'))
            .unwrap_or_else(|| panic!("unexpected line {line:?}"));
        let (name, value) = body
            .split_once("\", \"")
            .unwrap_or_else(|| panic!("no pair in {line:?}"));
        pairs.push((
            name.trim_start_matches('"').to_owned(),
            value.trim_end_matches('"').to_owned(),
        ));
    }
    pairs
}

#[test]
fn info_prints_version_target_and_vector() {
    let out = hsrts(&["info"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let pairs = parse_info(&text);
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Feature vector"), Some(rts_features::FEATURE_VECTOR));
    assert_eq!(get("hsrts version"), Some(env!("CARGO_PKG_VERSION")));
    assert!(
        get("Build target").is_some_and(|t| t.contains('-')),
        "{text}"
    );
}

#[test]
fn an_unknown_command_is_a_clear_error() {
    let out = hsrts(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("hsrts: unknown command `frobnicate`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let none = hsrts(&[]);
    assert_eq!(none.status.code(), Some(2));
}
