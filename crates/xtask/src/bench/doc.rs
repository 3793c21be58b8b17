//! Writing the results into docs/performance.md: the generated section sits
//! between two marker comments and is replaced whole by each full run, so
//! the hand-written text around it stays. The chart goes next to it as
//! docs/performance-programs.svg (Markdown viewers show an SVG file as an
//! image; inline `<svg>` is stripped by most of them).

use std::path::Path;

use super::chart::svg_chart;
use super::results::{Clock, Results};
use super::stats::format_seconds;
use super::table::{per_operation_table, ratio_table, residency_table, times_table};

pub const BEGIN_MARKER: &str = "<!-- cargo xtask bench: generated section begins -->";
pub const END_MARKER: &str = "<!-- cargo xtask bench: generated section ends -->";
pub const CHART_FILE: &str = "performance-programs.svg";

/// Where and with what the numbers were taken.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub date: String,
    pub machine: String,
    pub load_before: String,
    pub load_after: String,
    /// `(tool, version)` pairs.
    pub versions: Vec<(String, String)>,
    pub command: String,
}

/// The generated section (without the markers).
pub fn section(results: &Results, context: &Context) -> String {
    let mut text = String::new();
    text.push_str(&format!(
        "Measured {} on {} with `{}` ({} timed runs per cell, \
         interleaved: each round runs every system once; load average {} before, {} after).\n\n",
        context.date,
        context.machine,
        context.command,
        results.runs,
        context.load_before,
        context.load_after
    ));
    text.push_str("Versions: ");
    let versions: Vec<String> = context
        .versions
        .iter()
        .map(|(tool, version)| format!("{tool} `{version}`"))
        .collect();
    text.push_str(&versions.join(", "));
    text.push_str(".\n\n");
    match results.ghci_startup {
        Some(startup) => text.push_str(&format!(
            "GHCi is `runghc`; its start-up ({} s, the median time of an empty program in the same run) is subtracted.\n\n",
            format_seconds(results.clock.pick(startup))
        )),
        None => text.push_str("GHCi's start-up was not measured in this run, so GHCi has no times.\n\n"),
    }
    text.push_str(&format!("### Median {}\n\n", results.clock.describe()));
    if results.clock == Clock::Cpu {
        text.push_str(
            "CPU time, not wall-clock time: the machine is shared (Note [CPU time on a shared machine] \
             in crates/xtask/src/bench/measure.rs); `--clock wall` gives wall-clock tables.\n\n",
        );
    }
    text.push_str(&times_table(results));
    text.push_str("\n### Ratios (system time / reference time; below 1× is faster)\n\n");
    text.push_str(&ratio_table(results));
    text.push_str("\n### Maximum residency (`+RTS -s`)\n\n");
    text.push_str(&residency_table(results));
    let per_operation = per_operation_table(results);
    if !per_operation.is_empty() {
        text.push_str(
            "\n### Per operation ((median time at N − median time at one operation) / (N − 1): start-up taken off; issue 6's goals)\n\n",
        );
        text.push_str(&per_operation);
    }
    text.push_str(&format!("\n![time relative to GHC -O0]({CHART_FILE})\n"));
    text
}

/// `document` with the text between the markers replaced by `generated`
/// (the markers and the section are appended under `heading` when absent).
pub fn splice(document: &str, generated: &str, heading: &str) -> String {
    let block = format!("{BEGIN_MARKER}\n{generated}{END_MARKER}\n");
    if let (Some(begin), Some(end)) = (document.find(BEGIN_MARKER), document.find(END_MARKER))
        && begin < end
    {
        let after = &document[end + END_MARKER.len()..];
        let after = after.strip_prefix('\n').unwrap_or(after);
        return format!("{}{block}{after}", &document[..begin]);
    }
    let mut text = document.trim_end().to_owned();
    text.push_str(&format!("\n\n{heading}\n\n{block}"));
    text
}

/// Writes the section into `docs_dir/performance.md` and the chart next to it.
pub fn write_docs(docs_dir: &Path, results: &Results, context: &Context) -> Result<(), String> {
    let doc_path = docs_dir.join("performance.md");
    let document = match std::fs::read_to_string(&doc_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Performance\n".to_owned(),
        Err(e) => return Err(format!("cannot read {}: {e}", doc_path.display())),
    };
    let heading = "## Programs side by side with GHC (`cargo xtask bench`)";
    let updated = splice(&document, &section(results, context), heading);
    std::fs::write(&doc_path, updated)
        .map_err(|e| format!("cannot write {}: {e}", doc_path.display()))?;
    let chart_path = docs_dir.join(CHART_FILE);
    let title = format!("hsrts and GHC on the benchmark programs ({})", context.date);
    std::fs::write(&chart_path, svg_chart(results, &title))
        .map_err(|e| format!("cannot write {}: {e}", chart_path.display()))
}

#[cfg(test)]
mod tests {
    use super::super::results::Timing;
    use super::super::results::tests::sample_results;
    use super::super::system::System;
    use super::*;

    #[test]
    fn splicing_replaces_only_the_generated_section() {
        let first = splice("# Performance\n\nintro\n", "numbers 1\n", "## Programs");
        assert_eq!(
            first,
            format!(
                "# Performance\n\nintro\n\n## Programs\n\n{BEGIN_MARKER}\nnumbers 1\n{END_MARKER}\n"
            )
        );
        let edited = format!("{first}\nhand-written notes\n");
        let second = splice(&edited, "numbers 2\n", "## Programs");
        assert!(second.contains("numbers 2\n") && !second.contains("numbers 1"));
        assert!(second.ends_with("\nhand-written notes\n"), "{second}");
        assert_eq!(second.matches("## Programs").count(), 1);
        assert_eq!(second.matches(BEGIN_MARKER).count(), 1);
    }

    #[test]
    fn the_section_holds_context_and_all_three_tables() {
        let context = Context {
            date: "2026-11-21".into(),
            machine: "AMD EPYC, 2 cores".into(),
            load_before: "1.0".into(),
            load_after: "2.0".into(),
            versions: vec![("ghc".into(), "9.0.2".into())],
            command: "cargo xtask bench".into(),
        };
        let text = section(&sample_results(), &context);
        assert!(text.starts_with("Measured 2026-11-21 on AMD EPYC, 2 cores"));
        assert!(text.contains("ghc `9.0.2`"));
        assert!(text.contains("start-up (0.150 s"), "{text}");
        assert!(text.contains("### Median wall-clock seconds"));
        for heading in ["### Median", "### Ratios", "### Maximum residency"] {
            assert!(text.contains(heading), "{heading}");
        }
        assert!(text.contains(&format!("]({CHART_FILE})")));
    }

    #[test]
    fn thread_benchmarks_add_a_per_operation_table() {
        let context = Context::default();
        assert!(!section(&sample_results(), &context).contains("per operation"));
        let mut results = sample_results();
        results.rows[1].label = "thread_ring 5001".into();
        results.rows[1].one_operation = vec![(
            System::HsrtsNative,
            vec![Timing {
                wall: 0.5,
                cpu: 0.5,
            }],
        )];
        let text = section(&results, &context);
        assert!(text.contains("### Per operation"), "{text}");
        // hsrts native: (2.5 − 0.5) s over 5000 hops.
        assert!(text.contains("| thread_ring 5001 | hop |"), "{text}");
        assert!(text.contains("| 400 µs |"), "{text}");
    }

    #[test]
    fn docs_and_chart_are_written() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-docs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("performance.md"),
            "# Performance\n\n## Storage manager\n",
        )
        .unwrap();
        write_docs(&dir, &sample_results(), &Context::default()).unwrap();
        let doc = std::fs::read_to_string(dir.join("performance.md")).unwrap();
        assert!(doc.starts_with("# Performance\n\n## Storage manager\n"));
        assert!(doc.contains("| nfib 32 |"));
        let svg = std::fs::read_to_string(dir.join(CHART_FILE)).unwrap();
        assert!(svg.contains("<svg"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
