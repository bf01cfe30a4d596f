//! The rules that score a phase, in words: the call page, the API's readers and the minutes state
//! them exactly as `domain::evaluation::scoring_rules` resolves them.

use super::Tr;
use crate::domain::evaluation::{ConsensusRule, PriceFormula, ScoringRules};

/// (label, value) pairs, in the reader's language.
pub fn scoring_rules_facts(r: &ScoringRules, t: Tr) -> Vec<(String, String)> {
    let mut facts = vec![(
        t.s("call.consensus_rule").to_string(),
        t.s(match r.consensus_rule {
            ConsensusRule::ChairRecords => "call.rule_chair",
            ConsensusRule::MeanOfMembers => "call.rule_mean",
        })
        .to_string(),
    )];
    facts.push((
        t.s("call.price_formula").to_string(),
        t.s(match r.price_formula {
            Some(PriceFormula::Proportional) => "call.formula_proportional",
            Some(PriceFormula::Linear) => "call.formula_linear",
            None => "rules.no_price",
        })
        .to_string(),
    ));
    if let Some(base) = r.base_price_cents {
        facts.push((t.s("rules.base_price").to_string(), t.euro(&base)));
    }
    if let Some(budget) = r.budget_cents {
        facts.push((t.s("rules.budget").to_string(), t.euro(&budget)));
    }
    facts.push((
        t.s("rules.admits").to_string(),
        r.admits
            .map(|n| n.to_string())
            .unwrap_or_else(|| t.s("rules.all_qualified").to_string()),
    ));
    facts.push((
        t.s("call.min_quality").to_string(),
        r.min_quality
            .map(|m| m.to_string())
            .unwrap_or_else(|| "–".into()),
    ));
    facts.push((
        t.s("call.anonymised").to_string(),
        t.s(if r.anonymised { "call.yes" } else { "call.no" })
            .to_string(),
    ));
    if r.price_formula.is_some() {
        facts.push((
            t.s("rules.abnormally_low").to_string(),
            t.s("rules.abnormally_low_value")
                .replace("{percent}", &r.abnormally_low_percent.to_string()),
        ));
    }
    facts.push((
        t.s("rules.tie_break").to_string(),
        t.s("rules.tie_break_value").to_string(),
    ));
    facts
}
