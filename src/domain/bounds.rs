//! The bounds of every number an officer or a supplier types, the same in the API and the forms
//! (docs/api.md lists them). Amounts stay far below `i64::MAX`, so that sums of them never wrap.

use super::violation::{Violation, ViolationKind};

/// € 1.000.000.000.000,00: more than any procurement, small enough that a thousand of them add up
/// without overflow.
pub const MAX_AMOUNT_CENTS: i64 = 100_000_000_000_000;

/// File types a phase may accept, in lower case.
pub const KNOWN_FILE_TYPES: [&str; 9] = [
    "pdf", "p7m", "zip", "odt", "ods", "docx", "xlsx", "txt", "csv",
];

/// (field, least, greatest) for the numbers of a phase.
pub const PHASE_BOUNDS: [(&str, i64, i64); 9] = [
    ("budget_cents", 0, MAX_AMOUNT_CENTS),
    ("max_contracts", 1, 1_000),
    ("duration_days", 0, 3_650),
    ("min_candidates", 1, 1_000),
    ("max_candidates", 1, 1_000),
    ("standstill_days", 0, 365),
    ("max_file_mb", 1, 1_024),
    ("max_total_mb", 1, 10_240),
    ("min_quality", 0, 100),
];

/// Pages of a list go up to this; further is an error, not the first page again.
pub const MAX_PAGE: i64 = 100_000;

/// Rows a page of a list may hold at most.
pub const MAX_PER_PAGE: i64 = 100;

/// The offset of `page` (from 1) of `per_page` rows, or the violation naming the field out of
/// its bounds.
pub fn page_offset(page: Option<i64>, per_page: i64) -> Result<i64, Violation> {
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(Violation::new(
            "per_page",
            ViolationKind::OutOfRange {
                min: 1,
                max: MAX_PER_PAGE,
            },
        ));
    }
    let page = page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(Violation::new(
            "page",
            ViolationKind::OutOfRange {
                min: 1,
                max: MAX_PAGE,
            },
        ));
    }
    Ok((page - 1) * per_page)
}

/// A violation naming `field` when `value` lies outside `[min, max]`.
pub fn check(field: String, value: Option<i64>, min: i64, max: i64, out: &mut Vec<Violation>) {
    if value.is_some_and(|v| !(min..=max).contains(&v)) {
        out.push(Violation::new(
            field,
            ViolationKind::OutOfRange { min, max },
        ));
    }
}

/// Adds amounts, or says that they cannot be added (never wraps).
pub fn total_cents(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_never_wrap() {
        assert_eq!(total_cents([1, 2, 3]), Some(6));
        assert_eq!(total_cents([i64::MAX, 1]), None);
        assert_eq!(
            total_cents([MAX_AMOUNT_CENTS; 1_000]),
            Some(MAX_AMOUNT_CENTS * 1_000)
        );
    }

    #[test]
    fn pages_past_the_last_allowed_are_refused_not_wrapped() {
        assert_eq!(page_offset(None, 20), Ok(0));
        assert_eq!(page_offset(Some(3), 20), Ok(40));
        assert!(page_offset(Some(0), 20).is_err());
        assert!(page_offset(Some(i64::MAX), 100).is_err());
        assert_eq!(page_offset(None, 1_000).unwrap_err().field, "per_page");
    }

    #[test]
    fn values_outside_their_bounds_name_the_field() {
        let mut out = Vec::new();
        check("phases.0.max_file_mb".into(), Some(0), 1, 1_024, &mut out);
        check(
            "phases.0.max_file_mb".into(),
            Some(1_024),
            1,
            1_024,
            &mut out,
        );
        check("phases.0.max_file_mb".into(), None, 1, 1_024, &mut out);
        assert_eq!(
            out,
            vec![Violation::new(
                "phases.0.max_file_mb",
                ViolationKind::OutOfRange { min: 1, max: 1_024 }
            )]
        );
    }
}
