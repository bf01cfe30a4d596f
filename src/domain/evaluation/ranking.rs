//! From the committee's scores and the prices to the ranking and the outcome, exactly.
//!
//! Two-step opening: the technical stage comes first (criterion thresholds, minimum quality);
//! only the offers that pass it have their financial envelope opened. An offer excluded at the
//! technical stage has no price here: it enters no formula, no average and no statistic.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::PriceFormula;
use super::exact::Exact;
use super::rules::ScoringRules;
use crate::domain::criteria::{CriterionKind, CriterionSpec};

/// One proposal as the ranking needs it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub proposal_id: String,
    pub receipt_number: String,
    pub received_at: DateTime<Utc>,
    /// The committee's points per criterion, in the order of the rules' criteria; the price
    /// criterion's entry is ignored (computed from the price).
    pub points: Vec<Exact>,
    /// The price in the financial envelope; read only if the offer passes the technical stage.
    pub price_cents: Option<i64>,
    /// The officer's assessment of an abnormally low price, once recorded: accepted or not.
    pub price_verdict: Option<bool>,
    /// A request to participate the committee found failing this selection criterion (its
    /// index): not selected, whatever its score.
    pub failed_selection: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Exclusion {
    /// Below the minimum of criterion `criterion` (its index).
    BelowThreshold {
        criterion: usize,
    },
    BelowQualityMinimum,
    /// The phase weighs price and the financial envelope holds none.
    NoPrice,
    /// Above the base price (the cap per contract, or the call's value).
    AboveBasePrice {
        base_cents: i64,
    },
    /// Abnormally low, and the explanations did not justify it (art. 110 D.Lgs. 36/2023).
    AbnormallyLowRejected,
    /// A request to participate that fails selection criterion `criterion` (its index).
    FailedSelection {
        criterion: usize,
    },
}

impl Exclusion {
    /// Decided before any financial envelope is opened.
    pub fn is_technical(&self) -> bool {
        matches!(
            self,
            Exclusion::BelowThreshold { .. }
                | Exclusion::BelowQualityMinimum
                | Exclusion::FailedSelection { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ResultLine {
    pub proposal_id: String,
    /// Points per criterion, each out of its maximum, exact (`n/d`); `null` for the price of an
    /// offer whose price was not scored.
    #[schema(value_type = Vec<Option<String>>)]
    pub points: Vec<Option<Exact>>,
    /// Weighted contribution of the quality criteria, out of their weights, exact.
    #[schema(value_type = String)]
    pub quality: Exact,
    /// Weighted total out of 100, exact.
    #[schema(value_type = String)]
    pub total: Exact,
    /// The price, once its financial envelope is opened: never for a technical exclusion.
    #[serde(default)]
    pub price_cents: Option<i64>,
    pub excluded: Option<Exclusion>,
    pub abnormally_low: bool,
    /// For an abnormally low price: the officer's assessment, `None` until recorded.
    #[serde(default)]
    pub price_verdict: Option<bool>,
    /// 1 for the best; `None` when excluded.
    pub rank: Option<usize>,
    pub admitted: bool,
}

/// The first technical reason to exclude an offer, from its quality points.
pub fn technical_exclusion(rules: &ScoringRules, points: &[Exact]) -> Option<Exclusion> {
    let below = rules.criteria.iter().enumerate().find(|(i, c)| {
        c.kind == CriterionKind::Quality
            && c.min_threshold.is_some_and(|t| {
                points.get(*i).cloned().unwrap_or_default() < Exact::integer(t.into())
            })
    });
    if let Some((criterion, _)) = below {
        return Some(Exclusion::BelowThreshold { criterion });
    }
    let quality = weighted_quality(&rules.criteria, points);
    rules
        .min_quality
        .filter(|m| quality < Exact::integer((*m).into()))
        .map(|_| Exclusion::BelowQualityMinimum)
}

fn weighted(points: &Exact, c: &CriterionSpec) -> Exact {
    if c.max_points <= 0 {
        return Exact::zero();
    }
    points * &Exact::ratio(c.weight.into(), c.max_points.into())
}

fn weighted_quality(criteria: &[CriterionSpec], points: &[Exact]) -> Exact {
    criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == CriterionKind::Quality)
        .map(|(i, c)| weighted(&points.get(i).cloned().unwrap_or_default(), c))
        .sum()
}

/// Price points by the call's formula, for a valid price (`0 < lowest <= price <= base`).
pub fn price_points(
    formula: PriceFormula,
    max_points: i32,
    price: i64,
    lowest: i64,
    base: Option<i64>,
) -> Option<Exact> {
    if price <= 0 || lowest <= 0 {
        return None;
    }
    let max = Exact::integer(max_points.into());
    match formula {
        PriceFormula::Proportional => Some(max * Exact::ratio(lowest, price)),
        PriceFormula::Linear => {
            let base = base?;
            if base <= lowest || price >= base {
                return Some(if price == lowest { max } else { Exact::zero() });
            }
            Some(max * Exact::ratio(base - price, base - lowest))
        }
    }
}

/// A price below `percent` % of the average of the valid prices (`price × 100 × n < Σ × percent`,
/// in integers). With fewer than two prices there is no average to compare with.
pub fn abnormally_low(price: i64, valid_prices: &[i64], percent: i64) -> bool {
    if valid_prices.len() < 2 {
        return false;
    }
    let sum: i128 = valid_prices.iter().map(|p| i128::from(*p)).sum();
    let count = valid_prices.len() as i128;
    i128::from(price) * 100 * count < sum * i128::from(percent)
}

/// Exclusions, price points, totals, ranking and admissions for a phase. Ties: the higher quality
/// score, then the earlier receipt. The admitted offers never add up to more than the budget.
pub fn rank(rules: &ScoringRules, offers: &[Offer]) -> Vec<ResultLine> {
    let weighs_price = rules.weighs_price();
    // Technical stage, then the financial envelopes of the offers that passed it.
    let staged: Vec<(Option<Exclusion>, Option<i64>)> = offers
        .iter()
        .map(|o| {
            match o
                .failed_selection
                .map(|criterion| Exclusion::FailedSelection { criterion })
                .or_else(|| technical_exclusion(rules, &o.points))
            {
                Some(e) => (Some(e), None),
                None if !weighs_price => (None, None),
                None => match o.price_cents.filter(|p| *p > 0) {
                    None => (Some(Exclusion::NoPrice), None),
                    Some(p) => match rules.base_price_cents {
                        Some(base) if p > base => (
                            Some(Exclusion::AboveBasePrice { base_cents: base }),
                            Some(p),
                        ),
                        _ => (None, Some(p)),
                    },
                },
            }
        })
        .collect();
    // Abnormally low against the prices that are valid so far; an offer whose explanations were
    // rejected is then excluded, and the lowest price is taken among those that remain.
    let first_pass: Vec<i64> = staged
        .iter()
        .filter(|(e, _)| e.is_none())
        .filter_map(|(_, p)| *p)
        .collect();
    let flags: Vec<bool> = staged
        .iter()
        .map(|(e, p)| {
            e.is_none()
                && p.is_some_and(|p| abnormally_low(p, &first_pass, rules.abnormally_low_percent))
        })
        .collect();
    let staged: Vec<(Option<Exclusion>, Option<i64>)> = staged
        .into_iter()
        .zip(offers.iter().zip(&flags))
        .map(|((e, p), (o, flagged))| match e {
            None if *flagged && o.price_verdict == Some(false) => {
                (Some(Exclusion::AbnormallyLowRejected), p)
            }
            other => (other, p),
        })
        .collect();
    let valid_prices: Vec<i64> = staged
        .iter()
        .filter(|(e, _)| e.is_none())
        .filter_map(|(_, p)| *p)
        .collect();
    let lowest = valid_prices.iter().copied().min();
    let mut lines: Vec<(ResultLine, &Offer)> = offers
        .iter()
        .zip(staged.into_iter().zip(flags))
        .map(|(o, ((excluded, price), flagged))| {
            let points: Vec<Option<Exact>> = rules
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| match c.kind {
                    CriterionKind::Quality => Some(o.points.get(i).cloned().unwrap_or_default()),
                    CriterionKind::Price => price
                        .filter(|_| excluded.is_none())
                        .zip(lowest)
                        .zip(rules.price_formula)
                        .and_then(|((p, low), f)| {
                            price_points(f, c.max_points, p, low, rules.base_price_cents)
                        }),
                })
                .collect();
            let quality = weighted_quality(&rules.criteria, &o.points);
            let total = rules
                .criteria
                .iter()
                .zip(&points)
                .map(|(c, p)| p.as_ref().map(|p| weighted(p, c)).unwrap_or_default())
                .sum();
            let line = ResultLine {
                proposal_id: o.proposal_id.clone(),
                points,
                quality,
                total,
                abnormally_low: flagged,
                price_verdict: o.price_verdict.filter(|_| flagged),
                price_cents: price,
                excluded,
                rank: None,
                admitted: false,
            };
            (line, o)
        })
        .collect();
    lines.sort_by(|(a, ao), (b, bo)| {
        a.excluded
            .is_some()
            .cmp(&b.excluded.is_some())
            .then_with(|| b.total.cmp(&a.total))
            .then_with(|| b.quality.cmp(&a.quality))
            .then(ao.received_at.cmp(&bo.received_at))
            .then_with(|| ao.receipt_number.cmp(&bo.receipt_number))
    });
    let mut position = 0;
    let mut admitted = 0;
    let mut committed: i64 = 0;
    for (line, _) in lines.iter_mut().filter(|(l, _)| l.excluded.is_none()) {
        position += 1;
        line.rank = Some(position);
        let price = line.price_cents.unwrap_or(0);
        let within_budget = rules.budget_cents.is_none_or(|budget| {
            committed
                .checked_add(price)
                .is_some_and(|sum| sum <= budget)
        });
        if rules.admits.is_none_or(|n| admitted < n) && within_budget {
            line.admitted = true;
            admitted += 1;
            committed = committed.saturating_add(price);
        }
    }
    lines.into_iter().map(|(l, _)| l).collect()
}

/// The abnormally low offers whose verification the officer has not recorded yet: the outcome
/// cannot be confirmed before it is (art. 110 D.Lgs. 36/2023).
pub fn awaiting_verification(lines: &[ResultLine]) -> Vec<&str> {
    lines
        .iter()
        .filter(|l| l.abnormally_low && l.price_verdict.is_none())
        .map(|l| l.proposal_id.as_str())
        .collect()
}
