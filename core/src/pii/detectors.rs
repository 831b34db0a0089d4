//! One rule per entity type: does one sampled value look like it? Pure functions on `&str`, no regex
//! crate (the wasm download would pay ~1 MB for it), so every rule is spelled out here and in
//! [`Entity`](super::Entity)'s docs.
//!
//! The rules prefer missing a value to flagging a look-alike: a column is flagged from the share of its
//! values that match, so a strict rule costs little on a real PII column and saves order numbers, version
//! strings and counters from being tagged.

use std::net::{Ipv4Addr, Ipv6Addr};

/// `local@domain`: one `@`; the local part 1–64 characters of RFC 5322's unquoted set without leading,
/// trailing or doubled dots; the domain at least two dot-separated labels of letters, digits and inner
/// hyphens, the last (the TLD) at least two letters.
pub(super) fn email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let labels_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && labels_ok && tld_ok
}

/// A phone number as people write one: digits grouped by spaces, `-`, `.` or `(`…`)`, an optional leading
/// `+`, 10 to 15 digits in all (E.164's maximum), groups of at most 4 digits except the last. A bare run of
/// digits is not a phone number (it is as likely an order number or an account), unless it starts with `+`.
pub(super) fn phone_number(value: &str) -> bool {
    let (plus, rest) = match value.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    if rest.is_empty()
        || !rest
            .chars()
            .all(|c| c.is_ascii_digit() || " -.()".contains(c))
    {
        return false;
    }
    let groups: Vec<&str> = rest
        .split([' ', '-', '.', '(', ')'])
        .filter(|g| !g.is_empty())
        .collect();
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    let grouped = groups.len() >= 3
        && groups
            .iter()
            .rev()
            .skip(1)
            .all(|g| (1..=4).contains(&g.len()));
    (10..=15).contains(&digits) && (grouped || plus && groups.len() == 1)
}

/// `AAA-GG-SSSS` (dashes or spaces, both the same): the area is not 000, 666 or 900–999, the group not
/// 00, the serial not 0000 (numbers the SSA never issues). Nine bare digits are not taken: too many
/// identifiers have nine digits.
pub(super) fn usa_ssn(value: &str) -> bool {
    let sep = match value.as_bytes().get(3) {
        Some(b'-') => '-',
        Some(b' ') => ' ',
        _ => return false,
    };
    let parts: Vec<&str> = value.split(sep).collect();
    let [area, group, serial] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(area, 3) && digits(group, 2) && digits(serial, 4)) {
        return false;
    }
    let area_number: u16 = area.parse().unwrap_or(0);
    area_number != 0
        && area_number != 666
        && area_number < 900
        && *group != "00"
        && *serial != "0000"
}

/// 13–19 digits (single spaces or dashes between groups allowed), a known issuer prefix (Visa 4,
/// Mastercard 51–55 and 2221–2720, Amex 34/37, Discover 6011/644–649/65, JCB 35, Diners 30/36/38) and a
/// valid Luhn check digit. The prefix rule rejects most counters and order numbers that happen to pass
/// Luhn (one in ten does).
pub(super) fn credit_card(value: &str) -> bool {
    if value.starts_with([' ', '-']) || value.ends_with([' ', '-']) || value.contains("  ") {
        return false;
    }
    let mut digits = Vec::with_capacity(19);
    for c in value.chars() {
        match c.to_digit(10) {
            Some(d) => digits.push(d),
            None if c == ' ' || c == '-' => {}
            None => return false,
        }
    }
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let prefix = |n: usize| digits.iter().take(n).fold(0u32, |acc, d| acc * 10 + d);
    let issuer = prefix(1) == 4
        || (51..=55).contains(&prefix(2))
        || (2221..=2720).contains(&prefix(4))
        || [34, 37, 35, 30, 36, 38, 65].contains(&prefix(2))
        || prefix(4) == 6011
        || (644..=649).contains(&prefix(3));
    issuer && luhn(&digits)
}

/// The Luhn checksum: doubling every second digit from the right, the digit sum is a multiple of 10.
fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2 == 1, d * 2) {
            (true, doubled) if doubled > 9 => doubled - 9,
            (true, doubled) => doubled,
            (false, _) => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// ISO 13616: spaces removed, two letters (country), two check digits, 11–30 letters or digits; 15–34
/// characters in all; the number with its first four characters moved to the end, letters as 10–35, is
/// 1 modulo 97.
pub(super) fn iban(value: &str) -> bool {
    let compact: Vec<char> = value
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let shape = (15..=34).contains(&compact.len())
        && compact.iter().take(2).all(char::is_ascii_uppercase)
        && compact.iter().skip(2).take(2).all(char::is_ascii_digit)
        && compact.iter().all(char::is_ascii_alphanumeric);
    if !shape {
        return false;
    }
    let rearranged = compact.iter().skip(4).chain(compact.iter().take(4));
    let mut remainder = 0u32;
    for c in rearranged {
        let Some(n) = c.to_digit(36) else {
            return false;
        };
        remainder = if n >= 10 {
            (remainder * 100 + n) % 97
        } else {
            (remainder * 10 + n) % 97
        };
    }
    remainder == 1
}

/// A dotted-quad IPv4 address (four 0–255 parts, no leading zeros) or an IPv6 address in any of RFC
/// 4291's text forms, as the standard library parses them.
pub(super) fn ip_address(value: &str) -> bool {
    value.parse::<Ipv4Addr>().is_ok() || value.contains(':') && value.parse::<Ipv6Addr>().is_ok()
}

/// Six pairs of hex digits separated by all `:` or all `-` (`00:1a:2b:3c:4d:5e`), or Cisco's three dotted
/// quads of hex digits (`001a.2b3c.4d5e`).
pub(super) fn mac_address(value: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    [':', '-']
        .iter()
        .any(|sep| value.split(*sep).filter(|p| hex(p, 2)).count() == 6 && value.len() == 17)
        || value.len() == 14 && value.split('.').filter(|p| hex(p, 4)).count() == 3
}

/// Nine digits, or one letter and eight digits (the next-generation US passport book). Such values are
/// common identifiers too, so the entity also needs a column-name hint (see
/// [`Entity::needs_name_hint`](super::Entity::needs_name_hint)).
pub(super) fn usa_passport_number(value: &str) -> bool {
    let mut chars = value.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    value.len() == 9 && first_ok && chars.all(|c| c.is_ascii_digit())
}

/// A calendar date of a living person: `YYYY-MM-DD`, `YYYY/MM/DD`, `MM/DD/YYYY` or `DD.MM.YYYY`, a
/// valid day of its month, year 1900–2099. Any date column matches, so the entity also needs a
/// column-name hint such as `dob` or `birth_date`.
pub(super) fn date_of_birth(value: &str) -> bool {
    let number = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let parts = |sep: char| -> Vec<&str> { value.split(sep).collect() };
    let ymd = match (
        parts('-').as_slice(),
        parts('/').as_slice(),
        parts('.').as_slice(),
    ) {
        ([y, m, d], _, _) | (_, [y, m, d], _) if y.len() == 4 => {
            (number(y, 4), number(m, 2), number(d, 2))
        }
        (_, [m, d, y], _) => (number(y, 4), number(m, 2), number(d, 2)),
        (_, _, [d, m, y]) => (number(y, 4), number(m, 2), number(d, 2)),
        _ => return false,
    };
    let (Some(year), Some(month), Some(day)) = ymd else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2099).contains(&year) && (1..=days).contains(&day)
}

/// One to four words, each a capital letter followed by lower-case letters (any script), with `'`, `-`
/// or `.` inside a word and a capital again after `'` or `-` (`O'Neil`, `Jean-Luc`, `J.`), 64 characters at most. Many labels look like this
/// too, so the entity also needs a column-name hint such as `name` or `last_name`.
pub(super) fn person_name(value: &str) -> bool {
    let words: Vec<&str> = value.split(' ').collect();
    value.chars().count() <= 64
        && (1..=4).contains(&words.len())
        && words.iter().all(|word| {
            let mut chars = word.chars();
            let Some(first) = chars.next().filter(|c| c.is_uppercase()) else {
                return false;
            };
            // A capital is allowed again right after `'` or `-` (`O'Neil`, `Jean-Luc`).
            chars
                .try_fold(first, |previous, c| {
                    let ok = c.is_lowercase()
                        || "'-.".contains(c)
                        || c.is_uppercase() && "'-".contains(previous);
                    ok.then_some(c)
                })
                .is_some()
        })
}
