//! The codes a call carries for ANAC and eForms: its CIG and the NUTS 3 code of its place.

use super::CallSpec;
use crate::domain::violation::{Violation, ViolationKind};

/// A malformed CIG or NUTS code, each named.
pub(super) fn check_codes(spec: &CallSpec, out: &mut Vec<Violation>) {
    if spec.cig.as_deref().is_some_and(|c| !is_cig(c)) {
        out.push(Violation::new(
            "cig",
            ViolationKind::Malformed {
                detail: "ten digits and capital letters, as ANAC gave it (e.g. A0123456B7)".into(),
            },
        ));
    }
    if spec.nuts.as_deref().is_some_and(|c| !is_italian_nuts(c)) {
        out.push(Violation::new(
            "nuts",
            ViolationKind::Malformed {
                detail: "the NUTS 3 code of an Italian province: IT and three letters or digits (e.g. ITH55 for Bologna)".into(),
            },
        ));
    }
}

/// A CIG: ten digits and capital letters.
pub fn is_cig(code: &str) -> bool {
    code.len() == 10
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// A NUTS 3 code of Italy (a province), the level eForms asks for: ITH55 is Bologna.
pub fn is_italian_nuts(code: &str) -> bool {
    code.len() == 5
        && code.starts_with("IT")
        && code[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// A code as typed, as kept: trimmed, in capitals; nothing when left blank.
pub fn typed_code(typed: &str) -> Option<String> {
    let code = typed.trim().to_uppercase();
    (!code.is_empty()).then_some(code)
}
