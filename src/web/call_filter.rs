//! The filters of the calls list, read by one rule for the page and the API: the API refuses a
//! value it cannot read; the page says so next to the filter and lists without it.

use crate::db::calls::CallFilter;
use crate::domain::call::CallStatus;
use crate::domain::cpv;
use crate::domain::phase::Procedure;
use crate::domain::violation::{Violation, ViolationKind};

/// Longest keyword search, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

#[derive(Debug, Default, Clone, Copy)]
pub struct FilterInput<'a> {
    pub procedure: Option<&'a str>,
    pub status: Option<&'a str>,
    pub cpv: Option<&'a str>,
    pub text: Option<&'a str>,
}

/// The public filter, with a violation for each value that cannot be read (left out of it).
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

pub fn read_filter(input: FilterInput<'_>) -> (CallFilter, Vec<Violation>) {
    let mut violations = Vec::new();
    let procedure = given(input.procedure).and_then(|p| {
        let parsed = Procedure::parse(p);
        if parsed.is_none() {
            violations.push(Violation::new(
                "procedure",
                ViolationKind::UnknownProcedure { value: p.into() },
            ));
        }
        parsed
    });
    let status = given(input.status).and_then(|s| {
        let parsed = CallStatus::parse(s).filter(|s| s.is_public());
        if parsed.is_none() {
            violations.push(Violation::new(
                "status",
                ViolationKind::Malformed {
                    detail: format!("unknown status {s:?}"),
                },
            ));
        }
        parsed
    });
    let cpv = given(input.cpv).and_then(|c| {
        if cpv::is_search_prefix(c) {
            Some(c.to_string())
        } else {
            violations.push(Violation::new("cpv", ViolationKind::CpvSearch));
            None
        }
    });
    let text = given(input.text).and_then(|t| {
        if t.chars().count() > MAX_SEARCH_CHARS {
            violations.push(Violation::new(
                "q",
                ViolationKind::TooLong {
                    max: MAX_SEARCH_CHARS,
                },
            ));
            None
        } else {
            Some(t.to_string())
        }
    });
    let filter = CallFilter {
        procedure,
        status,
        cpv,
        text,
        authority_id: None,
    };
    (filter, violations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unreadable_filter_is_named_and_left_out() {
        let (filter, violations) = read_filter(FilterInput {
            procedure: Some("pcp"),
            status: Some("draft"),
            cpv: Some("abc"),
            text: Some(" robot "),
        });
        let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["status", "cpv"]);
        assert_eq!(filter.procedure, Some(Procedure::Pcp));
        assert_eq!((filter.status, filter.cpv), (None, None));
        assert_eq!(filter.text.as_deref(), Some("robot"));
        let (_, none) = read_filter(FilterInput {
            cpv: Some("7311"),
            ..Default::default()
        });
        assert!(none.is_empty());
    }
}
