//! Money is integer euro cents. Amounts are typed in euro, Italian style ("1.520.000,50") or
//! plain ("1520000.50"), and shown per language.

use super::lang::Lang;

/// Parses an amount in euro into cents, strictly: "1.200.000,00", "1200000,00", "1200000.5",
/// "1.234" (thousands) and "1,234,567.89" (English) are read; anything ambiguous or misgrouped,
/// such as "1,2,3" or "1.23.456", is refused rather than guessed.
pub fn parse_euro(input: &str) -> Option<i64> {
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    // The last separator is the decimal one when one or two digits follow it and it does not
    // also group thousands earlier on.
    let (int_part, frac_part) = match s.rfind(['.', ',']) {
        Some(i)
            if (2..=3).contains(&(s.len() - i)) && !s[..i].contains(s.as_bytes()[i] as char) =>
        {
            (&s[..i], &s[i + 1..])
        }
        _ => (s.as_str(), ""),
    };
    let euros = whole_euros(int_part)?;
    let cents: i64 = match frac_part.len() {
        0 => 0,
        1 => frac_part.parse::<i64>().ok()? * 10,
        _ => frac_part.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
}

/// Digits, optionally in groups of three after a first group of one to three, all separated by
/// the same mark.
fn whole_euros(int_part: &str) -> Option<i64> {
    let mark = int_part.chars().find(|c| *c == '.' || *c == ',');
    let groups: Vec<&str> = match mark {
        Some(m) => int_part.split(m).collect(),
        None => vec![int_part],
    };
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        !g.is_empty()
            && g.bytes().all(|b| b.is_ascii_digit())
            && (mark.is_none() || if i == 0 { g.len() <= 3 } else { g.len() == 3 })
    });
    if !well_grouped {
        return None;
    }
    groups.concat().parse().ok()
}

/// "€ 1.520.000,00" in Italian, "€1,520,000.00" in English.
pub fn format_euro(cents: i64, lang: Lang) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    let (group, decimal) = match lang {
        Lang::It => ('.', ','),
        Lang::En => (',', '.'),
    };
    let digits = euros.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    match lang {
        Lang::It => format!("{sign}€ {grouped}{decimal}{rest:02}"),
        Lang::En => format!("{sign}€{grouped}{decimal}{rest:02}"),
    }
}

/// An amount as a form shows it: as an Italian types it ("1.520.000,50"), which `parse_euro` reads
/// back to the same cents whatever the page's language.
pub fn amount_input(cents: i64) -> String {
    format_euro(cents, Lang::It).replacen("€ ", "", 1)
}

/// Cents as a plain decimal for machines (CSV): "1520000.50".
pub fn plain_decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, (cents % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_italian_and_plain_amounts() {
        assert_eq!(parse_euro("1.520.000,50"), Some(152_000_050));
        assert_eq!(parse_euro("1520000.5"), Some(152_000_050));
        assert_eq!(parse_euro("€ 380000"), Some(38_000_000));
        assert_eq!(parse_euro("1,234,567"), Some(123_456_700));
        assert_eq!(parse_euro("0,99"), Some(99));
    }

    #[test]
    fn rejects_ambiguous_or_misgrouped_amounts() {
        assert_eq!(parse_euro("1.200.000,00"), Some(120_000_000));
        assert_eq!(parse_euro("1.234"), Some(123_400));
        assert_eq!(parse_euro("1,234,567.89"), Some(123_456_789));
        assert_eq!(parse_euro("12,3"), Some(1_230));
        assert_eq!(parse_euro("1,2,3"), None);
        assert_eq!(parse_euro("1.2.3"), None);
        assert_eq!(parse_euro("1.23.456"), None);
        assert_eq!(parse_euro("1234.567,00"), None);
        assert_eq!(parse_euro("1.234.56"), None);
        assert_eq!(parse_euro(",50"), None);
        assert_eq!(parse_euro("1,,000"), None);
        assert_eq!(parse_euro("99999999999999999999"), None);
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(parse_euro(""), None);
        assert_eq!(parse_euro("abc"), None);
        assert_eq!(parse_euro("-5"), None);
        assert_eq!(parse_euro("12,3x"), None);
    }

    #[test]
    fn formats_per_language() {
        assert_eq!(format_euro(152_000_050, Lang::It), "€ 1.520.000,50");
        assert_eq!(format_euro(152_000_050, Lang::En), "€1,520,000.50");
        assert_eq!(format_euro(5, Lang::It), "€ 0,05");
        assert_eq!(plain_decimal(38_000_000), "380000.00");
        assert_eq!(amount_input(120_000_000), "1.200.000,00");
        assert_eq!(amount_input(99), "0,99");
        for cents in [
            0,
            5,
            99,
            100,
            123_400,
            38_000_000,
            152_000_050,
            999_999_999_999,
        ] {
            assert_eq!(parse_euro(&amount_input(cents)), Some(cents), "{cents}");
        }
    }
}
