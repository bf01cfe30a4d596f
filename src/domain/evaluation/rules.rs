//! The rules that score a phase, exactly as the call states them: the same value for the call
//! page, the API, the open data, the committee's pages and the ranking. A phase never gets a
//! default that the call page does not show.

use serde::Serialize;

use super::{ABNORMALLY_LOW_SHARE_PERCENT, ConsensusRule, PriceFormula};
use crate::domain::call::CallSpec;
use crate::domain::criteria::{CriterionKind, CriterionSpec};
use crate::domain::phase::{PhaseKind, PhaseSpec};

/// How the ranking breaks ties, in order; stated on the call page and in the open data.
pub const TIE_BREAK: [&str; 2] = ["higher_quality", "earlier_receipt"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ScoringRules {
    pub kind: PhaseKind,
    pub criteria: Vec<CriterionSpec>,
    pub consensus_rule: ConsensusRule,
    /// `None` when the phase weighs no price.
    pub price_formula: Option<PriceFormula>,
    /// The base price: an offer above it is excluded, and the linear formula gives it 0 points.
    /// PCP: the phase budget divided by its contracts; competitive dialogue: the call's value.
    pub base_price_cents: Option<i64>,
    /// Minimum weighted quality score (out of the quality weights) to stay in the ranking.
    pub min_quality: Option<i32>,
    /// The committee sees "Proposta A, B, …" and no administrative envelope until the outcome.
    pub anonymised: bool,
    /// How many the outcome admits (PCP contracts, dialogue solutions kept, one award); `None`:
    /// every qualified one.
    pub admits: Option<usize>,
    /// The phase budget that the admitted offers together never exceed (PCP).
    pub budget_cents: Option<i64>,
    /// A price below this share of the average of the valid offers is abnormally low.
    pub abnormally_low_percent: i64,
    #[schema(value_type = Vec<String>)]
    pub tie_break: [&'static str; 2],
}

impl ScoringRules {
    pub fn weighs_price(&self) -> bool {
        self.criteria
            .iter()
            .any(|c| c.kind == CriterionKind::Price && c.weight > 0)
    }

    pub fn quality_criteria(&self) -> Vec<usize> {
        self.criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == CriterionKind::Quality)
            .map(|(i, _)| i)
            .collect()
    }
}

/// The phase as it is scored: final tenders take every scoring rule from the award phase (they
/// have none of their own on the call form), whatever is stored for them.
pub fn scored_phase(phases: &[PhaseSpec], index: usize) -> PhaseSpec {
    let mut spec = phases[index].clone();
    if spec.kind == PhaseKind::FinalTenders
        && let Some(award) = phases[index..].iter().find(|p| p.kind == PhaseKind::Award)
    {
        spec.criteria = award.criteria.clone();
        spec.price_formula = award.price_formula;
        spec.min_quality = award.min_quality;
        spec.consensus_rule = award.consensus_rule;
        spec.anonymised = award.anonymised;
    }
    spec
}

/// How many a phase's decision admits: a PCP phase its contracts; a selection every qualified
/// candidate (at least the minimum, unless fewer qualify); a dialogue stage the solutions it
/// keeps; final tenders one award.
pub fn admissions_for(kind: PhaseKind, max_contracts: Option<i32>) -> Option<usize> {
    match kind {
        k if k.is_pcp() || k == PhaseKind::Dialogue => max_contracts.map(|n| n.max(0) as usize),
        PhaseKind::FinalTenders | PhaseKind::Award => Some(1),
        _ => None,
    }
}

/// The rules of phase `index` of a call, defaults resolved once, here.
pub fn scoring_rules(call: &CallSpec, index: usize) -> ScoringRules {
    let phase = scored_phase(&call.phases, index);
    let weighs_price = phase
        .criteria
        .iter()
        .any(|c| c.kind == CriterionKind::Price && c.weight > 0);
    let base_price_cents = if !weighs_price {
        None
    } else if phase.kind.is_pcp() {
        match (phase.budget_cents, phase.max_contracts) {
            (Some(_), Some(n)) if n > 0 => {
                crate::domain::contract::contract_cap(phase.budget_cents, phase.max_contracts)
            }
            _ => Some(call.budget_cents).filter(|b| *b > 0),
        }
    } else {
        Some(call.budget_cents).filter(|b| *b > 0)
    };
    ScoringRules {
        kind: phase.kind,
        consensus_rule: phase.consensus_rule.unwrap_or(ConsensusRule::ChairRecords),
        price_formula: weighs_price
            .then(|| phase.price_formula.unwrap_or(PriceFormula::Proportional)),
        base_price_cents,
        min_quality: phase.min_quality,
        anonymised: phase.anonymised.unwrap_or(phase.kind.is_pcp()),
        admits: match phase.kind {
            // The selection that follows invites at most its limit, the best first (art. 65(2)).
            PhaseKind::RequestsToParticipate => call.phases[index..]
                .iter()
                .find(|p| p.kind == PhaseKind::Selection)
                .and_then(|p| p.max_candidates)
                .map(|n| n.max(0) as usize),
            kind => admissions_for(kind, phase.max_contracts),
        },
        budget_cents: phase.budget_cents.filter(|_| phase.kind.is_pcp()),
        abnormally_low_percent: ABNORMALLY_LOW_SHARE_PERCENT,
        tie_break: TIE_BREAK,
        criteria: phase.criteria,
    }
}
