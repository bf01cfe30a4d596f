use super::*;
use crate::domain::criteria::{CriterionKind, CriterionSpec};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    at("2026-11-26T10:00:00Z")
}

fn pcp() -> CallSpec {
    let mut phases = phase::template(Procedure::Pcp);
    let deadlines = [
        "2027-01-15T11:00:00Z",
        "2027-05-15T10:00:00Z",
        "2027-12-15T11:00:00Z",
    ];
    let budgets = [38_000_000, 152_000_000, 190_000_000];
    for ((p, d), b) in phases.iter_mut().zip(deadlines).zip(budgets) {
        p.deadline = Some(at(d));
        p.budget_cents = Some(b);
    }
    CallSpec {
        procedure: Procedure::Pcp,
        reference: "PCP-2026-01".into(),
        committee_max: 3,
        cig: None,
        nuts: None,
        eu_funded: false,
        ipr_exploitation_months: None,
        title: "Servizi digitali per la sanità territoriale".into(),
        summary: "Soluzioni innovative".into(),
        description: String::new(),
        cpv_codes: vec!["73000000-2".into()],
        budget_cents: 380_000_000,
        contact: "pcp@regione.example.it".into(),
        phases,
    }
}

fn dialogue() -> CallSpec {
    let mut phases = phase::template(Procedure::CompetitiveDialogue);
    phases[0].deadline = Some(at("2027-01-10T11:00:00Z"));
    phases[2].deadline = Some(at("2027-03-10T11:00:00Z"));
    phases[3].deadline = Some(at("2027-05-10T10:00:00Z"));
    CallSpec {
        procedure: Procedure::CompetitiveDialogue,
        phases,
        ..pcp()
    }
}

fn kinds(v: Vec<Violation>) -> Vec<(String, ViolationKind)> {
    v.into_iter().map(|v| (v.field, v.kind)).collect()
}

#[test]
fn a_complete_pcp_can_be_published() {
    assert_eq!(kinds(check_publishable(&pcp(), now())), []);
}

#[test]
fn a_complete_dialogue_can_be_published() {
    assert_eq!(kinds(check_publishable(&dialogue(), now())), []);
}

#[test]
fn every_date_violation_is_reported_at_once_with_its_field() {
    let mut spec = pcp();
    spec.phases[0].deadline = Some(at("2026-11-01T11:00:00Z"));
    spec.phases[2].deadline = Some(at("2027-02-01T11:00:00Z"));
    let found = kinds(check_publishable(&spec, now()));
    assert_eq!(
        found,
        [
            ("phases.0.deadline".to_string(), ViolationKind::InPast),
            (
                "phases.2.deadline".to_string(),
                ViolationKind::NotAfterPrevious {
                    previous_field: "phases.1.deadline".into()
                }
            ),
        ]
    );
}

#[test]
fn requests_to_participate_need_thirty_days() {
    let mut spec = dialogue();
    spec.phases[0].deadline = Some(now() + Duration::days(29));
    let found = kinds(check_publishable(&spec, now()));
    assert_eq!(
        found,
        [(
            "phases.0.deadline".to_string(),
            ViolationKind::TooSoonAfterPublication { min_days: 30 }
        )]
    );
    spec.phases[0].deadline = Some(now() + Duration::days(30));
    assert_eq!(kinds(check_publishable(&spec, now())), []);
}

#[test]
fn selection_invites_at_least_three_and_standstill_lasts_at_least_ten_days() {
    let mut spec = dialogue();
    spec.phases[1].min_candidates = Some(2);
    spec.phases[5].standstill_days = Some(9);
    let fields: Vec<_> = kinds(check_publishable(&spec, now()))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        ["phases.1.min_candidates", "phases.5.standstill_days"]
    );
}

#[test]
fn phase_budgets_cannot_exceed_the_call_budget() {
    let mut spec = pcp();
    spec.budget_cents = 100;
    let found = kinds(check_publishable(&spec, now()));
    assert!(matches!(found[0].1, ViolationKind::BudgetExceeded { .. }));
}

#[test]
fn the_pcp_funnel_never_widens_and_keeps_two_suppliers() {
    let mut spec = pcp();
    spec.phases[1].max_contracts = Some(8);
    spec.phases[2].max_contracts = Some(1);
    let found = kinds(check_publishable(&spec, now()));
    assert_eq!(
        found,
        [
            (
                "phases.1.max_contracts".to_string(),
                ViolationKind::FunnelMustNarrow
            ),
            (
                "phases.2.max_contracts".to_string(),
                ViolationKind::AtLeast { min: 2 }
            ),
        ]
    );
}

#[test]
fn missing_fields_are_named() {
    let mut spec = pcp();
    spec.phases[1].deadline = None;
    spec.phases[1].budget_cents = None;
    spec.cpv_codes.clear();
    let fields: Vec<_> = kinds(check_publishable(&spec, now()))
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        fields,
        ["cpv_codes", "phases.1.deadline", "phases.1.budget_cents"]
    );
}

#[test]
fn a_bad_cpv_is_caught_even_in_a_draft() {
    let mut spec = pcp();
    spec.cpv_codes = vec!["73000000-9".into()];
    assert_eq!(
        kinds(check_draft(&spec)),
        [(
            "cpv_codes".to_string(),
            ViolationKind::InvalidCpv {
                value: "73000000-9".into()
            }
        )]
    );
}

#[test]
fn criteria_are_checked_on_publication() {
    let mut spec = dialogue();
    spec.phases[4].criteria = vec![CriterionSpec {
        name: "Qualità".into(),
        description: String::new(),
        kind: CriterionKind::Quality,
        weight: 100,
        max_points: 100,
        min_threshold: None,
    }];
    assert_eq!(
        kinds(check_publishable(&spec, now())),
        [(
            "phases.4.criteria".to_string(),
            ViolationKind::AwardNeedsQualityAndPrice
        )]
    );
}

#[test]
fn lifecycle_allows_only_its_transitions() {
    use CallAction as A;
    use CallStatus as S;
    assert_eq!(transition(S::Draft, A::Publish), Ok(S::Published));
    assert_eq!(transition(S::Published, A::Conclude), Ok(S::Concluded));
    assert_eq!(transition(S::Published, A::Cancel), Ok(S::Cancelled));
    assert!(transition(S::Published, A::Edit).is_err());
    assert!(transition(S::Published, A::Publish).is_err());
    assert!(transition(S::Cancelled, A::Cancel).is_err());
    assert!(transition(S::Concluded, A::Cancel).is_err());
    assert!(transition(S::Draft, A::Conclude).is_err());
}

#[test]
fn dialogue_stages_may_repeat_but_the_shape_is_fixed() {
    let mut phases = phase::template(Procedure::CompetitiveDialogue);
    assert!(has_procedure_shape(Procedure::CompetitiveDialogue, &phases));
    phases.insert(3, phase::next_dialogue_stage(1));
    assert!(has_procedure_shape(Procedure::CompetitiveDialogue, &phases));
    phases.remove(0);
    assert!(!has_procedure_shape(
        Procedure::CompetitiveDialogue,
        &phases
    ));
    assert!(!has_procedure_shape(
        Procedure::Pcp,
        &phase::template(Procedure::CompetitiveDialogue)
    ));
}

#[test]
fn cig_and_nuts_are_optional_but_well_formed() {
    let mut spec = pcp();
    assert!(check_draft(&spec).is_empty());
    spec.cig = typed_code(" a0123456b7 ");
    spec.nuts = typed_code("ith55");
    assert_eq!(spec.cig.as_deref(), Some("A0123456B7"));
    assert!(check_draft(&spec).is_empty(), "{:?}", check_draft(&spec));
    spec.cig = Some("A012345".into());
    spec.nuts = Some("FR101".into());
    let fields: Vec<_> = check_draft(&spec).into_iter().map(|v| v.field).collect();
    assert_eq!(fields, ["cig", "nuts"]);
    assert_eq!(typed_code("   "), None);
    assert!(!is_italian_nuts("ITH5") && !is_italian_nuts("ITH555") && is_italian_nuts("ITH56"));
    assert!(!is_cig("A0123456B<"));
}
