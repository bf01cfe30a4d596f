//! The dialogue's rules: who sees a channel, the minutes' steps, consents, answer-by dates.

use super::*;

fn actor(role: Role, authority: Option<&str>, org: Option<&str>) -> Actor {
    Actor {
        user_id: "u".into(),
        role,
        authority_id: authority.map(Into::into),
        organisation_id: org.map(Into::into),
    }
}

#[test]
fn only_the_candidate_the_authority_and_the_committee_see_a_channel() {
    let officer = actor(Role::Officer, Some("a"), None);
    let other_officer = actor(Role::Officer, Some("b"), None);
    let candidate = actor(Role::Supplier, None, Some("c1"));
    let rival = actor(Role::Supplier, None, Some("c2"));
    let evaluator = actor(Role::Evaluator, None, None);
    assert_eq!(side(&officer, "a", "c1", false), Some(Side::Authority));
    assert_eq!(side(&candidate, "a", "c1", false), Some(Side::Candidate));
    assert_eq!(side(&evaluator, "a", "c1", true), Some(Side::Committee));
    assert_eq!(side(&evaluator, "a", "c1", false), None);
    assert_eq!(side(&rival, "a", "c1", true), None);
    assert_eq!(side(&other_officer, "a", "c1", true), None);
    let admin = actor(Role::Admin, None, None);
    assert_eq!(side(&admin, "a", "c1", true), None);
}

#[test]
fn minutes_go_from_draft_to_approval_and_freeze() {
    use MinutesAct::*;
    use MinutesStatus::*;
    assert_eq!(minutes_step(Draft, Edit, Side::Authority, true), Ok(Draft));
    assert_eq!(
        minutes_step(Draft, Submit, Side::Authority, true),
        Err(DialogueRefusal::MinutesEmpty)
    );
    assert_eq!(
        minutes_step(Draft, Submit, Side::Authority, false),
        Ok(AwaitingApproval)
    );
    assert_eq!(
        minutes_step(AwaitingApproval, Approve, Side::Candidate, false),
        Ok(Approved)
    );
    assert_eq!(
        minutes_step(AwaitingApproval, RequestChanges, Side::Candidate, false),
        Ok(Draft)
    );
    assert_eq!(
        minutes_step(AwaitingApproval, Approve, Side::Authority, false),
        Err(DialogueRefusal::NotYours)
    );
    assert_eq!(
        minutes_step(Draft, Edit, Side::Committee, false),
        Err(DialogueRefusal::NotYours)
    );
    for act in [Edit, Submit] {
        assert_eq!(
            minutes_step(Approved, act, Side::Authority, false),
            Err(DialogueRefusal::MinutesNotDraft)
        );
    }
    for act in [Approve, RequestChanges] {
        assert_eq!(
            minutes_step(Approved, act, Side::Candidate, false),
            Err(DialogueRefusal::MinutesNotAwaiting)
        );
        assert_eq!(
            minutes_step(Draft, act, Side::Candidate, false),
            Err(DialogueRefusal::MinutesNotAwaiting)
        );
    }
}

fn consent(status: ConsentStatus, file: &str, with: Option<&str>) -> Consent {
    Consent {
        id: "k".into(),
        owner: "c1".into(),
        item: Some(file.into()),
        shared_with: with.map(Into::into),
        status,
    }
}

#[test]
fn sharing_needs_the_owners_consent_for_that_file_and_that_recipient() {
    let given = [consent(ConsentStatus::Given, "f1", Some("c2"))];
    assert!(consent_for(&given, "c1", "f1", "c2").unwrap().is_some());
    assert_eq!(
        consent_for(&given, "c1", "f1", "c3"),
        Err(DialogueRefusal::NoConsent)
    );
    assert_eq!(
        consent_for(&given, "c1", "f2", "c2"),
        Err(DialogueRefusal::NoConsent)
    );
    let to_all = [consent(ConsentStatus::Given, "f1", None)];
    assert!(consent_for(&to_all, "c1", "f1", "c3").unwrap().is_some());
    for status in [ConsentStatus::Requested, ConsentStatus::Refused] {
        let not_given = [consent(status, "f1", None)];
        assert_eq!(
            consent_for(&not_given, "c1", "f1", "c2"),
            Err(DialogueRefusal::NoConsent)
        );
    }
    assert_eq!(consent_for(&[], "c1", "f1", "c1"), Ok(None));
    let others = Consent {
        owner: "c9".into(),
        ..consent(ConsentStatus::Given, "f1", None)
    };
    assert_eq!(
        consent_for(&[others], "c1", "f1", "c2"),
        Err(DialogueRefusal::NoConsent)
    );
}

#[test]
fn only_the_authority_sets_an_answer_by_date_and_not_in_the_past() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let tomorrow = today.succ_opt();
    assert!(check_message("Domanda", tomorrow, Side::Authority, today).is_empty());
    assert_eq!(
        check_message("Domanda", tomorrow, Side::Candidate, today)[0].field,
        "answer_by"
    );
    assert_eq!(
        check_message("Domanda", today.pred_opt(), Side::Authority, today)[0].kind,
        ViolationKind::InPast
    );
    assert_eq!(
        check_message("  ", None, Side::Candidate, today)[0].kind,
        ViolationKind::Required
    );
}

#[test]
fn names_are_pinned() {
    for k in MessageKind::ALL {
        assert_eq!(MessageKind::parse(k.as_str()), Some(k));
        assert_eq!(
            serde_json::to_value(k).unwrap(),
            serde_json::Value::String(k.as_str().into())
        );
    }
    for s in MinutesStatus::ALL {
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::Value::String(s.as_str().into())
        );
    }
    for s in ConsentStatus::ALL {
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::Value::String(s.as_str().into())
        );
    }
}
