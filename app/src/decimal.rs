//! Decimal numbers the page reads from text: the crawl form's sensitive-data threshold and the share of
//! matching values a PII detection stores in a column parameter.
//!
//! Why not `str::parse::<f64>`: its correctly rounded parser carries tables and a big-number fallback
//! that cost 15 kB (gzip) of the page's first load, for two fields that hold a share such as `0.5`. The
//! browser's `parseFloat` rounds correctly too, but it also reads `Infinity` and stops at the first
//! character it cannot use (`0.5abc` is 0.5), so text is first checked to be a whole decimal number as
//! Rust's parser would accept it.

/// `text` (surrounding spaces aside) as a number, or `None` when it is not a finite decimal number.
pub fn parse(text: &str) -> Option<f64> {
    let text = text.trim();
    if !is_decimal(text) {
        return None;
    }
    let value = js_sys::Number::parse_float(text);
    value.is_finite().then_some(value)
}

/// Whether all of `text` is a decimal number: an optional sign, digits with at most one point (at least
/// one digit), and an optional exponent (`e` or `E`, an optional sign, digits): `0.5`, `-1`, `.25`, `5e-1`.
fn is_decimal(text: &str) -> bool {
    /// `text` without its leading ASCII digits, and how many there were.
    fn digits(text: &str) -> (&str, usize) {
        let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
        (rest, text.len() - rest.len())
    }
    /// `text` without one leading sign.
    fn unsigned(text: &str) -> &str {
        text.strip_prefix(['+', '-']).unwrap_or(text)
    }
    let (rest, whole) = digits(unsigned(text));
    let (rest, fraction) = match rest.strip_prefix('.') {
        Some(after_point) => digits(after_point),
        None => (rest, 0),
    };
    let exponent_ok = match rest.strip_prefix(['e', 'E']) {
        Some(exponent) => matches!(digits(unsigned(exponent)), ("", 1..)),
        None => rest.is_empty(),
    };
    whole + fraction > 0 && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_decimal_texts_reach_the_browser() {
        for text in ["0.5", "1", "-1", ".25", "5.", "5e-1", "1E+2", "+0.5", "007"] {
            assert!(is_decimal(text), "{text}");
        }
        for text in [
            "", "-", ".", "e", "1e", "1e+", "e5", ".e1", "1.2.3", "1-2", "--1", "0x10", "Infinity",
            "NaN", "inf", "1,5", "½", "0.5 %", "0.5abc",
        ] {
            assert!(!is_decimal(text), "{text}");
        }
    }
}
