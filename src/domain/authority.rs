//! What a notice under the directives says about the contracting authority beyond its name and
//! codice fiscale: where it sits, how to reach it, what kind of body it is, and the court that
//! hears appeals against its procedures.

use serde::{Deserialize, Serialize};

use crate::domain::call::is_italian_nuts;
use crate::domain::fiscal::is_valid_numeric_fiscal_code;
use crate::domain::violation::{Violation, ViolationKind, check_text};

/// Kinds of contracting authority (eForms codelist `buyer-legal-type`) an Italian public body
/// can be.
pub const LEGAL_TYPES: [(&str, &str); 7] = [
    ("cga", "amministrazione centrale"),
    ("ra", "amministrazione regionale"),
    ("la", "amministrazione locale"),
    ("body-pl", "organismo di diritto pubblico"),
    (
        "body-pl-cga",
        "organismo di diritto pubblico controllato dallo Stato",
    ),
    (
        "body-pl-ra",
        "organismo di diritto pubblico controllato da una regione",
    ),
    (
        "body-pl-la",
        "organismo di diritto pubblico controllato da un ente locale",
    ),
];

/// Main activities (eForms codelist `authority-activity`).
pub const ACTIVITIES: [(&str, &str); 10] = [
    (
        "gen-pub",
        "servizi generali delle amministrazioni pubbliche",
    ),
    ("defence", "difesa"),
    ("pub-os", "ordine pubblico e sicurezza"),
    ("env-pro", "ambiente"),
    ("econ-aff", "affari economici e finanziari"),
    ("health", "salute"),
    ("hc-am", "edilizia abitativa e assetto del territorio"),
    ("soc-pro", "protezione sociale"),
    ("rcr", "servizi ricreativi, cultura e religione"),
    ("education", "istruzione"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuthorityProfile {
    pub city: String,
    /// Five digits (CAP).
    pub postal_code: String,
    /// NUTS 3 code of the seat, e.g. ITH55 (Bologna).
    pub nuts: String,
    /// As dialled from abroad, e.g. +39 051 5271.
    pub phone: String,
    /// eForms `buyer-legal-type`: cga, ra, la, body-pl, body-pl-cga, body-pl-ra, body-pl-la.
    pub legal_type: String,
    /// eForms `authority-activity`, e.g. gen-pub.
    pub activity: String,
    /// The court that hears appeals: the regional administrative court (TAR).
    pub review_body: ReviewBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReviewBody {
    pub name: String,
    /// Its codice fiscale: eleven digits with the check digit.
    pub fiscal_code: String,
    pub city: String,
    pub postal_code: String,
    pub nuts: String,
}

/// Every problem with the profile, each naming its field.
pub fn check_profile(profile: &AuthorityProfile) -> Vec<Violation> {
    let mut out = Vec::new();
    check_place(
        "",
        &profile.city,
        &profile.postal_code,
        &profile.nuts,
        &mut out,
    );
    if !is_phone(&profile.phone) {
        out.push(malformed(
            "phone",
            "a telephone number with its country code, e.g. +39 051 5271",
        ));
    }
    if !LEGAL_TYPES
        .iter()
        .any(|(code, _)| *code == profile.legal_type)
    {
        out.push(malformed("legal_type", &codes(&LEGAL_TYPES)));
    }
    if !ACTIVITIES.iter().any(|(code, _)| *code == profile.activity) {
        out.push(malformed("activity", &codes(&ACTIVITIES)));
    }
    let review = &profile.review_body;
    check_text("review_body.name", &review.name, 300, &mut out);
    if !is_valid_numeric_fiscal_code(&review.fiscal_code) {
        out.push(Violation::new(
            "review_body.fiscal_code",
            ViolationKind::InvalidFiscalCode,
        ));
    }
    check_place(
        "review_body.",
        &review.city,
        &review.postal_code,
        &review.nuts,
        &mut out,
    );
    out
}

fn malformed(field: &str, detail: &str) -> Violation {
    Violation::new(
        field,
        ViolationKind::Malformed {
            detail: detail.into(),
        },
    )
}

fn check_place(prefix: &str, city: &str, postal_code: &str, nuts: &str, out: &mut Vec<Violation>) {
    check_text(&format!("{prefix}city"), city, 100, out);
    if postal_code.len() != 5 || !postal_code.bytes().all(|b| b.is_ascii_digit()) {
        out.push(malformed(
            &format!("{prefix}postal_code"),
            "five digits (CAP), e.g. 40127",
        ));
    }
    if !is_italian_nuts(nuts) {
        out.push(malformed(
            &format!("{prefix}nuts"),
            "the NUTS 3 code of the province: IT and three letters or digits (e.g. ITH55)",
        ));
    }
}

/// `+`, the country code, then digits and single spaces: what eForms accepts (BT-503).
fn is_phone(phone: &str) -> bool {
    let Some(rest) = phone.strip_prefix('+') else {
        return false;
    };
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && rest.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && !rest.contains("  ")
        && !rest.starts_with(' ')
}

fn codes(list: &[(&str, &str)]) -> String {
    let names: Vec<String> = list.iter().map(|(c, n)| format!("{c} ({n})")).collect();
    format!("one of: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bologna() -> AuthorityProfile {
        crate::demo::demo_profile()
    }

    #[test]
    fn a_complete_profile_passes_and_each_bad_field_is_named() {
        assert!(check_profile(&bologna()).is_empty());
        let bad = AuthorityProfile {
            city: " ".into(),
            postal_code: "4012".into(),
            nuts: "ITH5".into(),
            phone: "051 5271".into(),
            legal_type: "regione".into(),
            activity: "x".into(),
            ..bologna()
        };
        let fields: Vec<String> = check_profile(&bad).into_iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            [
                "city",
                "postal_code",
                "nuts",
                "phone",
                "legal_type",
                "activity"
            ]
        );
        assert!(!is_phone("+39  051") && !is_phone("+39 051-5271") && is_phone("+390515271"));
    }
}
