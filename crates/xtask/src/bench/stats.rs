//! The arithmetic of `cargo xtask bench`: medians, ratios, the GHCi
//! start-up subtraction, reading "maximum residency" out of `+RTS -s`
//! output, and formatting numbers for the tables.

/// The median of `samples` (the mean of the middle two for an even count);
/// `None` when there are none. NaNs are ignored.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|s| !s.is_nan()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    })
}

/// `value / reference`, when both exist and the reference is positive.
pub fn ratio(value: Option<f64>, reference: Option<f64>) -> Option<f64> {
    match (value, reference) {
        (Some(v), Some(r)) if r > 0.0 && v.is_finite() && r.is_finite() => Some(v / r),
        _ => None,
    }
}

/// A GHCi time with the interpreter's start-up (the median time of an
/// empty program) taken off. Start-up noise can make the difference tiny or
/// negative for short programs; it is floored at one millisecond so that
/// ratios against it stay finite, and the table says when that happened.
pub fn minus_startup(total: f64, startup: f64) -> (f64, bool) {
    const FLOOR: f64 = 0.001;
    let net = total - startup;
    if net < FLOOR {
        (FLOOR, true)
    } else {
        (net, false)
    }
}

/// The "N bytes maximum residency" figure of a `+RTS -s` report (GHC's and
/// hsrts's print the same line), e.g.
/// `      44,312 bytes maximum residency (1 sample(s))`.
pub fn max_residency<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<u64> {
    lines.into_iter().find_map(|line| {
        let (number, _) = line.split_once("bytes maximum residency")?;
        number.trim().replace(',', "").parse().ok()
    })
}

/// Seconds with three significant digits, e.g. `1.23`, `0.0456`, `12.3`.
pub fn format_seconds(seconds: f64) -> String {
    if seconds >= 100.0 {
        format!("{seconds:.0}")
    } else if seconds >= 10.0 {
        format!("{seconds:.1}")
    } else if seconds >= 1.0 {
        format!("{seconds:.2}")
    } else if seconds >= 0.1 {
        format!("{seconds:.3}")
    } else {
        format!("{seconds:.4}")
    }
}

/// A ratio with two significant digits, e.g. `0.031×`, `0.31×`, `2.4×`, `15×`.
pub fn format_ratio(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}×")
    } else if ratio >= 1.0 {
        format!("{ratio:.1}×")
    } else if ratio >= 0.1 {
        format!("{ratio:.2}×")
    } else if ratio >= 0.01 {
        format!("{ratio:.3}×")
    } else {
        format!("{ratio:.4}×")
    }
}

/// Bytes in binary units, e.g. `44 KiB`, `3.2 MiB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN, 2.0, 9.0, 1.0]), Some(2.0));
    }

    #[test]
    fn ratios() {
        assert_eq!(ratio(Some(3.0), Some(1.5)), Some(2.0));
        assert_eq!(ratio(None, Some(1.5)), None);
        assert_eq!(ratio(Some(1.0), Some(0.0)), None);
        assert_eq!(ratio(Some(1.0), None), None);
    }

    #[test]
    fn startup_is_subtracted_and_floored() {
        assert_eq!(minus_startup(1.75, 0.25), (1.5, false));
        assert_eq!(minus_startup(0.2, 0.25), (0.001, true));
    }

    #[test]
    fn residency_is_read_from_ghc_and_hsrts_reports() {
        let ghc = [
            "     107,480 bytes allocated in the heap",
            "       3,272 bytes copied during GC",
            "      44,312 bytes maximum residency (1 sample(s))",
            "      25,352 bytes maximum slop",
        ];
        assert_eq!(max_residency(ghc), Some(44_312));
        let hsrts = ["             700 bytes maximum residency (1 sample(s))"];
        assert_eq!(max_residency(hsrts), Some(700));
        assert_eq!(max_residency(["nfib 32 = 7049155"]), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(format_seconds(123.4), "123");
        assert_eq!(format_seconds(12.34), "12.3");
        assert_eq!(format_seconds(1.234), "1.23");
        assert_eq!(format_seconds(0.1234), "0.123");
        assert_eq!(format_seconds(0.01234), "0.0123");
        assert_eq!(format_ratio(0.314), "0.31×");
        assert_eq!(format_ratio(0.0314), "0.031×");
        assert_eq!(format_ratio(0.00314), "0.0031×");
        assert_eq!(format_ratio(2.44), "2.4×");
        assert_eq!(format_ratio(15.4), "15×");
        assert_eq!(format_bytes(512), "512 B");
        assert_eq!(format_bytes(44_312), "43 KiB");
        assert_eq!(format_bytes(3 * 1024 * 1024 + 300_000), "3.3 MiB");
    }
}
