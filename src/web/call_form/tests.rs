use super::*;
use crate::domain::time::parse_rome;

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn reads_nested_names_into_phases_and_criteria() {
    let form = CallForm::from_pairs(
        Procedure::Pcp,
        &pairs(&[
            ("title", "Bando"),
            ("budget", "1.000.000,00"),
            ("phases.0.kind", "solution_design"),
            ("phases.0.deadline", "2027-01-15T12:00"),
            ("phases.0.criteria.0.name", "Qualità"),
            ("phases.0.criteria.0.weight", "100"),
            ("phases.0.criteria.0.max_points", "10"),
            ("phases.0.criteria.0.kind", "quality"),
        ]),
    );
    let spec = form.to_spec().unwrap();
    assert_eq!(spec.budget_cents, 100_000_000);
    assert_eq!(spec.phases[0].kind, PhaseKind::SolutionDesign);
    assert_eq!(
        spec.phases[0].deadline.unwrap().to_rfc3339(),
        "2027-01-15T11:00:00+00:00"
    );
    assert_eq!(spec.phases[0].criteria[0].weight, 100);
}

#[test]
fn unreadable_values_are_reported_with_their_field() {
    let form = CallForm::from_pairs(
        Procedure::Pcp,
        &pairs(&[
            ("budget", "tanti"),
            ("phases.0.kind", "prototyping"),
            ("phases.0.deadline", "domani"),
        ]),
    );
    let fields: Vec<String> = form
        .to_spec()
        .unwrap_err()
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(fields, ["budget", "phases.0.deadline"]);
}

#[test]
fn a_spec_survives_the_form_round_trip() {
    let mut spec = CallSpec {
        procedure: Procedure::CompetitiveDialogue,
        reference: "DC-1".into(),
        title: "Dialogo".into(),
        summary: "S".into(),
        description: String::new(),
        cpv_codes: vec!["73000000-2".into()],
        budget_cents: 12_345_678,
        contact: "c@example.it".into(),
        committee_max: 3,
        cig: None,
        nuts: None,
        eu_funded: false,
        ipr_exploitation_months: None,
        phases: phase::template(Procedure::CompetitiveDialogue),
    };
    spec.phases[0].deadline = Some(parse_rome("2027-02-01T12:00").unwrap());
    let form = CallForm::from_spec(&spec);
    assert_eq!(form.to_spec().unwrap(), spec);
}

#[test]
fn dialogue_stages_can_be_added_and_removed_but_not_the_last() {
    let spec_phases = phase::template(Procedure::CompetitiveDialogue);
    let mut form = CallForm {
        procedure: Procedure::CompetitiveDialogue,
        values: HashMap::new(),
        phases: spec_phases.iter().map(PhaseForm::from_spec).collect(),
    };
    assert!(!form.apply(FormAction::RemoveStage(2)));
    assert!(form.apply(FormAction::AddStage(2)));
    assert_eq!(form.phases[3].kind, PhaseKind::Dialogue);
    assert!(form.apply(FormAction::RemoveStage(3)));
    assert!(!form.apply(FormAction::AddStage(0)));
}

#[test]
fn amounts_are_reported_on_the_euro_field() {
    assert_eq!(form_field("phases.1.budget_cents"), "phases.1.budget");
    assert_eq!(form_field("title"), "title");
}

#[test]
fn actions_are_parsed_from_button_values() {
    assert_eq!(
        FormAction::parse("remove_criterion:1:2"),
        Some(FormAction::RemoveCriterion(1, 2))
    );
    assert_eq!(FormAction::parse("publish"), Some(FormAction::Publish));
    assert_eq!(FormAction::parse("drop_table"), None);
    assert_eq!(FormAction::parse("add_criterion:x"), None);
}

#[test]
fn every_error_is_reported_at_once_and_an_unreadable_value_once() {
    let now = parse_rome("2026-12-01T12:00").unwrap();
    let form = CallForm::from_pairs(
        Procedure::Pcp,
        &pairs(&[
            ("reference", "PCP-1"),
            ("title", ""),
            ("budget", "1.000.000,00"),
            ("phases.0.kind", "solution_design"),
            // The hour that does not exist in Rome when the clocks go forward.
            ("phases.0.deadline", "28/03/2027 02:30"),
            ("phases.1.kind", "prototyping"),
            ("phases.1.deadline", "domani"),
        ]),
    );
    let (_, violations) = form.check(Some(now));
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
    assert_eq!(
        fields.iter().filter(|f| **f == "phases.0.deadline").count(),
        1,
        "{fields:?}"
    );
    assert_eq!(
        fields.iter().filter(|f| **f == "phases.1.deadline").count(),
        1
    );
    assert!(
        fields.contains(&"title") && fields.contains(&"summary"),
        "{fields:?}"
    );
    // A draft is saved with fewer rules: the empty summary may wait, the title may not.
    let (_, draft) = form.check(None);
    let draft: Vec<&str> = draft.iter().map(|v| v.field.as_str()).collect();
    assert!(
        draft.contains(&"title") && !draft.contains(&"summary"),
        "{draft:?}"
    );
}
