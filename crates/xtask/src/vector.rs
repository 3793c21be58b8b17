//! Feature vectors: the axes of the runtime's feature table, one chosen
//! implementation per axis, and the sets of vectors the test commands run.
//!
//! The axes are read from the `[features]` table of `rts-features/Cargo.toml`
//! (the one place they are declared): a feature `addr-mmap` is the
//! implementation `mmap` of axis `addr`, axes in order of first appearance.
//! Adding an implementation there therefore adds it to the covering set and
//! to `matrix --all` with no change here.

use std::fmt;
use std::path::Path;

use crate::covering;

/// One axis of the feature table, e.g. `addr` with `addr-mmap`,
/// `addr-malloc`, `addr-grow`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub name: String,
    /// Full feature names, in declaration order.
    pub features: Vec<String>,
}

/// A complete feature vector: one feature per axis, in axis order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Vector(pub Vec<String>);

impl Vector {
    /// The value of `--features` (and of `rts_features::FEATURE_VECTOR`).
    pub fn features_arg(&self) -> String {
        self.0.join(",")
    }
}

impl fmt::Display for Vector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.features_arg())
    }
}

/// The target defaults as DESIGN.md specifies them. `rts-features/build.rs`
/// implements the choice; the C link test checks that a library built with
/// no feature named reports exactly these.
pub const LINUX_DEFAULT: &[&str] = &["addr-mmap", "ctx-timer", "intr-signal", "interp-libffi"];
/// See [`LINUX_DEFAULT`].
pub const WASM_DEFAULT: &[&str] = &["addr-malloc", "ctx-clock", "intr-host", "interp-static"];

/// Builds a vector from feature names.
pub fn vector_of(names: &[&str]) -> Vector {
    Vector(names.iter().map(|s| (*s).to_owned()).collect())
}

#[derive(Debug)]
pub struct AxesError(pub String);

impl fmt::Display for AxesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AxesError {}

/// Reads the axes from `rts-features/Cargo.toml` under `root`.
pub fn read_axes(root: &Path) -> Result<Vec<Axis>, AxesError> {
    let path = root.join("rts-features/Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| AxesError(format!("cannot read {}: {e}", path.display())))?;
    parse_axes(&text).map_err(|e| AxesError(format!("{}: {}", path.display(), e.0)))
}

/// Features named `fault-*` plant test-only bugs (see `faults.rs`); they
/// are not an axis.
pub const FAULT_PREFIX: &str = "fault-";

/// Parses the `[features]` table of a Cargo manifest into axes (see the
/// module comment). `default`, features without a `-` and planted faults
/// (`fault-*`) are not axes.
pub fn parse_axes(manifest: &str) -> Result<Vec<Axis>, AxesError> {
    let mut axes: Vec<Axis> = Vec::new();
    let mut in_features = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim().trim_matches('"');
        if name.starts_with(FAULT_PREFIX) {
            continue;
        }
        let Some((axis, _implementation)) = name.split_once('-') else {
            continue;
        };
        match axes.iter_mut().find(|a| a.name == axis) {
            Some(existing) => existing.features.push(name.to_owned()),
            None => axes.push(Axis {
                name: axis.to_owned(),
                features: vec![name.to_owned()],
            }),
        }
    }
    if axes.is_empty() {
        return Err(AxesError("no feature axes found in [features]".to_owned()));
    }
    Ok(axes)
}

fn vectors_from_rows(axes: &[Axis], rows: Vec<covering::Row>) -> Vec<Vector> {
    rows.into_iter()
        .map(|row| {
            Vector(
                row.iter()
                    .zip(axes)
                    .map(|(&i, axis)| axis.features[i].clone())
                    .collect(),
            )
        })
        .collect()
}

/// The pairwise covering set of vectors (see Note [Why pairwise] in
/// `covering.rs`).
pub fn pairwise_vectors(axes: &[Axis]) -> Vec<Vector> {
    let sizes: Vec<usize> = axes.iter().map(|a| a.features.len()).collect();
    let rows = covering::pairwise(&sizes);
    let missing = covering::missing_pairs(&sizes, &rows);
    assert!(
        missing.is_empty(),
        "bug in the covering construction: pairs {missing:?} not covered"
    );
    vectors_from_rows(axes, rows)
}

/// Every vector, in lexicographic order of implementation index.
pub fn all_vectors(axes: &[Axis]) -> Vec<Vector> {
    let sizes: Vec<usize> = axes.iter().map(|a| a.features.len()).collect();
    vectors_from_rows(axes, covering::all_rows(&sizes))
}

/// Checks that `names` is a complete vector over `axes` (one feature per
/// axis) and puts it in axis order.
pub fn parse_vector(axes: &[Axis], names: &str) -> Result<Vector, AxesError> {
    let wanted: Vec<&str> = names
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut chosen = Vec::new();
    for axis in axes {
        let on_axis: Vec<&&str> = wanted
            .iter()
            .filter(|w| axis.features.iter().any(|f| f == **w))
            .collect();
        match on_axis.as_slice() {
            [one] => chosen.push((**one).to_owned()),
            [] => {
                return Err(AxesError(format!(
                    "no feature named for axis `{}` (one of {})",
                    axis.name,
                    axis.features.join(", ")
                )));
            }
            many => {
                let names: Vec<&str> = many.iter().map(|s| **s).collect();
                return Err(AxesError(format!(
                    "two features on axis `{}`: {}",
                    axis.name,
                    names.join(", ")
                )));
            }
        }
    }
    for w in &wanted {
        if !axes.iter().any(|a| a.features.iter().any(|f| f == w)) {
            return Err(AxesError(format!("unknown feature `{w}`")));
        }
    }
    Ok(Vector(chosen))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
[package]
name = "rts-features"

[features]
# comment
default = []
addr-mmap = []
addr-malloc = []
ctx-timer = []
ctx-every-n = []
addr-grow = []
intr-none = []
fault-addr-malloc-misalign = []

[dependencies]
cfg-if = "1"
"#;

    #[test]
    fn axes_are_grouped_by_prefix_in_order_of_appearance() {
        let axes = parse_axes(MANIFEST).unwrap();
        let names: Vec<(&str, Vec<&str>)> = axes
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.features.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("addr", vec!["addr-mmap", "addr-malloc", "addr-grow"]),
                ("ctx", vec!["ctx-timer", "ctx-every-n"]),
                ("intr", vec!["intr-none"]),
            ]
        );
    }

    #[test]
    fn the_real_manifest_has_the_design_axes_and_defaults() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let axes = read_axes(&root).unwrap();
        let names: Vec<&str> = axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["addr", "ctx", "intr", "interp"]);
        // The defaults name one real feature per axis, in axis order.
        for default in [LINUX_DEFAULT, WASM_DEFAULT] {
            let v = parse_vector(&axes, &default.join(",")).unwrap();
            assert_eq!(v, vector_of(default));
        }
        let product: usize = axes.iter().map(|a| a.features.len()).product();
        assert_eq!(all_vectors(&axes).len(), product);
    }

    #[test]
    fn pairwise_vectors_cover_every_pair_of_features() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let axes = read_axes(&root).unwrap();
        let vectors = pairwise_vectors(&axes);
        for (i, a) in axes.iter().enumerate() {
            for b in &axes[i + 1..] {
                for fa in &a.features {
                    for fb in &b.features {
                        assert!(
                            vectors.iter().any(|v| v.0.contains(fa) && v.0.contains(fb)),
                            "{fa} with {fb} missing from {vectors:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn parse_vector_orders_and_rejects() {
        let axes = parse_axes(MANIFEST).unwrap();
        let v = parse_vector(&axes, "intr-none, ctx-timer,addr-grow").unwrap();
        assert_eq!(v.features_arg(), "addr-grow,ctx-timer,intr-none");
        let two = parse_vector(&axes, "addr-mmap,addr-grow,ctx-timer,intr-none").unwrap_err();
        assert!(
            two.0.contains("addr-mmap") && two.0.contains("addr-grow"),
            "{two}"
        );
        let none = parse_vector(&axes, "addr-mmap,intr-none").unwrap_err();
        assert!(none.0.contains("`ctx`"), "{none}");
        let unknown = parse_vector(&axes, "addr-mmap,ctx-timer,intr-none,gc-fast").unwrap_err();
        assert!(unknown.0.contains("gc-fast"), "{unknown}");
    }
}
