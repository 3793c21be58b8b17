//! The exact rational value of a fractional literal's source text
//! (`2.5e-3` is `1 % 400`), which Haskell 2010 passes to `fromRational` at
//! types other than `Double`. Decimal-string arithmetic: the denominator is a
//! power of ten, so only factors 2 and 5 can cancel.

use super::ir::ExactFrac;

/// Literals whose decimal exponent is larger than this (`1e100000`) are
/// not expanded; the caller falls back to the nearest Double's exact value.
const MAX_EXPONENT: i64 = 4096;

/// `num % den` in lowest terms of a decimal literal (`digits[.digits][e[+-]digits]`),
/// negated when `negative`. `None` for other text (hexadecimal floats) or
/// exponents beyond [`MAX_EXPONENT`].
pub fn exact_decimal(text: &str, negative: bool) -> Option<ExactFrac> {
    let t = text.replace('_', "");
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().ok()?),
        None => (t.as_str(), 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let exp10 = exp.checked_sub(frac.len() as i64)?;
    if exp10.abs() > MAX_EXPONENT {
        return None;
    }
    let mut num: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    let (mut twos, mut fives) = (0i64, 0i64);
    if exp10 >= 0 {
        num.extend(std::iter::repeat_n(0, exp10 as usize));
    } else {
        twos = -exp10;
        fives = -exp10;
    }
    strip_leading_zeros(&mut num);
    if num == [0] {
        return Some(ExactFrac {
            num: "0".into(),
            den: "1".into(),
        });
    }
    while twos > 0 && num.last().is_some_and(|d| d % 2 == 0) {
        num = divide(&num, 2);
        twos -= 1;
    }
    while fives > 0 && num.last().is_some_and(|d| d % 5 == 0) {
        num = divide(&num, 5);
        fives -= 1;
    }
    let mut den = vec![1u8];
    for _ in 0..twos {
        den = multiply(&den, 2);
    }
    for _ in 0..fives {
        den = multiply(&den, 5);
    }
    let digits = |v: &[u8]| v.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    let sign = if negative { "-" } else { "" };
    Some(ExactFrac {
        num: format!("{sign}{}", digits(&num)),
        den: digits(&den),
    })
}

fn strip_leading_zeros(v: &mut Vec<u8>) {
    let first = v
        .iter()
        .position(|d| *d != 0)
        .unwrap_or(v.len().saturating_sub(1));
    v.drain(..first);
    if v.is_empty() {
        v.push(0);
    }
}

/// Decimal digits (most significant first) divided by a small divisor that
/// divides them exactly.
fn divide(v: &[u8], by: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len());
    let mut rem = 0u32;
    for d in v {
        let cur = rem * 10 + u32::from(*d);
        out.push((cur / by) as u8);
        rem = cur % by;
    }
    strip_leading_zeros(&mut out);
    out
}

fn multiply(v: &[u8], by: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut carry = 0u32;
    for d in v.iter().rev() {
        let cur = u32::from(*d) * by + carry;
        out.push((cur % 10) as u8);
        carry = cur / 10;
    }
    while carry > 0 {
        out.push((carry % 10) as u8);
        carry /= 10;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(text: &str) -> (String, String) {
        let e = exact_decimal(text, false).expect(text);
        (e.num, e.den)
    }

    #[test]
    fn decimal_literals_are_exact_and_reduced() {
        let r = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(ratio("2.5e-3"), r("1", "400"));
        assert_eq!(ratio("0.1"), r("1", "10"));
        assert_eq!(ratio("1.0e-40"), r("1", &format!("1{}", "0".repeat(40))));
        assert_eq!(
            ratio("3.4028235e38"),
            r(&format!("34028235{}", "0".repeat(31)), "1")
        );
        assert_eq!(ratio("1.50"), r("3", "2"));
        assert_eq!(ratio("0.0"), r("0", "1"));
        assert_eq!(ratio("1e3"), r("1000", "1"));
        assert_eq!(ratio("12.5E+1"), r("125", "1"));
        assert_eq!(ratio("0.0625"), r("1", "16"));
        let neg = exact_decimal("0.75", true).expect("0.75");
        assert_eq!((neg.num.as_str(), neg.den.as_str()), ("-3", "4"));
        assert!(exact_decimal("1e99999", false).is_none());
        assert!(exact_decimal("0x1p3", false).is_none());
    }
}
