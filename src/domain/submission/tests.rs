use super::*;
use crate::domain::access::Role;
use crate::domain::phase::{Procedure, template};
use chrono::Duration;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn pcp() -> Vec<PhaseSpec> {
    let mut phases = template(Procedure::Pcp);
    for (p, d) in phases.iter_mut().zip([
        "2027-01-15T11:00:00Z",
        "2027-05-15T10:00:00Z",
        "2027-12-15T11:00:00Z",
    ]) {
        p.deadline = Some(at(d));
    }
    phases
}

#[test]
fn the_noon_deadline_is_met_at_11_59_59_and_missed_at_noon() {
    let phases = pcp();
    let deadline = at("2027-01-15T11:00:00Z");
    let before = deadline - Duration::seconds(1);
    assert_eq!(
        check_window(CallStatus::Published, &phases, 0, false, before),
        Ok(deadline)
    );
    assert_eq!(
        check_window(CallStatus::Published, &phases, 0, false, deadline),
        Err(SubmitRefusal::DeadlinePassed { deadline })
    );
}

#[test]
fn later_phases_take_only_admitted_organisations() {
    let phases = pcp();
    let now = at("2027-02-01T00:00:00Z");
    assert_eq!(
        check_window(CallStatus::Published, &phases, 1, false, now),
        Err(SubmitRefusal::NotAdmitted)
    );
    assert!(check_window(CallStatus::Published, &phases, 1, true, now).is_ok());
}

#[test]
fn in_a_dialogue_only_requests_are_open_to_all_and_selection_takes_nothing() {
    let mut phases = template(Procedure::CompetitiveDialogue);
    phases[0].deadline = Some(at("2027-01-15T11:00:00Z"));
    phases[2].deadline = Some(at("2027-03-15T11:00:00Z"));
    let now = at("2026-12-01T00:00:00Z");
    assert!(check_window(CallStatus::Published, &phases, 0, false, now).is_ok());
    assert_eq!(
        check_window(CallStatus::Published, &phases, 1, true, now),
        Err(SubmitRefusal::NoSubmissionsInThisPhase)
    );
    assert_eq!(
        check_window(CallStatus::Published, &phases, 2, false, now),
        Err(SubmitRefusal::NotAdmitted)
    );
}

#[test]
fn drafts_and_cancelled_calls_take_no_proposals() {
    let phases = pcp();
    let now = at("2026-12-01T00:00:00Z");
    for status in [
        CallStatus::Draft,
        CallStatus::Cancelled,
        CallStatus::Concluded,
    ] {
        assert_eq!(
            check_window(status, &phases, 0, true, now),
            Err(SubmitRefusal::CallNotPublished)
        );
    }
}

#[test]
fn a_pcp_phase_with_a_price_criterion_asks_for_a_price() {
    let rules = rules_for(&pcp(), 0).unwrap();
    assert!(rules.asks_price);
    assert_eq!(
        rules.envelopes(),
        [
            Envelope::Administrative,
            Envelope::Technical,
            Envelope::Financial
        ]
    );
    assert_eq!(rules.max_file_bytes, 25 * 1024 * 1024);
    assert!(rules.accepts_type("pdf") && !rules.accepts_type("exe"));
}

#[test]
fn final_tenders_are_priced_by_the_award_and_requests_never() {
    let phases = template(Procedure::CompetitiveDialogue);
    assert!(!rules_for(&phases, 0).unwrap().asks_price);
    assert!(rules_for(&phases, 3).unwrap().asks_price);
    assert_eq!(
        rules_for(&phases, 2).unwrap().required_files,
        [Envelope::Technical]
    );
    assert!(rules_for(&phases, 1).is_none());
}

#[test]
fn contents_are_checked_all_at_once() {
    let rules = rules_for(&pcp(), 0).unwrap();
    let files = [ReceivedFile {
        envelope: Envelope::Technical,
        size: 10,
    }];
    let fields: Vec<String> = check_contents(&rules, &files, None)
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(fields, ["administrative", "price"]);
    let files = [
        ReceivedFile {
            envelope: Envelope::Administrative,
            size: 10,
        },
        ReceivedFile {
            envelope: Envelope::Technical,
            size: 10,
        },
    ];
    assert!(check_contents(&rules, &files, Some(100_000)).is_empty());
}

#[test]
fn sealed_proposals_are_read_only_by_their_organisation_until_opened() {
    let supplier = Actor {
        user_id: "u".into(),
        role: Role::Supplier,
        authority_id: None,
        organisation_id: Some("org".into()),
    };
    let competitor = Actor {
        organisation_id: Some("other".into()),
        ..supplier.clone()
    };
    let officer = Actor {
        user_id: "o".into(),
        role: Role::Officer,
        authority_id: Some("a".into()),
        organisation_id: None,
    };
    let admin = Actor {
        user_id: "x".into(),
        role: Role::Admin,
        authority_id: None,
        organisation_id: None,
    };
    let read = |a: &Actor, opened, officer_of| {
        let stage = EvaluationStage {
            opened,
            anonymised: true,
            ..Default::default()
        };
        reader(a, "org", officer_of, None, stage)
    };
    assert_eq!(read(&supplier, false, false), Some(Reader::Author));
    assert_eq!(read(&competitor, false, false), None);
    assert_eq!(read(&officer, false, true), None);
    assert_eq!(read(&admin, false, false), None);
    assert_eq!(read(&officer, true, true), Some(Reader::Authority));
    assert_eq!(read(&competitor, true, false), None);
    assert_eq!(read(&admin, true, false), None);
}

#[test]
fn the_committee_sees_proposals_only_after_opening_and_declaring() {
    let member = Actor {
        user_id: "e".into(),
        role: Role::Evaluator,
        authority_id: None,
        organisation_id: None,
    };
    let seat = |cleared| Some(CommitteeSeat { cleared });
    let opened = EvaluationStage {
        opened: true,
        ..Default::default()
    };
    let read = |seat, stage| reader(&member, "org", false, seat, stage);
    assert_eq!(read(seat(true), EvaluationStage::default()), None);
    assert_eq!(read(seat(false), opened), None);
    assert_eq!(read(None, opened), None);
    assert_eq!(read(seat(true), opened), Some(Reader::Committee));
}

/// Every reader in every state, part by part: the table the whole service follows.
#[test]
fn what_each_reader_sees_in_each_state() {
    let stage = |anonymised, technical_final, decided| EvaluationStage {
        opened: true,
        anonymised,
        technical_final,
        decided,
    };
    let p = |identity, administrative, technical, financial| Parts {
        identity,
        administrative,
        technical,
        financial,
    };
    let cases = [
        // (reader, anonymised, technical final, decided, passed technical) -> parts
        (
            Reader::Author,
            stage(true, false, false),
            false,
            p(true, true, true, true),
        ),
        (
            Reader::Authority,
            stage(true, false, false),
            true,
            p(true, true, true, false),
        ),
        (
            Reader::Authority,
            stage(true, true, false),
            true,
            p(true, true, true, true),
        ),
        (
            Reader::Authority,
            stage(true, true, true),
            false,
            p(true, true, true, false),
        ),
        (
            Reader::Committee,
            stage(true, false, false),
            true,
            p(false, false, true, false),
        ),
        (
            Reader::Committee,
            stage(true, true, false),
            true,
            p(false, false, true, true),
        ),
        (
            Reader::Committee,
            stage(true, true, false),
            false,
            p(false, false, true, false),
        ),
        (
            Reader::Committee,
            stage(true, true, true),
            true,
            p(true, false, true, true),
        ),
        (
            Reader::Committee,
            stage(false, false, false),
            true,
            p(true, true, true, false),
        ),
        (
            Reader::Committee,
            stage(false, true, false),
            true,
            p(true, true, true, true),
        ),
    ];
    for (reader, stage, passed, expected) in cases {
        assert_eq!(
            visible_parts(reader, stage, passed),
            expected,
            "{reader:?} {stage:?} passed={passed}"
        );
    }
}

#[test]
fn anonymous_labels_follow_the_alphabet() {
    assert_eq!(anonymous_label(0), "Proposta A");
    assert_eq!(anonymous_label(25), "Proposta Z");
    assert_eq!(anonymous_label(26), "Proposta AA");
}

#[test]
fn receipt_numbers_sort_in_order() {
    assert_eq!(receipt_number(2026, 42), "PCPD-2026-000042");
}

#[test]
fn a_held_file_is_held_for_a_day_and_no_longer() {
    let now = at("2027-01-15T11:58:00Z");
    let since = held_since(now);
    assert_eq!(since, at("2027-01-14T11:58:00Z"));
    let held_at = at("2027-01-14T11:58:00Z");
    assert!(held_at >= since, "held exactly a day ago: still held");
    assert!(
        held_at - Duration::seconds(1) < since,
        "a second more: released"
    );
}
