//! A request to participate's self-declaration, like the DGUE/ESPD: the exclusion grounds of
//! arts. 94–98 D.Lgs. 36/2023 answered one by one (with an explanation where one applies, such as
//! the measures of art. 96 c.6), turnover, similar services and certifications; never a price.
//! And the committee's check of a request against each selection criterion of the call.

use serde::{Deserialize, Serialize};

use super::violation::{Violation, ViolationKind, check_text};

pub const MAX_EXPLANATION_CHARS: usize = 2000;
pub const MAX_REFERENCES: usize = 10;
pub const MAX_CERTIFICATIONS: usize = 10;
pub const MAX_TURNOVER_YEARS: usize = 3;
/// No single year's turnover above a hundred billion euro: a typo, not a candidate.
pub const MAX_TURNOVER_CENTS: i64 = 10_000_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionGround {
    /// Art. 94 c.1: a final conviction for one of the offences listed.
    Conviction,
    /// Art. 94 c.2: grounds of the anti-mafia code (D.Lgs. 159/2011).
    AntiMafia,
    /// Art. 94 c.5 d): liquidation, bankruptcy or an arrangement with creditors.
    Insolvency,
    /// Art. 94 c.6: definitively established breaches of tax or social security obligations.
    TaxesAndContributions,
    /// Art. 95 c.1 a): breaches of safety, labour, social or environmental law.
    SafetyAndLabourLaw,
    /// Art. 95 c.1 b): a conflict of interest that cannot be otherwise resolved.
    ConflictOfInterest,
    /// Art. 95 c.1 c): distortion of competition from prior involvement in the procedure.
    PriorInvolvement,
    /// Art. 95 c.1 e) and art. 98: grave professional misconduct.
    ProfessionalMisconduct,
    /// Art. 95 c.2: serious tax breaches not yet definitively established.
    PendingTaxBreaches,
}

impl ExclusionGround {
    pub const ALL: [ExclusionGround; 9] = [
        ExclusionGround::Conviction,
        ExclusionGround::AntiMafia,
        ExclusionGround::Insolvency,
        ExclusionGround::TaxesAndContributions,
        ExclusionGround::SafetyAndLabourLaw,
        ExclusionGround::ConflictOfInterest,
        ExclusionGround::PriorInvolvement,
        ExclusionGround::ProfessionalMisconduct,
        ExclusionGround::PendingTaxBreaches,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionGround::Conviction => "conviction",
            ExclusionGround::AntiMafia => "anti_mafia",
            ExclusionGround::Insolvency => "insolvency",
            ExclusionGround::TaxesAndContributions => "taxes_and_contributions",
            ExclusionGround::SafetyAndLabourLaw => "safety_and_labour_law",
            ExclusionGround::ConflictOfInterest => "conflict_of_interest",
            ExclusionGround::PriorInvolvement => "prior_involvement",
            ExclusionGround::ProfessionalMisconduct => "professional_misconduct",
            ExclusionGround::PendingTaxBreaches => "pending_tax_breaches",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GroundAnswer {
    pub ground: ExclusionGround,
    /// Whether the ground applies to the candidate.
    pub applies: bool,
    /// Required where it applies: the facts and the measures taken (art. 96 c.6).
    #[serde(default)]
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SimilarService {
    pub client: String,
    pub description: String,
    pub year: i32,
    pub amount_cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SelfDeclaration {
    /// Every ground of `ExclusionGround::ALL`, once each.
    pub exclusion_grounds: Vec<GroundAnswer>,
    /// Annual turnover of the last financial years, the latest first (at most three).
    #[serde(default)]
    pub turnover_cents: Vec<i64>,
    #[serde(default)]
    pub similar_services: Vec<SimilarService>,
    #[serde(default)]
    pub certifications: Vec<String>,
}

fn at_most(field: &str, n: usize, max: usize, out: &mut Vec<Violation>) {
    if n > max {
        out.push(Violation::new(
            field,
            ViolationKind::AtMost { max: max as i64 },
        ));
    }
}

/// Everything wrong with a declaration, each naming its field; `this_year` bounds the years of
/// the similar services.
pub fn check(d: &SelfDeclaration, this_year: i32) -> Vec<Violation> {
    let mut v = Vec::new();
    for ground in ExclusionGround::ALL {
        let answers: Vec<&GroundAnswer> = d
            .exclusion_grounds
            .iter()
            .filter(|a| a.ground == ground)
            .collect();
        let field = format!("exclusion_grounds.{}", ground.as_str());
        match answers.as_slice() {
            [] => v.push(Violation::new(&field, ViolationKind::Required)),
            [a] if a.applies => check_text(
                &format!("{field}.explanation"),
                &a.explanation,
                MAX_EXPLANATION_CHARS,
                &mut v,
            ),
            [a] if a.explanation.chars().count() > MAX_EXPLANATION_CHARS => v.push(Violation::new(
                format!("{field}.explanation"),
                ViolationKind::TooLong {
                    max: MAX_EXPLANATION_CHARS,
                },
            )),
            [_] => {}
            _ => v.push(Violation::new(
                &field,
                ViolationKind::Malformed {
                    detail: "answered more than once".into(),
                },
            )),
        }
    }
    at_most(
        "turnover_cents",
        d.turnover_cents.len(),
        MAX_TURNOVER_YEARS,
        &mut v,
    );
    for (i, t) in d.turnover_cents.iter().enumerate() {
        if !(0..=MAX_TURNOVER_CENTS).contains(t) {
            v.push(Violation::new(
                format!("turnover_cents.{i}"),
                ViolationKind::OutOfRange {
                    min: 0,
                    max: MAX_TURNOVER_CENTS,
                },
            ));
        }
    }
    at_most(
        "similar_services",
        d.similar_services.len(),
        MAX_REFERENCES,
        &mut v,
    );
    for (i, s) in d.similar_services.iter().enumerate() {
        let field = format!("similar_services.{i}");
        check_text(&format!("{field}.client"), &s.client, 200, &mut v);
        check_text(
            &format!("{field}.description"),
            &s.description,
            MAX_EXPLANATION_CHARS,
            &mut v,
        );
        if !(1990..=this_year).contains(&s.year) {
            v.push(Violation::new(
                format!("{field}.year"),
                ViolationKind::OutOfRange {
                    min: 1990,
                    max: i64::from(this_year),
                },
            ));
        }
        if !(0..=MAX_TURNOVER_CENTS).contains(&s.amount_cents) {
            v.push(Violation::new(
                format!("{field}.amount_cents"),
                ViolationKind::OutOfRange {
                    min: 0,
                    max: MAX_TURNOVER_CENTS,
                },
            ));
        }
    }
    at_most(
        "certifications",
        d.certifications.len(),
        MAX_CERTIFICATIONS,
        &mut v,
    );
    for (i, c) in d.certifications.iter().enumerate() {
        check_text(&format!("certifications.{i}"), c, 200, &mut v);
    }
    v
}

/// The committee's verdict on one selection criterion of the call, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionCheck {
    /// The criterion's index among the phase's criteria.
    pub criterion: usize,
    pub passed: bool,
    pub reason: String,
}

/// A check names every criterion of the phase once, each with a reason.
pub fn check_selection(checks: &[CriterionCheck], criteria: usize) -> Vec<Violation> {
    let mut v = Vec::new();
    for c in 0..criteria {
        let of_c: Vec<&CriterionCheck> = checks.iter().filter(|k| k.criterion == c).collect();
        match of_c.as_slice() {
            [] => v.push(Violation::new(
                format!("checks.{c}"),
                ViolationKind::Required,
            )),
            [k] => check_text(&format!("checks.{c}.reason"), &k.reason, 2000, &mut v),
            _ => v.push(Violation::new(
                format!("checks.{c}"),
                ViolationKind::Malformed {
                    detail: "checked more than once".into(),
                },
            )),
        }
    }
    if let Some(k) = checks.iter().find(|k| k.criterion >= criteria) {
        v.push(Violation::new(
            "checks",
            ViolationKind::Malformed {
                detail: format!("no criterion {} in this phase", k.criterion),
            },
        ));
    }
    v
}

/// Whether every criterion of the phase has its verdict: the outcome of the requests waits
/// until each is checked.
pub fn selection_complete(checks: &[CriterionCheck], criteria: usize) -> bool {
    (0..criteria).all(|c| checks.iter().any(|k| k.criterion == c))
}

/// The first criterion a request fails, if any: it is then not selected, whatever its score.
pub fn failed_criterion(checks: &[CriterionCheck]) -> Option<usize> {
    checks
        .iter()
        .filter(|k| !k.passed)
        .map(|k| k.criterion)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> SelfDeclaration {
        SelfDeclaration {
            exclusion_grounds: ExclusionGround::ALL
                .map(|ground| GroundAnswer {
                    ground,
                    applies: false,
                    explanation: String::new(),
                })
                .to_vec(),
            turnover_cents: vec![120_000_000, 110_000_000],
            similar_services: vec![SimilarService {
                client: "Comune di Parma".into(),
                description: "Sportello telematico".into(),
                year: 2025,
                amount_cents: 8_000_000,
            }],
            certifications: vec!["ISO 27001".into()],
        }
    }

    #[test]
    fn a_complete_declaration_passes() {
        assert!(check(&clean(), 2026).is_empty());
    }

    #[test]
    fn every_ground_is_answered_once_and_explained_where_it_applies() {
        let mut d = clean();
        d.exclusion_grounds.remove(0);
        d.exclusion_grounds[2].applies = true;
        let fields: Vec<String> = check(&d, 2026).into_iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            [
                "exclusion_grounds.conviction",
                "exclusion_grounds.taxes_and_contributions.explanation"
            ]
        );
        let mut twice = clean();
        twice
            .exclusion_grounds
            .push(twice.exclusion_grounds[0].clone());
        assert_eq!(check(&twice, 2026)[0].field, "exclusion_grounds.conviction");
    }

    #[test]
    fn numbers_and_lists_are_bounded() {
        let mut d = clean();
        d.turnover_cents = vec![-1, 0, 1, 2];
        d.similar_services[0].year = 2027;
        let fields: Vec<String> = check(&d, 2026).into_iter().map(|v| v.field).collect();
        assert_eq!(
            fields,
            [
                "turnover_cents",
                "turnover_cents.0",
                "similar_services.0.year"
            ]
        );
    }

    #[test]
    fn a_selection_check_names_every_criterion_with_a_reason() {
        let pass = |criterion, reason: &str| CriterionCheck {
            criterion,
            passed: true,
            reason: reason.into(),
        };
        assert!(check_selection(&[pass(0, "ok"), pass(1, "ok")], 2).is_empty());
        let fields: Vec<String> = check_selection(&[pass(0, " "), pass(2, "x")], 2)
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["checks.0.reason", "checks.1", "checks"]);
        let failed = [
            pass(0, "ok"),
            CriterionCheck {
                criterion: 1,
                passed: false,
                reason: "fatturato insufficiente".into(),
            },
        ];
        assert_eq!(failed_criterion(&failed), Some(1));
        assert_eq!(failed_criterion(&failed[..1]), None);
        assert!(selection_complete(&failed, 2));
        assert!(!selection_complete(&failed[..1], 2));
        assert!(selection_complete(&[], 0));
    }

    #[test]
    fn ground_names_are_pinned() {
        for g in ExclusionGround::ALL {
            assert_eq!(
                serde_json::to_value(g).unwrap(),
                serde_json::Value::String(g.as_str().into())
            );
        }
    }
}
