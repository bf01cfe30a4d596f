//! Evaluation criteria of a phase: weights add up to 100; a competitive-dialogue award weighs
//! both quality and price (best price-quality ratio, art. 30(1) and 67 Directive 2014/24/EU).

use serde::{Deserialize, Serialize};

use super::phase::PhaseKind;
use super::violation::{Violation, ViolationKind, check_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    Quality,
    Price,
}

impl CriterionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionKind::Quality => "quality",
            CriterionKind::Price => "price",
        }
    }

    pub fn parse(s: &str) -> Option<CriterionKind> {
        match s {
            "quality" => Some(CriterionKind::Quality),
            "price" => Some(CriterionKind::Price),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: CriterionKind,
    /// Share of the total score, in percent.
    pub weight: i32,
    pub max_points: i32,
    pub min_threshold: Option<i32>,
}

/// Checks of one criterion that hold at any time, drafts included. `field` is its path.
pub fn check_criterion(field: &str, c: &CriterionSpec, phase: PhaseKind, out: &mut Vec<Violation>) {
    check_text(&format!("{field}.name"), &c.name, 200, out);
    if c.description.chars().count() > 2000 {
        out.push(Violation::new(
            format!("{field}.description"),
            ViolationKind::TooLong { max: 2000 },
        ));
    }
    if !(1..=100).contains(&c.weight) {
        out.push(Violation::new(
            format!("{field}.weight"),
            ViolationKind::AtLeast { min: 1 },
        ));
    }
    if c.max_points < 1 {
        out.push(Violation::new(
            format!("{field}.max_points"),
            ViolationKind::AtLeast { min: 1 },
        ));
    }
    if let Some(t) = c.min_threshold {
        if t < 0 {
            out.push(Violation::new(
                format!("{field}.min_threshold"),
                ViolationKind::AtLeast { min: 0 },
            ));
        } else if t > c.max_points {
            out.push(Violation::new(
                format!("{field}.min_threshold"),
                ViolationKind::ThresholdAboveMax,
            ));
        }
    }
    if c.kind == CriterionKind::Price && !phase.allows_price() {
        out.push(Violation::new(
            format!("{field}.kind"),
            ViolationKind::PriceNotAllowed,
        ));
    }
}

/// Checks of a phase's whole set of criteria, required before publication.
pub fn check_set(
    field: &str,
    phase: PhaseKind,
    criteria: &[CriterionSpec],
    out: &mut Vec<Violation>,
) {
    if !phase.has_criteria() {
        return;
    }
    if criteria.is_empty() {
        out.push(Violation::new(field, ViolationKind::NoCriteria));
        return;
    }
    let sum: i64 = criteria.iter().map(|c| i64::from(c.weight)).sum();
    if sum != 100 {
        out.push(Violation::new(
            field,
            ViolationKind::WeightsMustSumTo100 { sum },
        ));
    }
    if phase == PhaseKind::Award {
        let weighs = |kind| criteria.iter().any(|c| c.kind == kind && c.weight > 0);
        if !(weighs(CriterionKind::Quality) && weighs(CriterionKind::Price)) {
            out.push(Violation::new(
                field,
                ViolationKind::AwardNeedsQualityAndPrice,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: CriterionKind, weight: i32) -> CriterionSpec {
        CriterionSpec {
            name: "Qualità".into(),
            description: String::new(),
            kind,
            weight,
            max_points: 10,
            min_threshold: None,
        }
    }

    fn set_violations(phase: PhaseKind, criteria: &[CriterionSpec]) -> Vec<ViolationKind> {
        let mut out = Vec::new();
        check_set("criteria", phase, criteria, &mut out);
        out.into_iter().map(|v| v.kind).collect()
    }

    #[test]
    fn weights_must_add_up_to_100() {
        let crit = [c(CriterionKind::Quality, 70), c(CriterionKind::Price, 20)];
        assert_eq!(
            set_violations(PhaseKind::Prototyping, &crit),
            [ViolationKind::WeightsMustSumTo100 { sum: 90 }]
        );
        let crit = [c(CriterionKind::Quality, 80), c(CriterionKind::Price, 20)];
        assert!(set_violations(PhaseKind::Prototyping, &crit).is_empty());
    }

    #[test]
    fn an_award_must_weigh_quality_and_price() {
        let only_quality = [c(CriterionKind::Quality, 100)];
        assert_eq!(
            set_violations(PhaseKind::Award, &only_quality),
            [ViolationKind::AwardNeedsQualityAndPrice]
        );
        let only_price = [c(CriterionKind::Price, 100)];
        assert_eq!(
            set_violations(PhaseKind::Award, &only_price),
            [ViolationKind::AwardNeedsQualityAndPrice]
        );
    }

    #[test]
    fn phases_that_score_need_criteria() {
        assert_eq!(
            set_violations(PhaseKind::Testing, &[]),
            [ViolationKind::NoCriteria]
        );
        assert!(set_violations(PhaseKind::Selection, &[]).is_empty());
    }

    #[test]
    fn a_threshold_cannot_exceed_the_maximum() {
        let mut crit = c(CriterionKind::Quality, 50);
        crit.min_threshold = Some(11);
        let mut out = Vec::new();
        check_criterion("c", &crit, PhaseKind::Testing, &mut out);
        assert_eq!(
            out,
            [Violation::new(
                "c.min_threshold",
                ViolationKind::ThresholdAboveMax
            )]
        );
    }

    #[test]
    fn requests_to_participate_refuse_a_price_criterion() {
        let mut out = Vec::new();
        check_criterion(
            "c",
            &c(CriterionKind::Price, 10),
            PhaseKind::RequestsToParticipate,
            &mut out,
        );
        assert_eq!(
            out,
            [Violation::new("c.kind", ViolationKind::PriceNotAllowed)]
        );
    }
}
