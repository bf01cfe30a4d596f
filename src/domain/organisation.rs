//! Supplier organisations as they register.

use serde::{Deserialize, Serialize};

use super::fiscal::is_valid_italian_identifier;
use super::violation::{Violation, ViolationKind, check_text};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct OrganisationSpec {
    pub legal_name: String,
    /// VAT number or fiscal code; Italian ones are checked (11 digits, or 16 characters for a
    /// sole trader), foreign ones are kept as written.
    pub vat_number: String,
    /// ISO 3166-1 alpha-2, e.g. `IT`.
    pub country: String,
    pub address: String,
    /// PEC (certified e-mail) or ordinary e-mail.
    pub email: String,
    /// Seat and size, which award notices under the directives state for every tenderer.
    #[serde(default)]
    pub profile: Option<SupplierProfile>,
}

/// Where a supplier sits and how large it is, as eForms states it for each tenderer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SupplierProfile {
    pub city: String,
    pub postal_code: String,
    /// NUTS 3 code of the seat, e.g. ITH55 (Bologna) or DE212 (München).
    pub nuts: String,
    /// eForms `economic-operator-size`: micro, small, medium or large.
    pub size: String,
}

/// Enterprise sizes (Recommendation 2003/361/EC), as eForms codes them.
pub const SIZES: [&str; 4] = ["micro", "small", "medium", "large"];

/// The profile's problems for a supplier of `country`, each naming its field under `profile.`.
pub fn check_supplier_profile(p: &SupplierProfile, country: &str, out: &mut Vec<Violation>) {
    let country = country.trim().to_uppercase();
    check_text("profile.city", &p.city, 100, out);
    let postal_ok = if country == "IT" {
        p.postal_code.len() == 5 && p.postal_code.bytes().all(|b| b.is_ascii_digit())
    } else {
        (2..=10).contains(&p.postal_code.len())
            && p.postal_code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
    };
    if !postal_ok {
        out.push(Violation::new(
            "profile.postal_code",
            ViolationKind::Malformed {
                detail: "the postal code of the seat (in Italy the five-digit CAP, e.g. 40127)"
                    .into(),
            },
        ));
    }
    // NUTS codes start with the country (Greece is EL), then three letters or digits.
    let prefix = if country == "GR" {
        "EL"
    } else {
        country.as_str()
    };
    let nuts_ok = p.nuts.len() == 5
        && p.nuts.starts_with(prefix)
        && p.nuts[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if !nuts_ok {
        out.push(Violation::new(
            "profile.nuts",
            ViolationKind::Malformed {
                detail: format!(
                    "the NUTS 3 code of the seat's province or district: {prefix} and three letters or digits (e.g. ITH55 for Bologna)"
                ),
            },
        ));
    }
    if !SIZES.contains(&p.size.as_str()) {
        out.push(Violation::new(
            "profile.size",
            ViolationKind::Malformed {
                detail: "micro, small, medium or large".into(),
            },
        ));
    }
}

/// The identifier as stored, one spelling per organisation: without spaces, dots or dashes, in
/// capitals, and for Italy without the `IT` prefix ("IT 038 4157 1205" is `03841571205`).
pub fn normalised_identifier(country: &str, vat_number: &str) -> String {
    let compact: String = vat_number
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '/'))
        .collect::<String>()
        .to_uppercase();
    if country.trim().eq_ignore_ascii_case("IT") {
        compact.strip_prefix("IT").unwrap_or(&compact).to_string()
    } else {
        compact
    }
}

/// A code of zeros passes the check digit but names nobody.
fn all_zeros(identifier: &str) -> bool {
    identifier.chars().all(|c| c == '0')
}

pub fn is_email(s: &str) -> bool {
    validator::ValidateEmail::validate_email(&s.trim())
}

pub fn check(o: &OrganisationSpec) -> Vec<Violation> {
    let mut out = Vec::new();
    check_text("legal_name", &o.legal_name, 300, &mut out);
    check_text("address", &o.address, 500, &mut out);
    let country = o.country.trim();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        out.push(Violation::new(
            "country",
            ViolationKind::Malformed {
                detail: "two letters, e.g. IT".into(),
            },
        ));
    }
    let vat = normalised_identifier(country, &o.vat_number);
    if all_zeros(&vat) {
        out.push(Violation::new(
            "vat_number",
            ViolationKind::InvalidFiscalCode,
        ));
    } else if country.eq_ignore_ascii_case("IT") {
        if !is_valid_italian_identifier(&vat) {
            out.push(Violation::new(
                "vat_number",
                ViolationKind::InvalidFiscalCode,
            ));
        }
    } else {
        check_text("vat_number", &vat, 30, &mut out);
    }
    if let Some(profile) = &o.profile {
        check_supplier_profile(profile, &o.country, &mut out);
    }
    if !is_email(&o.email) {
        out.push(Violation::new(
            "email",
            ViolationKind::Malformed {
                detail: "not an e-mail address".into(),
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(country: &str, vat: &str) -> OrganisationSpec {
        OrganisationSpec {
            profile: None,
            legal_name: "Appennino Digitale S.r.l.".into(),
            vat_number: vat.into(),
            country: country.into(),
            address: "Via Indipendenza 10, Bologna".into(),
            email: "pec@appennino.it".into(),
        }
    }

    #[test]
    fn one_spelling_per_organisation_and_no_code_of_zeros() {
        assert_eq!(
            normalised_identifier("IT", " IT 038.4157-1205 "),
            "03841571205"
        );
        assert_eq!(normalised_identifier("it", "03841571205"), "03841571205");
        assert_eq!(normalised_identifier("DE", "de 123 456 789"), "DE123456789");
        for zeros in ["00000000000", "IT00000000000", "0000000000000000", "000"] {
            assert_eq!(check(&org("IT", zeros))[0].field, "vat_number", "{zeros}");
        }
        assert_eq!(check(&org("FR", "0000"))[0].field, "vat_number");
        assert!(check(&org("IT", "IT 03841571205")).is_empty());
    }

    #[test]
    fn italian_vat_numbers_are_checked_and_foreign_ones_kept() {
        assert!(check(&org("IT", "03841571205")).is_empty());
        assert!(check(&org("IT", "IT03841571205")).is_empty());
        assert!(check(&org("IT", "RSSMRA85T10A562S")).is_empty());
        assert_eq!(check(&org("IT", "03841571204"))[0].field, "vat_number");
        assert!(check(&org("DE", "DE123456789")).is_empty());
    }

    #[test]
    fn a_bad_email_or_country_is_named() {
        let mut o = org("Italia", "03841571205");
        o.email = "not-an-email".into();
        let fields: Vec<String> = check(&o).into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["country", "email"]);
    }
}

#[cfg(test)]
mod profile_tests {
    use super::*;

    fn bologna() -> SupplierProfile {
        SupplierProfile {
            city: "Bologna".into(),
            postal_code: "40127".into(),
            nuts: "ITH55".into(),
            size: "small".into(),
        }
    }

    #[test]
    fn a_supplier_profile_is_checked_for_its_country() {
        let mut out = Vec::new();
        check_supplier_profile(&bologna(), "IT", &mut out);
        assert!(out.is_empty(), "{out:?}");
        let munich = SupplierProfile {
            city: "München".into(),
            postal_code: "80331".into(),
            nuts: "DE212".into(),
            size: "large".into(),
        };
        check_supplier_profile(&munich, "DE", &mut out);
        assert!(out.is_empty(), "{out:?}");
        let athens = SupplierProfile {
            nuts: "EL303".into(),
            ..munich.clone()
        };
        check_supplier_profile(&athens, "GR", &mut out);
        assert!(out.is_empty(), "{out:?}");
        check_supplier_profile(&munich, "IT", &mut out);
        let bad = SupplierProfile {
            city: String::new(),
            size: "sme".into(),
            ..bologna()
        };
        check_supplier_profile(&bad, "IT", &mut out);
        let fields: Vec<&str> = out.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["profile.nuts", "profile.city", "profile.size"]);
    }
}
