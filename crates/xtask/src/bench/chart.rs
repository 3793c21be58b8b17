//! The bar chart of docs/performance.md, written as SVG text by hand: one
//! group of horizontal bars per program, one bar per system, the length of
//! a bar its median time relative to GHC -O0 on a logarithmic axis (so
//! 0.01× and 100× both fit). A system without a time gets a short note in
//! place of its bar.

use std::fmt::Write;

use super::results::Results;
use super::stats::{format_ratio, ratio};
use super::system::System;

const LABEL_WIDTH: f64 = 150.0;
const PLOT_WIDTH: f64 = 520.0;
const RIGHT_MARGIN: f64 = 60.0;
const BAR_HEIGHT: f64 = 11.0;
const GROUP_GAP: f64 = 10.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 30.0;

fn colour(system: System) -> &'static str {
    match system {
        System::Ghci => "#9e9e9e",
        System::GhcO0 => "#5c6bc0",
        System::GhcO2 => "#1a237e",
        System::HsrtsNative => "#e65100",
        System::HsrtsCompiled => "#2e7d32",
        System::HsrtsWasm => "#f9a825",
    }
}

/// Escapes text for SVG.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The decades the axis spans: from the smallest to the largest ratio,
/// always including 1×.
pub fn axis_decades(ratios: &[f64]) -> (i32, i32) {
    let logs = ratios
        .iter()
        .filter(|r| **r > 0.0 && r.is_finite())
        .map(|r| r.log10());
    let (low, high) = logs.fold((0.0_f64, 0.0_f64), |(lo, hi), l| (lo.min(l), hi.max(l)));
    let low = low.floor() as i32;
    let high = (high.ceil() as i32).max(low + 1);
    (low, high)
}

/// The label of the grid line at `10^decade`: `0.01×`, `1×`, `100×`.
pub fn decade_label(decade: i32) -> String {
    if decade < 0 {
        format!("{:.*}×", decade.unsigned_abs() as usize, 10f64.powi(decade))
    } else {
        format!("{:.0}×", 10f64.powi(decade))
    }
}

/// The chart as an SVG document.
pub fn svg_chart(results: &Results, title: &str) -> String {
    let systems = &results.systems;
    let relative = |row, system| {
        ratio(
            results.value(row, system),
            results.value(row, System::GhcO0),
        )
    };
    let all: Vec<f64> = results
        .rows
        .iter()
        .flat_map(|row| systems.iter().filter_map(move |&s| relative(row, s)))
        .collect();
    let (low, high) = axis_decades(&all);
    let x_of =
        |r: f64| LABEL_WIDTH + (r.log10() - f64::from(low)) / f64::from(high - low) * PLOT_WIDTH;
    let group_height = systems.len() as f64 * BAR_HEIGHT + GROUP_GAP;
    let height = TOP + results.rows.len() as f64 * group_height + BOTTOM;
    let width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="10">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{LABEL_WIDTH}" y="14" font-size="12" font-weight="bold">{}</text>"#,
        escape(title)
    );
    // Legend.
    let mut x = LABEL_WIDTH;
    for &system in systems {
        let _ = writeln!(
            svg,
            r#"<rect x="{x:.1}" y="22" width="10" height="10" fill="{}"/><text x="{:.1}" y="31">{}</text>"#,
            colour(system),
            x + 13.0,
            escape(system.title())
        );
        x += 20.0 + 6.5 * system.title().len() as f64;
    }
    // Decade grid lines and labels.
    let plot_bottom = height - BOTTOM;
    for decade in low..=high {
        let r = 10f64.powi(decade);
        let gx = x_of(r);
        let stroke = if decade == 0 { "#000" } else { "#ccc" };
        let _ = writeln!(
            svg,
            r#"<line x1="{gx:.1}" y1="{:.1}" x2="{gx:.1}" y2="{plot_bottom:.1}" stroke="{stroke}"/><text x="{gx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            TOP - 8.0,
            plot_bottom + 14.0,
            escape(&decade_label(decade))
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">time relative to GHC -O0 (log scale; shorter is faster)</text>"#,
        LABEL_WIDTH + PLOT_WIDTH / 2.0,
        plot_bottom + 27.0
    );
    // Bars.
    for (i, row) in results.rows.iter().enumerate() {
        let group_top = TOP + i as f64 * group_height;
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL_WIDTH - 6.0,
            group_top + group_height / 2.0,
            escape(&row.label)
        );
        for (j, &system) in systems.iter().enumerate() {
            let y = group_top + j as f64 * BAR_HEIGHT;
            match relative(row, system) {
                Some(r) => {
                    let bar_end = x_of(r).max(LABEL_WIDTH + 1.0);
                    let _ = writeln!(
                        svg,
                        r#"<rect x="{LABEL_WIDTH}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" font-size="8">{}</text>"#,
                        bar_end - LABEL_WIDTH,
                        BAR_HEIGHT - 2.0,
                        colour(system),
                        escape(system.title()),
                        escape(&format_ratio(r)),
                        bar_end + 3.0,
                        y + BAR_HEIGHT - 3.5,
                        escape(&format_ratio(r))
                    );
                }
                None => {
                    let note = row
                        .cell(system)
                        .and_then(|c| c.reason())
                        .unwrap_or_else(|| "—".into());
                    let note: String = note.chars().take(60).collect();
                    let _ = writeln!(
                        svg,
                        r#"<text x="{:.1}" y="{:.1}" font-size="8" fill="{}">{}: {}</text>"#,
                        LABEL_WIDTH + 3.0,
                        y + BAR_HEIGHT - 3.5,
                        colour(system),
                        escape(system.title()),
                        escape(&note)
                    );
                }
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::super::results::tests::sample_results;
    use super::*;

    #[test]
    fn decade_labels_are_plain() {
        let labels: Vec<String> = (-3..=2).map(decade_label).collect();
        assert_eq!(labels, ["0.001×", "0.01×", "0.1×", "1×", "10×", "100×"]);
    }

    #[test]
    fn the_axis_covers_every_ratio_and_one() {
        assert_eq!(axis_decades(&[]), (0, 1));
        assert_eq!(axis_decades(&[0.07, 1.0, 12.3]), (-2, 2));
        assert_eq!(axis_decades(&[2.0, 3.0]), (0, 1));
        assert_eq!(axis_decades(&[0.5, f64::NAN, 0.0]), (-1, 0));
    }

    #[test]
    fn the_chart_has_a_bar_per_time_and_a_note_per_failure() {
        let svg = svg_chart(&sample_results(), "Programs <& GHC>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("Programs &lt;&amp; GHC&gt;"));
        // 2 programs × 5 systems, one failure: 9 bars (+ 5 legend swatches and the background).
        assert_eq!(svg.matches("<rect").count(), 9 + 5 + 1);
        assert!(svg.contains("hsrts wasm: fails: exit 1: boom"));
        // nfib native over -O0 = 0.45 / 0.13.
        assert!(svg.contains("<title>hsrts native: 3.5×</title>"));
        // Balanced tags: every opened element is closed or self-closing.
        let opened = svg.matches("<rect").count() + svg.matches("<text").count();
        let closed = svg.matches("/>").count()
            + svg.matches("</text>").count()
            + svg.matches("</rect>").count();
        assert!(closed >= opened, "{svg}");
    }
}
