//! Common Procurement Vocabulary codes (Reg. 213/2008): eight digits, a dash and a check digit.
//!
//! The check digit is the weighted sum of the eight digits with weights 3, 7, 1 repeating,
//! modulo 10; it matches the published vocabulary (e.g. `73000000-2`, `45233120-6`).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cpv(String);

impl Cpv {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cpv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn check_digit(digits: &[u8; 8]) -> u8 {
    const WEIGHTS: [u32; 8] = [3, 7, 1, 3, 7, 1, 3, 7];
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    (sum % 10) as u8
}

/// Parses `73000000-2`; spaces around are ignored.
pub fn parse(input: &str) -> Option<Cpv> {
    let s = input.trim();
    let (body, check) = s.split_once('-')?;
    if body.len() != 8 || check.len() != 1 {
        return None;
    }
    let mut digits = [0u8; 8];
    for (slot, c) in digits.iter_mut().zip(body.chars()) {
        *slot = c.to_digit(10)? as u8;
    }
    let check = check.chars().next()?.to_digit(10)? as u8;
    (check_digit(&digits) == check).then(|| Cpv(s.to_string()))
}

/// A search by CPV: a whole code (`73110000-6`) or its first digits (`73`, `7311`).
pub fn is_search_prefix(input: &str) -> bool {
    let s = input.trim();
    let body = match s.split_once('-') {
        Some((body, check)) if body.len() == 8 && check.len() == 1 => {
            if !check.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            body
        }
        Some(_) => return false,
        None => s,
    };
    (1..=8).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_digit())
}

/// Splits a list typed as "73000000-2, 72000000-5" (commas, semicolons or blanks).
pub fn split_list(input: &str) -> Vec<&str> {
    input
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_search_is_a_code_or_its_first_digits() {
        for ok in ["73", "7311", "73110000", "73110000-6", " 73 "] {
            assert!(super::is_search_prefix(ok), "{ok}");
        }
        for bad in ["abc", "", "731100001", "73-1", "7311-6", "73110000-x"] {
            assert!(!super::is_search_prefix(bad), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn accepts_codes_from_the_vocabulary() {
        for code in [
            "73000000-2",
            "73100000-3",
            "73110000-6",
            "73430000-5",
            "72000000-5",
            "45233120-6",
            "79341000-6",
            "30213100-6",
            "90911200-8",
        ] {
            assert!(parse(code).is_some(), "{code} should be valid");
        }
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        assert!(parse("73000000-3").is_none());
        assert!(parse("45233120-5").is_none());
    }

    #[test]
    fn rejects_malformed_codes() {
        for code in [
            "7300000-2",
            "73000000",
            "73000000-",
            "7300000a-2",
            "73000000-22",
            "",
        ] {
            assert!(parse(code).is_none(), "{code:?} should be rejected");
        }
    }

    #[test]
    fn splits_lists_on_commas_and_blanks() {
        assert_eq!(
            split_list("73000000-2, 72000000-5;45000000-7"),
            vec!["73000000-2", "72000000-5", "45000000-7"]
        );
    }
}
