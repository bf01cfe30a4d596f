//! Evaluation: the committee, scores, consensus, price points, thresholds, totals, ranking and the
//! funnel. Art. 93 D.Lgs. 36/2023 (committee), art. 108 and 110 (award criteria, abnormally low
//! tenders). All arithmetic is exact (decimals); results are shown with two decimals.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::criteria::{CriterionKind, CriterionSpec};
use super::phase::{PhaseKind, PhaseSpec};
use super::violation::{Violation, ViolationKind};

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
    if justification.trim().is_empty() {
        out.push(Violation::new(
            format!("{field}.justification"),
            ViolationKind::Required,
        ));
    }
    out
}

/// The mean of the members' scores, exact.
pub fn mean(points: &[Decimal]) -> Option<Decimal> {
    if points.is_empty() {
        return None;
    }
    let sum: Decimal = points.iter().sum();
    Some(sum / Decimal::from(points.len()))
}

/// Price points by the call's formula; `None` when the price cannot be scored (no valid prices).
pub fn price_points(
    formula: PriceFormula,
    max_points: i32,
    price: i64,
    lowest: i64,
    base: Option<i64>,
) -> Option<Decimal> {
    let max = Decimal::from(max_points);
    if price <= 0 || lowest <= 0 {
        return None;
    }
    match formula {
        PriceFormula::Proportional => Some(max * Decimal::from(lowest) / Decimal::from(price)),
        PriceFormula::Linear => {
            let base = base?;
            if base <= lowest || price >= base {
                return Some(if price == lowest { max } else { Decimal::ZERO });
            }
            Some(max * Decimal::from(base - price) / Decimal::from(base - lowest))
        }
    }
}

/// Prices more than (100 − 80) % below the average of all prices are flagged.
pub fn abnormally_low(price: i64, all_prices: &[i64]) -> bool {
    if all_prices.len() < 2 {
        return false;
    }
    let average = Decimal::from(all_prices.iter().sum::<i64>()) / Decimal::from(all_prices.len());
    Decimal::from(price) * Decimal::from(100)
        < average * Decimal::from(ABNORMALLY_LOW_SHARE_PERCENT)
}

/// One proposal's committee scores (consensus), ready to be totalled.
#[derive(Debug, Clone)]
pub struct Scored {
    pub proposal_id: String,
    pub received_at: DateTime<Utc>,
    /// The committee's points per criterion, in the order of the phase's criteria; the price
    /// criterion's entry is ignored (computed from `price_cents`).
    pub points: Vec<Decimal>,
    pub price_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Exclusion {
    BelowThreshold { criterion: usize },
    BelowQualityMinimum,
    NoPrice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResultLine {
    pub proposal_id: String,
    /// Points per criterion (consensus, or price points), each out of its maximum.
    #[schema(value_type = Vec<String>)]
    pub points: Vec<Decimal>,
    /// Weighted contribution of the quality criteria, out of their weights.
    #[schema(value_type = String)]
    pub quality: Decimal,
    /// Weighted total out of 100.
    #[schema(value_type = String)]
    pub total: Decimal,
    pub excluded: Option<Exclusion>,
    pub abnormally_low: bool,
    /// 1 for the best; `None` when excluded.
    pub rank: Option<usize>,
    pub admitted: bool,
}

fn weighted(points: Decimal, c: &CriterionSpec) -> Decimal {
    if c.max_points <= 0 {
        return Decimal::ZERO;
    }
    points * Decimal::from(c.weight) / Decimal::from(c.max_points)
}

/// Totals, exclusions, ranking and admissions for a phase. Ties: higher quality score first,
/// then the earlier receipt. `admit` is how many the phase admits (`None`: every qualified one).
pub fn rank(
    phase: &PhaseSpec,
    proposals: &[Scored],
    formula: PriceFormula,
    base_price: Option<i64>,
    min_quality: Option<Decimal>,
    admit: Option<usize>,
) -> Vec<ResultLine> {
    let prices: Vec<i64> = proposals
        .iter()
        .filter_map(|p| p.price_cents)
        .filter(|p| *p > 0)
        .collect();
    let lowest = prices.iter().copied().min();
    let has_price = phase
        .criteria
        .iter()
        .any(|c| c.kind == CriterionKind::Price && c.weight > 0);
    let mut lines: Vec<(ResultLine, DateTime<Utc>)> = proposals
        .iter()
        .map(|p| {
            let mut excluded = None;
            let points: Vec<Decimal> = phase
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| match c.kind {
                    CriterionKind::Price => {
                        let pts = p.price_cents.zip(lowest).and_then(|(price, low)| {
                            price_points(formula, c.max_points, price, low, base_price)
                        });
                        if pts.is_none() {
                            excluded = Some(Exclusion::NoPrice);
                        }
                        pts.unwrap_or(Decimal::ZERO)
                    }
                    CriterionKind::Quality => {
                        let pts = p.points.get(i).copied().unwrap_or(Decimal::ZERO);
                        if c.min_threshold.is_some_and(|t| pts < Decimal::from(t))
                            && excluded.is_none()
                        {
                            excluded = Some(Exclusion::BelowThreshold { criterion: i });
                        }
                        pts
                    }
                })
                .collect();
            let quality: Decimal = phase
                .criteria
                .iter()
                .zip(&points)
                .filter(|(c, _)| c.kind == CriterionKind::Quality)
                .map(|(c, pts)| weighted(*pts, c))
                .sum();
            if excluded.is_none() && min_quality.is_some_and(|m| quality < m) {
                excluded = Some(Exclusion::BelowQualityMinimum);
            }
            let total: Decimal = phase
                .criteria
                .iter()
                .zip(&points)
                .map(|(c, pts)| weighted(*pts, c))
                .sum();
            let line = ResultLine {
                proposal_id: p.proposal_id.clone(),
                points,
                quality,
                total,
                abnormally_low: has_price
                    && p.price_cents
                        .is_some_and(|price| abnormally_low(price, &prices)),
                excluded: if has_price || !matches!(excluded, Some(Exclusion::NoPrice)) {
                    excluded
                } else {
                    None
                },
                rank: None,
                admitted: false,
            };
            (line, p.received_at)
        })
        .collect();
    lines.sort_by(|(a, at), (b, bt)| {
        a.excluded
            .is_some()
            .cmp(&b.excluded.is_some())
            .then(b.total.cmp(&a.total))
            .then(b.quality.cmp(&a.quality))
            .then(at.cmp(bt))
            .then(a.proposal_id.cmp(&b.proposal_id))
    });
    let mut position = 0;
    for (line, _) in lines.iter_mut() {
        if line.excluded.is_none() {
            position += 1;
            line.rank = Some(position);
            line.admitted = admit.is_none_or(|n| position <= n);
        }
    }
    lines.into_iter().map(|(l, _)| l).collect()
}

/// How many a phase's decision admits: a PCP phase its contracts; a selection every qualified
/// candidate (at least the minimum, unless fewer qualify); a dialogue stage or an award one.
pub fn admissions_for(kind: PhaseKind, max_contracts: Option<i32>) -> Option<usize> {
    match kind {
        k if k.is_pcp() || k == PhaseKind::Dialogue => max_contracts.map(|n| n.max(0) as usize),
        PhaseKind::FinalTenders | PhaseKind::Award => Some(1),
        _ => None,
    }
}

/// The phase as it is scored: final tenders are scored on the award's criteria and rules.
pub fn scored_phase(phases: &[PhaseSpec], index: usize) -> PhaseSpec {
    let mut spec = phases[index].clone();
    if spec.kind == PhaseKind::FinalTenders
        && let Some(award) = phases[index..].iter().find(|p| p.kind == PhaseKind::Award)
    {
        spec.criteria = award.criteria.clone();
        spec.price_formula = spec.price_formula.or(award.price_formula);
        spec.min_quality = spec.min_quality.or(award.min_quality);
        spec.consensus_rule = spec.consensus_rule.or(award.consensus_rule);
        spec.anonymised = spec.anonymised.or(award.anonymised);
    }
    spec
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

/// Two decimals, for display (half away from zero, as people round).
pub fn two_decimals(d: Decimal) -> String {
    format!(
        "{:.2}",
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    )
}

/// For charts: a share in [0, 1] of a maximum.
pub fn share(points: Decimal, max: Decimal) -> f64 {
    if max <= Decimal::ZERO {
        return 0.0;
    }
    (points / max).to_f64().unwrap_or(0.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests;
