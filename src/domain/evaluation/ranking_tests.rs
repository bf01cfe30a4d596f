//! The ranking: totals, two-step exclusions, price points, ties, caps, budgets and verifications.

use super::tests::{at, ex};
use super::*;
use crate::domain::lang::Lang;
use crate::domain::phase::{PhaseSpec, Procedure, template};

fn phase() -> PhaseSpec {
    let mut p = template(Procedure::Pcp)[0].clone();
    p.criteria[0].min_threshold = Some(20);
    p.max_contracts = Some(2);
    p
}

fn rules(min_quality: Option<i32>, admits: Option<usize>) -> ScoringRules {
    let p = phase();
    ScoringRules {
        kind: p.kind,
        criteria: p.criteria,
        consensus_rule: ConsensusRule::ChairRecords,
        price_formula: Some(PriceFormula::Proportional),
        base_price_cents: None,
        min_quality,
        anonymised: true,
        admits,
        budget_cents: None,
        abnormally_low_percent: ABNORMALLY_LOW_SHARE_PERCENT,
        tie_break: TIE_BREAK,
    }
}

fn offer(id: &str, quality: [&str; 2], price: i64, received: &str) -> Offer {
    Offer {
        proposal_id: id.into(),
        receipt_number: format!("R-{id}"),
        received_at: at(received),
        points: vec![ex(quality[0]), ex(quality[1]), Exact::zero()],
        price_cents: Some(price),
        price_verdict: None,
        failed_selection: None,
    }
}

fn line<'a>(lines: &'a [ResultLine], id: &str) -> &'a ResultLine {
    lines.iter().find(|l| l.proposal_id == id).unwrap()
}

#[test]
fn totals_are_weighted_and_the_best_n_are_admitted() {
    let lines = rank(
        &rules(None, admissions_for(PhaseKind::SolutionDesign, Some(2))),
        &[
            offer("a", ["40", "20"], 100_000, "2027-01-10T10:00:00Z"),
            offer("b", ["45", "25"], 120_000, "2027-01-10T11:00:00Z"),
            offer("c", ["30", "15"], 80_000, "2027-01-10T12:00:00Z"),
        ],
    );
    let view: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l.proposal_id.as_str(),
                l.total.two_decimals(Lang::En),
                l.rank,
                l.admitted,
            )
        })
        .collect();
    // b: 45+25+20*80000/120000 = 83.33; a: 40+20+16 = 76; c: 30+15+20 = 65
    assert_eq!(
        view,
        [
            ("b", "83.33".to_string(), Some(1), true),
            ("a", "76.00".to_string(), Some(2), true),
            ("c", "65.00".to_string(), Some(3), false)
        ]
    );
    assert_eq!(lines[0].total, Exact::ratio(250, 3));
}

#[test]
fn below_a_threshold_is_excluded_with_the_reason() {
    let lines = rank(
        &rules(Some(25), Some(2)),
        &[
            offer("a", ["19.99", "30"], 100_000, "2027-01-10T10:00:00Z"),
            offer("b", ["20", "1"], 100_000, "2027-01-10T10:00:00Z"),
        ],
    );
    assert_eq!(
        line(&lines, "a").excluded,
        Some(Exclusion::BelowThreshold { criterion: 0 }),
        "19.99 < 20"
    );
    assert_eq!(
        line(&lines, "b").excluded,
        Some(Exclusion::BelowQualityMinimum),
        "20 + 1 = 21 < 25"
    );
    assert!(lines.iter().all(|l| l.rank.is_none() && !l.admitted));
}

#[test]
fn an_offer_excluded_at_the_technical_stage_keeps_its_price_sealed() {
    let lines = rank(
        &rules(None, Some(2)),
        &[
            offer("cheap", ["10", "20"], 10_000, "2027-01-10T08:00:00Z"),
            offer("a", ["40", "20"], 100_000, "2027-01-10T09:00:00Z"),
            offer("b", ["40", "20"], 125_000, "2027-01-10T10:00:00Z"),
            offer("c", ["40", "20"], 30_000, "2027-01-10T11:00:00Z"),
        ],
    );
    let cheap = line(&lines, "cheap");
    assert_eq!(
        cheap.excluded,
        Some(Exclusion::BelowThreshold { criterion: 0 })
    );
    assert_eq!(cheap.price_cents, None, "its envelope is never opened");
    assert_eq!(cheap.points[2], None);
    // The lowest valid price is c's 30,000, not the excluded 10,000.
    assert_eq!(line(&lines, "c").points[2], Some(Exact::integer(20)));
    assert_eq!(line(&lines, "a").points[2], Some(Exact::integer(6)));
    // Average of the valid prices is 85,000; 80 % of it is 68,000 > 30,000.
    assert!(line(&lines, "c").abnormally_low);
    assert!(!line(&lines, "a").abnormally_low);
}

#[test]
fn a_rejected_abnormally_low_offer_is_excluded_and_the_next_lowest_price_counts() {
    let offers = |verdict| {
        let mut cheap = offer("cheap", ["40", "20"], 30_000, "2027-01-10T08:00:00Z");
        cheap.price_verdict = verdict;
        vec![
            cheap,
            offer("a", ["40", "20"], 100_000, "2027-01-10T09:00:00Z"),
            offer("b", ["40", "20"], 125_000, "2027-01-10T10:00:00Z"),
        ]
    };
    let pending = rank(&rules(None, Some(2)), &offers(None));
    assert_eq!(awaiting_verification(&pending), ["cheap"]);
    let accepted = rank(&rules(None, Some(2)), &offers(Some(true)));
    assert!(awaiting_verification(&accepted).is_empty());
    assert_eq!(line(&accepted, "cheap").excluded, None);
    let rejected = rank(&rules(None, Some(2)), &offers(Some(false)));
    assert_eq!(
        line(&rejected, "cheap").excluded,
        Some(Exclusion::AbnormallyLowRejected)
    );
    assert_eq!(line(&rejected, "a").points[2], Some(Exact::integer(20)));
    assert!(awaiting_verification(&rejected).is_empty());
}

#[test]
fn mathematically_equal_totals_tie_and_the_stated_tie_break_decides() {
    // Means of three members: 187/3 for both on the first criterion. As decimals with 28 digits
    // 62.333… and 62.333… could differ in their last digit; as rationals they are equal.
    let m = |a: &str, b: &str, c: &str| mean(&[ex(a), ex(b), ex(c)]).unwrap();
    let mut first = offer("first", ["0", "20"], 100_000, "2027-01-10T08:00:00Z");
    first.points[0] = m("41", "42", "42.5");
    let mut second = offer("second", ["0", "20"], 100_000, "2027-01-10T09:00:00Z");
    second.points[0] = m("42.5", "41", "42");
    let lines = rank(&rules(None, Some(1)), &[second, first]);
    assert_eq!(lines[0].total, lines[1].total);
    assert_eq!(lines[0].proposal_id, "first", "the earlier receipt wins");
    assert!(lines[0].admitted && !lines[1].admitted);
}

#[test]
fn an_offer_above_the_base_price_is_excluded_and_the_budget_is_never_exceeded() {
    let mut r = rules(None, Some(2));
    r.base_price_cents = Some(100_000);
    r.budget_cents = Some(200_000);
    let lines = rank(
        &r,
        &[
            offer("over", ["50", "30"], 100_001, "2027-01-10T08:00:00Z"),
            offer("a", ["40", "20"], 100_000, "2027-01-10T09:00:00Z"),
            offer("b", ["40", "20"], 100_000, "2027-01-10T10:00:00Z"),
        ],
    );
    assert_eq!(
        line(&lines, "over").excluded,
        Some(Exclusion::AboveBasePrice {
            base_cents: 100_000
        })
    );
    let awarded: i64 = lines
        .iter()
        .filter(|l| l.admitted)
        .filter_map(|l| l.price_cents)
        .sum();
    assert_eq!(awarded, 200_000);
}

#[test]
fn ties_go_to_the_higher_quality_then_the_earlier_receipt() {
    let lines = rank(
        &rules(None, Some(1)),
        &[
            offer("late", ["40", "20"], 100_000, "2027-01-10T12:00:00Z"),
            offer("early", ["40", "20"], 100_000, "2027-01-10T09:00:00Z"),
            offer("cheap", ["36", "20"], 80_000, "2027-01-10T08:00:00Z"),
        ],
    );
    // late and early: 40+20+16 = 76; cheap: 36+20+20 = 76 but less quality.
    let order: Vec<_> = lines.iter().map(|l| l.proposal_id.as_str()).collect();
    assert_eq!(order, ["early", "late", "cheap"]);
    assert!(lines[0].admitted && !lines[1].admitted);
}

#[test]
fn a_request_failing_a_selection_criterion_is_not_selected_and_its_place_goes_to_the_next() {
    let mut best = offer("b", ["45", "25"], 120_000, "2027-01-10T11:00:00Z");
    best.failed_selection = Some(1);
    let lines = rank(
        &rules(None, admissions_for(PhaseKind::SolutionDesign, Some(2))),
        &[
            offer("a", ["40", "20"], 100_000, "2027-01-10T10:00:00Z"),
            best,
            offer("c", ["30", "15"], 80_000, "2027-01-10T12:00:00Z"),
        ],
    );
    let b = line(&lines, "b");
    assert_eq!(
        b.excluded,
        Some(Exclusion::FailedSelection { criterion: 1 })
    );
    assert!(!b.admitted && b.rank.is_none());
    assert_eq!(b.price_cents, None, "its price is never opened");
    assert!(line(&lines, "a").admitted && line(&lines, "c").admitted);
}
