use super::*;
use crate::domain::lang::Lang;
use crate::domain::phase::{Procedure, template};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub(super) fn at(s: &str) -> DateTime<Utc> {
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
    let long = "a".repeat(MAX_JUSTIFICATION_CHARS + 1);
    assert_eq!(
        check_score("s", dec("10"), &long, c)[0].kind,
        ViolationKind::TooLong {
            max: MAX_JUSTIFICATION_CHARS
        }
    );
}

pub(super) fn ex(s: &str) -> Exact {
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
        cig: None,
        nuts: None,
        eu_funded: false,
        ipr_exploitation_months: None,
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
