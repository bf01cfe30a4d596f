//! Evaluation: the committee, scores, consensus, price points, thresholds, totals, ranking and the
//! funnel. Art. 93 D.Lgs. 36/2023 (committee), art. 108 and 110 (award criteria, abnormally low
//! tenders). All arithmetic is exact (rationals); results are shown with two decimals.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::criteria::CriterionSpec;
use super::phase::{PhaseKind, PhaseSpec};
use super::violation::{Violation, ViolationKind};

mod exact;
mod ranking;
mod rules;

pub use exact::Exact;
pub use ranking::{
    Exclusion, Offer, ResultLine, abnormally_low, awaiting_verification, price_points, rank,
    technical_exclusion,
};
pub use rules::{ScoringRules, TIE_BREAK, admissions_for, scored_phase, scoring_rules};

/// Committees have an odd number of members, at most five (art. 93 c.3 D.Lgs. 36/2023).
pub const MAX_COMMITTEE: usize = 5;
/// A price this far below the average of the offers (80 %) is flagged as abnormally low for the
/// officer to verify (art. 110 D.Lgs. 36/2023 leaves the method to the authority).
pub const ABNORMALLY_LOW_SHARE_PERCENT: i64 = 80;

/// Checks a committee before it is appointed at `now`, after the phase's deadline.
pub fn check_committee(
    members: &[String],
    chair: &str,
    max_members: usize,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<Violation> {
    let mut out = Vec::new();
    if deadline.is_none_or(|d| now < d) {
        out.push(Violation::new("members", ViolationKind::BeforeDeadline));
    }
    let mut unique = members.to_vec();
    unique.sort();
    unique.dedup();
    if unique.len() != members.len() {
        out.push(Violation::new("members", ViolationKind::Duplicate));
    }
    if members.len().is_multiple_of(2) {
        out.push(Violation::new("members", ViolationKind::MustBeOdd));
    }
    if members.len() > max_members.min(MAX_COMMITTEE) {
        out.push(Violation::new(
            "members",
            ViolationKind::AtMost {
                max: max_members.min(MAX_COMMITTEE) as i64,
            },
        ));
    }
    if !members.iter().any(|m| m == chair) {
        out.push(Violation::new("chair", ViolationKind::ChairNotMember));
    }
    out
}

/// How the committee's score per criterion is reached, as the call states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsensusRule {
    /// The chair records the committee's score, prefilled with the mean, with a reason if changed.
    ChairRecords,
    /// The mean of the members' scores is the committee's score.
    MeanOfMembers,
}

impl ConsensusRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusRule::ChairRecords => "chair_records",
            ConsensusRule::MeanOfMembers => "mean_of_members",
        }
    }

    pub fn parse(s: &str) -> Option<ConsensusRule> {
        [ConsensusRule::ChairRecords, ConsensusRule::MeanOfMembers]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// How price points are computed, as the call states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormula {
    /// `max × lowest / price`
    Proportional,
    /// `max × (base − price) / (base − lowest)`: the lowest price gets the maximum, the base price 0.
    Linear,
}

impl PriceFormula {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceFormula::Proportional => "proportional",
            PriceFormula::Linear => "linear",
        }
    }

    pub fn parse(s: &str) -> Option<PriceFormula> {
        [PriceFormula::Proportional, PriceFormula::Linear]
            .into_iter()
            .find(|f| f.as_str() == s)
    }
}

/// A member's score on one criterion, checked before it is saved.
pub fn check_score(
    field: &str,
    points: Decimal,
    justification: &str,
    criterion: &CriterionSpec,
) -> Vec<Violation> {
    let mut out = Vec::new();
    if points < Decimal::ZERO || points > Decimal::from(criterion.max_points) {
        out.push(Violation::new(
            format!("{field}.points"),
            ViolationKind::OutOfRange {
                min: 0,
                max: criterion.max_points.into(),
            },
        ));
    }
    if points.scale() > 2 {
        out.push(Violation::new(
            format!("{field}.points"),
            ViolationKind::TooManyDecimals { max: 2 },
        ));
    }
    crate::domain::violation::check_text(
        &format!("{field}.justification"),
        justification,
        MAX_JUSTIFICATION_CHARS,
        &mut out,
    );
    out
}

/// The longest justification of a score, or reason for a consensus value.
pub const MAX_JUSTIFICATION_CHARS: usize = 4_000;

/// The mean of the members' scores, exact.
pub fn mean(points: &[Exact]) -> Option<Exact> {
    if points.is_empty() {
        return None;
    }
    let sum: Exact = points.iter().cloned().sum();
    Some(sum / Exact::integer(points.len() as i64))
}

/// What the chair's value for a criterion records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsensusValue {
    /// The members' exact mean: no reason needed.
    Mean,
    /// Another value, which needs a reason.
    Other(Decimal),
}

/// No value, the exact mean, or the mean as the form shows it (two decimals, half away from zero)
/// all record the exact mean; any other value is the chair's own, with a reason.
pub fn consensus_value(mean: &Exact, typed: Option<Decimal>) -> ConsensusValue {
    match typed {
        None => ConsensusValue::Mean,
        Some(v) if Exact::from_decimal(v) == *mean || mean.rounded_two() == Some(v) => {
            ConsensusValue::Mean
        }
        Some(v) => ConsensusValue::Other(v),
    }
}

/// A consensus recorded as the members' mean carries no reason of its own (older records say so
/// in English); the pages and minutes then name the rule in the reader's language.
pub fn consensus_is_mean(reason: &str) -> bool {
    reason.is_empty() || reason == "mean of the members' scores"
}

/// The end of the standstill that follows an award; the award is final after it.
pub fn standstill_end(awarded_at: DateTime<Utc>, days: i32) -> DateTime<Utc> {
    awarded_at + chrono::Duration::days(i64::from(days))
}

/// When the outcome of phase `index`, confirmed at `decided_at`, becomes final: only the award
/// of a dialogue (its final tenders) waits for the standstill the call sets.
pub fn award_final_at(
    phases: &[PhaseSpec],
    index: usize,
    decided_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if phases[index].kind != PhaseKind::FinalTenders {
        return None;
    }
    phases
        .iter()
        .find_map(|p| p.standstill_days)
        .map(|days| standstill_end(decided_at, days))
}

/// A procedure concludes once its outcome is final: a PCP after its last phase's outcome; a
/// competitive dialogue once its award is final, after the standstill. Otherwise the officer
/// cancels it, with a reason. `decided_at` holds each phase's confirmed outcome.
pub fn may_conclude(
    phases: &[PhaseSpec],
    decided_at: &[Option<DateTime<Utc>>],
    now: DateTime<Utc>,
) -> bool {
    let last = phases.iter().rposition(|p| p.kind.has_deadline());
    let Some(last) = last else {
        return false;
    };
    match decided_at.get(last).copied().flatten() {
        None => false,
        Some(decided) => {
            award_final_at(phases, last, decided).is_none_or(|final_at| now >= final_at)
        }
    }
}

/// For charts: a share in [0, 1] of a maximum.
pub fn share(points: &Exact, max: i64) -> f64 {
    if max <= 0 {
        return 0.0;
    }
    (points.to_f64() / max as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod ranking_tests;
#[cfg(test)]
mod tests;
