//! Money is integer euro cents. Amounts are typed in euro, Italian style ("1.520.000,50") or
//! plain ("1520000.50"), and shown per language.

use super::lang::Lang;

/// Parses an amount in euro into cents. Accepts "1.234,56", "1234,56", "1234.56", "1234".
pub fn parse_euro(input: &str) -> Option<i64> {
    let s: String = input
        .trim()
        .trim_start_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return None;
    }
    // The last separator followed by one or two digits is the decimal one; others group thousands.
    let last_sep = s.rfind([',', '.']);
    let (int_part, frac_part) = match last_sep {
        Some(i) if s.len() - i - 1 <= 2 && s.len() - i > 1 => (&s[..i], &s[i + 1..]),
        _ => (s.as_str(), ""),
    };
    let int_digits: String = int_part
        .chars()
        .filter(|c| *c != '.' && *c != ',')
        .collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_digits.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let euros: i64 = if int_digits.is_empty() {
        0
    } else {
        int_digits.parse().ok()?
    };
    let cents: i64 = match frac_part.len() {
        0 => 0,
        1 => frac_part.parse::<i64>().ok()? * 10,
        _ => frac_part.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents)
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

/// Cents as a plain decimal for form fields: "1520000.50".
pub fn cents_to_input(cents: i64) -> String {
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
        assert_eq!(cents_to_input(38_000_000), "380000.00");
    }
}
