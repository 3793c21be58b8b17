//! Parsing the values of RTS options: sizes (`-A4m`), whole numbers
//! (`-G3`, `--ctx-every-n=100`) and decimals (`-C0.02`, `-F1.5`). Pure
//! functions from a string to a number or an [`RtsOptErrorKind`]; the caller
//! adds the option word to make an [`super::RtsOptError`].
//!
//! Note [Size syntax]
//! GHC reads a size with C's `strtod` and then looks at one suffix letter:
//! `k`/`K` (×1024), `m`/`M` (×1024²), `g`/`G` (×1024³) or `w`/`W` (× the
//! word size), so `-A1.5m` and `-A8K` work. We accept the same suffixes and
//! the same fractional form (`1.5m` is 1,572,864 bytes, rounded down to a
//! whole byte), but only plain decimal digits: `strtod`'s extras (hex,
//! exponents, `inf`, leading whitespace) are rejected with a clear error
//! rather than silently read, and so is anything after the suffix (GHC
//! says "size outside allowed range" for `-A1x`; we say it is not a size).
//! `w` means 8 bytes on every target, because heap words are 64 bits
//! everywhere in hsrts. Arithmetic is done in `u128` and checked, so no
//! input can overflow or panic.

use super::error::RtsOptErrorKind;

/// Bytes in a heap word (`w` suffix): 8 on every target.
const WORD_BYTES: u128 = 8;

/// Fraction digits beyond this many are ignored (they cannot change a
/// result that is rounded down to whole bytes at these magnitudes).
const MAX_FRACTION_DIGITS: usize = 18;

/// Parses a size in bytes and checks it against `min..=max`.
pub fn parse_size(text: &str, min: u64, max: u64) -> Result<u64, RtsOptErrorKind> {
    let (number, multiplier) = match text.as_bytes().last() {
        Some(b'k' | b'K') => (&text[..text.len() - 1], 1u128 << 10),
        Some(b'm' | b'M') => (&text[..text.len() - 1], 1u128 << 20),
        Some(b'g' | b'G') => (&text[..text.len() - 1], 1u128 << 30),
        Some(b'w' | b'W') => (&text[..text.len() - 1], WORD_BYTES),
        _ => (text, 1),
    };
    let number = number.strip_prefix('+').unwrap_or(number);
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return Err(RtsOptErrorKind::NotASize);
    }
    if !all_digits(whole) || !all_digits(fraction) {
        return Err(RtsOptErrorKind::NotASize);
    }
    let out_of_range = RtsOptErrorKind::SizeOutOfRange { min, max };
    let mut bytes = digits_value(whole)
        .and_then(|w| w.checked_mul(multiplier))
        .ok_or(out_of_range)?;
    let fraction = &fraction[..fraction.len().min(MAX_FRACTION_DIGITS)];
    if !fraction.is_empty() {
        // fraction < 10^18 and multiplier ≤ 2^30: the product fits in u128.
        let scale = 10u128.pow(fraction.len() as u32);
        let numerator = digits_value(fraction).ok_or(out_of_range)? * multiplier;
        bytes = bytes.checked_add(numerator / scale).ok_or(out_of_range)?;
    }
    if bytes < u128::from(min) || bytes > u128::from(max) {
        return Err(out_of_range);
    }
    Ok(bytes as u64)
}

/// Parses a whole decimal number (no sign, no suffix) in `min..=max`.
pub fn parse_count(text: &str, min: u64, max: u64) -> Result<u64, RtsOptErrorKind> {
    if text.is_empty() || !all_digits(text) {
        return Err(RtsOptErrorKind::NotANumber);
    }
    let out_of_range = RtsOptErrorKind::NumberOutOfRange { min, max };
    let value = digits_value(text).ok_or(out_of_range)?;
    if value < u128::from(min) || value > u128::from(max) {
        return Err(out_of_range);
    }
    Ok(value as u64)
}

/// Parses a non-negative decimal (`0.02`, `.5`, `3`): digits with at most
/// one point, nothing else. The result is finite.
pub fn parse_decimal(text: &str) -> Result<f64, RtsOptErrorKind> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(RtsOptErrorKind::NotADecimal);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(RtsOptErrorKind::NotADecimal),
    }
}

/// Parses a duration in seconds (`-C`, `-V`). At most a million seconds:
/// longer intervals mean "never" in practice and would only risk overflow
/// in the timer arithmetic of the context-switch implementations.
pub fn parse_seconds(text: &str) -> Result<std::time::Duration, RtsOptErrorKind> {
    const MAX_SECONDS: f64 = 1e6;
    let secs = parse_decimal(text)?;
    if secs > MAX_SECONDS {
        return Err(RtsOptErrorKind::NotADecimal);
    }
    std::time::Duration::try_from_secs_f64(secs).map_err(|_| RtsOptErrorKind::NotADecimal)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a string of ASCII digits (possibly empty = 0); `None` on
/// overflow of u128.
fn digits_value(digits: &str) -> Option<u128> {
    digits.bytes().try_fold(0u128, |acc, b| {
        acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    })
}
