use super::*;
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

#[test]
fn the_mean_is_exact() {
    let m = mean(&[dec("7"), dec("8"), dec("8")]).unwrap();
    assert_eq!(two_decimals(m), "7.67");
    assert_eq!((m * dec("3")).round_dp(20), dec("23"));
    assert_eq!(
        two_decimals(mean(&[dec("0.1"), dec("0.2")]).unwrap()),
        "0.15"
    );
}

#[test]
fn price_formulas_give_the_lowest_price_the_maximum() {
    let p = |price, f, base| price_points(f, 20, price, 80_000, base).map(two_decimals);
    assert_eq!(
        p(80_000, PriceFormula::Proportional, None).as_deref(),
        Some("20.00")
    );
    assert_eq!(
        p(100_000, PriceFormula::Proportional, None).as_deref(),
        Some("16.00")
    );
    assert_eq!(
        p(120_000, PriceFormula::Proportional, None).as_deref(),
        Some("13.33")
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
    assert!(abnormally_low(50, &[50, 100, 110]));
    assert!(!abnormally_low(90, &[90, 100, 110]));
    assert!(!abnormally_low(50, &[50]));
}

fn phase() -> PhaseSpec {
    let mut p = template(Procedure::Pcp)[0].clone();
    p.criteria[0].min_threshold = Some(20);
    p.max_contracts = Some(2);
    p
}

fn scored(id: &str, quality: [&str; 2], price: i64, received: &str) -> Scored {
    Scored {
        proposal_id: id.into(),
        received_at: at(received),
        points: vec![dec(quality[0]), dec(quality[1]), Decimal::ZERO],
        price_cents: Some(price),
    }
}

#[test]
fn totals_are_weighted_and_the_best_n_are_admitted() {
    let lines = rank(
        &phase(),
        &[
            scored("a", ["40", "20"], 100_000, "2027-01-10T10:00:00Z"),
            scored("b", ["45", "25"], 120_000, "2027-01-10T11:00:00Z"),
            scored("c", ["30", "15"], 80_000, "2027-01-10T12:00:00Z"),
        ],
        PriceFormula::Proportional,
        None,
        None,
        admissions_for(PhaseKind::SolutionDesign, Some(2)),
    );
    let view: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                l.proposal_id.as_str(),
                two_decimals(l.total),
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
}

#[test]
fn below_a_threshold_is_excluded_with_the_reason() {
    let lines = rank(
        &phase(),
        &[
            scored("a", ["19.99", "30"], 100_000, "2027-01-10T10:00:00Z"),
            scored("b", ["20", "1"], 100_000, "2027-01-10T10:00:00Z"),
        ],
        PriceFormula::Proportional,
        None,
        Some(dec("25")),
        Some(2),
    );
    let of = |id: &str| {
        lines
            .iter()
            .find(|l| l.proposal_id == id)
            .unwrap()
            .excluded
            .clone()
    };
    assert_eq!(
        of("a"),
        Some(Exclusion::BelowThreshold { criterion: 0 }),
        "19.99 < 20"
    );
    assert_eq!(
        of("b"),
        Some(Exclusion::BelowQualityMinimum),
        "20 + 1 = 21 < 25"
    );
    assert!(lines.iter().all(|l| l.rank.is_none() && !l.admitted));
}

#[test]
fn ties_go_to_the_higher_quality_then_the_earlier_receipt() {
    let lines = rank(
        &phase(),
        &[
            scored("late", ["40", "20"], 100_000, "2027-01-10T12:00:00Z"),
            scored("early", ["40", "20"], 100_000, "2027-01-10T09:00:00Z"),
            scored("cheap", ["36", "20"], 80_000, "2027-01-10T08:00:00Z"),
        ],
        PriceFormula::Proportional,
        None,
        None,
        Some(1),
    );
    // late and early: 40+20+16 = 76; cheap: 36+20+20 = 76 but less quality.
    let order: Vec<_> = lines.iter().map(|l| l.proposal_id.as_str()).collect();
    assert_eq!(order, ["early", "late", "cheap"]);
    assert!(lines[0].admitted && !lines[1].admitted);
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
