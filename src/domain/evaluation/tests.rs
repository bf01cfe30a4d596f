use super::*;
use crate::domain::lang::Lang;
use crate::domain::phase::{Procedure, template};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn members(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("m{i}")).collect()
}

#[test]
fn a_committee_is_odd_at_most_five_has_its_chair_and_comes_after_the_deadline() {
    let deadline = Some(at("2027-01-15T11:00:00Z"));
    let after = at("2027-01-15T11:00:01Z");
    assert!(check_committee(&members(3), "m0", 3, deadline, after).is_empty());
    let codes = |v: Vec<Violation>| v.into_iter().map(|v| v.kind).collect::<Vec<_>>();
    assert_eq!(
        codes(check_committee(
            &members(3),
            "m0",
            3,
            deadline,
            at("2027-01-15T10:59:59Z")
        )),
        [ViolationKind::BeforeDeadline]
    );
    assert_eq!(
        codes(check_committee(&members(4), "m0", 5, deadline, after)),
        [ViolationKind::MustBeOdd]
    );
    assert_eq!(
        codes(check_committee(&members(5), "m0", 3, deadline, after)),
        [ViolationKind::AtMost { max: 3 }]
    );
    assert_eq!(
        codes(check_committee(&members(7), "m0", 9, deadline, after)),
        [ViolationKind::AtMost { max: 5 }]
    );
    assert_eq!(
        codes(check_committee(&members(3), "x", 3, deadline, after)),
        [ViolationKind::ChairNotMember]
    );
    let twice = vec!["a".to_string(), "a".to_string(), "b".to_string()];
    assert_eq!(
        codes(check_committee(&twice, "a", 3, deadline, after)),
        [ViolationKind::Duplicate]
    );
}

#[test]
fn scores_stay_within_the_criterion_and_carry_a_justification() {
    let c = &template(Procedure::Pcp)[0].criteria[0];
    assert!(check_score("s", dec("50"), "Ottima", c).is_empty());
    let fields: Vec<_> = check_score("s", dec("51"), " ", c)
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(fields, ["s.points", "s.justification"]);
    assert_eq!(
        check_score("s", dec("10.125"), "x", c)[0].kind,
        ViolationKind::TooManyDecimals { max: 2 }
    );
}

fn ex(s: &str) -> Exact {
    Exact::parse(s).unwrap()
}

#[test]
fn the_mean_is_exact() {
    let m = mean(&[ex("7"), ex("8"), ex("8")]).unwrap();
    assert_eq!(m, Exact::ratio(23, 3));
    assert_eq!(m.two_decimals(Lang::En), "7.67");
    assert_eq!(m.two_decimals(Lang::It), "7,67");
    assert_eq!(mean(&[ex("0.1"), ex("0.2")]).unwrap(), ex("0.15"));
}

#[test]
fn price_formulas_give_the_lowest_price_the_maximum() {
    let p =
        |price, f, base| price_points(f, 20, price, 80_000, base).map(|e| e.two_decimals(Lang::En));
    assert_eq!(
        p(80_000, PriceFormula::Proportional, None).as_deref(),
        Some("20.00")
    );
    assert_eq!(
        p(100_000, PriceFormula::Proportional, None).as_deref(),
        Some("16.00")
    );
    assert_eq!(
        price_points(PriceFormula::Proportional, 20, 120_000, 80_000, None),
        Some(Exact::ratio(40, 3))
    );
    assert_eq!(
        p(90_000, PriceFormula::Linear, Some(100_000)).as_deref(),
        Some("10.00")
    );
    assert_eq!(
        p(80_000, PriceFormula::Linear, Some(100_000)).as_deref(),
        Some("20.00")
    );
    assert_eq!(
        p(100_000, PriceFormula::Linear, Some(100_000)).as_deref(),
        Some("0.00")
    );
    assert_eq!(
        p(90_000, PriceFormula::Linear, None),
        None,
        "linear needs a base price"
    );
}

#[test]
fn a_price_far_below_the_average_is_flagged() {
    assert!(abnormally_low(50, &[50, 100, 110], 80));
    assert!(!abnormally_low(90, &[90, 100, 110], 80));
    assert!(!abnormally_low(50, &[50], 80));
    // 80 % of the average of 60 and 90 is exactly 60: not below it.
    assert!(!abnormally_low(60, &[60, 90], 80));
}

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
fn final_tenders_take_the_award_rules_whatever_is_stored_for_them() {
    let mut phases = template(Procedure::CompetitiveDialogue);
    // What storage used to write for a phase with no rules of its own.
    phases[3].price_formula = Some(PriceFormula::Proportional);
    phases[3].consensus_rule = Some(ConsensusRule::ChairRecords);
    phases[4].price_formula = Some(PriceFormula::Linear);
    phases[4].consensus_rule = Some(ConsensusRule::MeanOfMembers);
    let call = crate::domain::call::CallSpec {
        procedure: Procedure::CompetitiveDialogue,
        reference: String::new(),
        title: String::new(),
        summary: String::new(),
        description: String::new(),
        cpv_codes: Vec::new(),
        budget_cents: 50_000_000,
        contact: String::new(),
        committee_max: 3,
        phases,
    };
    let r = scoring_rules(&call, 3);
    assert_eq!(r.price_formula, Some(PriceFormula::Linear));
    assert_eq!(r.consensus_rule, ConsensusRule::MeanOfMembers);
    assert_eq!(r.base_price_cents, Some(50_000_000));
    assert_eq!(r.admits, Some(1));
    assert_eq!(r.criteria, call.phases[4].criteria);
}

#[test]
fn final_tenders_are_scored_on_the_award_criteria() {
    let phases = template(Procedure::CompetitiveDialogue);
    let scored = scored_phase(&phases, 3);
    assert_eq!(scored.kind, PhaseKind::FinalTenders);
    assert_eq!(scored.criteria, phases[4].criteria);
    assert_eq!(scored_phase(&phases, 0).criteria, phases[0].criteria);
    assert_eq!(
        standstill_end(at("2027-05-10T10:00:00Z"), 32),
        at("2027-06-11T10:00:00Z")
    );
}

#[test]
fn only_a_dialogue_award_waits_for_the_standstill() {
    let mut phases = template(Procedure::CompetitiveDialogue);
    let decided = at("2027-05-10T10:00:00Z");
    for p in phases
        .iter_mut()
        .filter(|p| p.kind == PhaseKind::Standstill)
    {
        p.standstill_days = Some(10);
    }
    let final_tenders = phases
        .iter()
        .position(|p| p.kind == PhaseKind::FinalTenders)
        .unwrap();
    assert_eq!(
        award_final_at(&phases, final_tenders, decided),
        Some(at("2027-05-20T10:00:00Z"))
    );
    assert_eq!(award_final_at(&phases, 0, decided), None);
    let pcp = template(Procedure::Pcp);
    assert_eq!(award_final_at(&pcp, 0, decided), None);
}

#[test]
fn funnel_sizes_follow_the_phase() {
    assert_eq!(admissions_for(PhaseKind::Prototyping, Some(4)), Some(4));
    assert_eq!(admissions_for(PhaseKind::RequestsToParticipate, None), None);
    assert_eq!(
        admissions_for(PhaseKind::Dialogue, Some(2)),
        Some(2),
        "a reduction stage keeps the best two"
    );
    assert_eq!(
        admissions_for(PhaseKind::Dialogue, None),
        None,
        "or every qualified solution"
    );
    assert_eq!(admissions_for(PhaseKind::FinalTenders, None), Some(1));
}

#[test]
fn a_procedure_concludes_only_once_its_outcome_is_final() {
    let decided = at("2027-05-10T10:00:00Z");
    let pcp = template(Procedure::Pcp);
    assert!(!may_conclude(
        &pcp,
        &[Some(decided), Some(decided), None],
        decided
    ));
    assert!(may_conclude(
        &pcp,
        &[Some(decided), Some(decided), Some(decided)],
        decided
    ));
    let mut dialogue = template(Procedure::CompetitiveDialogue);
    dialogue[5].standstill_days = Some(32);
    let mut outcomes = vec![Some(decided), None, Some(decided), None, None, None];
    assert!(!may_conclude(&dialogue, &outcomes, decided), "no award yet");
    outcomes[3] = Some(decided);
    assert!(
        !may_conclude(&dialogue, &outcomes, decided + chrono::Duration::days(31)),
        "the award is not final during the standstill"
    );
    assert!(may_conclude(
        &dialogue,
        &outcomes,
        decided + chrono::Duration::days(32)
    ));
}
