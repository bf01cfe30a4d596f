use super::*;
use crate::domain::phase::Procedure;
use crate::ocds::CallFacts;
use crate::ocds::fixtures::{at, awarded_dialogue, bid, call, organisation};
use crate::ocds::{BidResult, OutcomeFacts};

const SITE: NoticeSite = NoticeSite {
    base: "https://gare.example.it",
};

/// Deadlines a month apart from 15 January 2027, noon in Rome.
fn with_deadlines(mut facts: CallFacts) -> CallFacts {
    for (i, phase) in facts.spec.phases.iter_mut().enumerate() {
        phase.deadline = Some(at("2027-01-15T11:00:00Z") + chrono::Duration::days(30 * i as i64));
    }
    facts
}

fn dialogue() -> CallFacts {
    with_deadlines(awarded_dialogue())
}

/// A PCP whose first phase admitted two suppliers and turned one down.
fn decided_pcp() -> CallFacts {
    let mut facts = with_deadlines(call(Procedure::Pcp));
    facts.spec.cig = Some("A0123456B7".into());
    facts.spec.nuts = Some("ITH55".into());
    let (alfa, beta, gamma) = (
        organisation("Alfa <S.r.l.> & C.", "03841571205"),
        organisation("Beta", "02987654320"),
        organisation("Gamma GmbH", "DE123456789"),
    );
    let mut gamma = gamma;
    gamma.country = "DE".into();
    facts.phases[0].outcome = Some(OutcomeFacts {
        decided_at: at("2027-02-01T11:30:00Z"),
        decision: "Ammessi alla fase 2".into(),
        standstill_until: None,
        bids: vec![
            bid("R-1", &alfa, Some(38_000_000), BidResult::Admitted),
            bid("R-2", &beta, Some(37_500_050), BidResult::Admitted),
            bid("R-3", &gamma, Some(30_000_000), BidResult::NotAdmitted),
            bid("R-4", &gamma, None, BidResult::Withdrawn),
        ],
    });
    facts
}

fn xml(facts: &CallFacts, kind: NoticeKind) -> String {
    notice(facts, kind, SITE).expect("the notice exists")
}

#[test]
fn a_pcp_has_the_subtypes_outside_the_directives() {
    let pcp = xml(&decided_pcp(), NoticeKind::Contract);
    assert!(pcp.contains(r#"<cbc:SubTypeCode listName="notice-subtype">E3</cbc:SubTypeCode>"#));
    assert!(pcp.contains("<cbc:RegulatoryDomain>other</cbc:RegulatoryDomain>"));
    assert!(pcp.contains(">open</cbc:ProcedureCode>"), "{pcp}");
    assert!(pcp.contains("<cac:TenderSubmissionDeadlinePeriod>"));
    assert!(pcp.contains(">fa-wo-rc</cbc:ContractingSystemTypeCode>"));
    assert!(xml(&decided_pcp(), NoticeKind::Award).contains(">E4</cbc:SubTypeCode>"));
}

#[test]
fn no_notice_is_served_that_the_sdk_would_refuse() {
    // A dialogue's contract notice needs the authority's profile; its award notice the
    // winners' size, which the platform does not record.
    let mut dialogue = dialogue();
    dialogue.spec.nuts = Some("ITH55".into());
    assert_eq!(available(&dialogue), [NoticeKind::Contract]);
    assert!(notice(&dialogue, NoticeKind::Award, SITE).is_none());
    assert_eq!(missing(&dialogue), None);
    dialogue.authority.profile = None;
    assert!(available(&dialogue).is_empty());
    assert_eq!(missing(&dialogue), Some(Missing::AuthorityProfile));
    // A PCP without its place of performance.
    let mut unplaced = decided_pcp();
    unplaced.spec.nuts = None;
    assert!(available(&unplaced).is_empty());
    assert_eq!(missing(&unplaced), Some(Missing::Place));
    // A call whose first deadline is on the day it was published (in Rome): its award can be
    // told, its contract notice cannot.
    let mut same_day = decided_pcp();
    same_day.published_at = at("2027-01-14T23:30:00Z"); // 15 January, 00:30 in Rome
    assert_eq!(available(&same_day), [NoticeKind::Award]);
    assert_eq!(missing(&same_day), Some(Missing::LaterDeadline));
    same_day.published_at = at("2027-01-14T22:30:00Z"); // 14 January, 23:30 in Rome
    assert_eq!(available(&same_day), NoticeKind::ALL);
}

#[test]
fn the_award_notice_waits_for_the_award() {
    let mut undecided = decided_pcp();
    undecided.phases[0].outcome = None;
    assert_eq!(available(&undecided), [NoticeKind::Contract]);
    assert!(notice(&undecided, NoticeKind::Award, SITE).is_none());
    assert_eq!(available(&decided_pcp()), NoticeKind::ALL);
    // A dialogue's selection of candidates is no award.
    let mut selected = dialogue();
    let last = selected.phases.len() - 1;
    assert!(award::decided_phase(&selected).is_some());
    for phase in &mut selected.phases[1..=last] {
        phase.outcome = None;
    }
    assert!(award::decided_phase(&selected).is_none());
}

#[test]
fn the_award_lists_every_tender_but_withdrawn_ones_and_contracts_for_the_winners() {
    let award = xml(&decided_pcp(), NoticeKind::Award);
    assert_eq!(
        award.matches("<efac:TenderReference>").count(),
        3,
        "{award}"
    );
    assert!(!award.contains(">R-4<"));
    assert_eq!(award.matches("<efac:ContractReference>").count(), 2);
    assert!(award.contains(r#"<cbc:PayableAmount currencyID="EUR">375000.50</cbc:PayableAmount>"#));
    assert!(award.contains(">selec-w</cbc:TenderResultCode>"));
    assert!(
        award
            .contains(r#"<cbc:IdentificationCode listName="country">DEU</cbc:IdentificationCode>"#)
    );
    // Names are text, never markup.
    assert!(award.contains("Alfa &lt;S.r.l.&gt; &amp; C."));
}

#[test]
fn italian_specifics_are_carried_where_eforms_has_them() {
    let facts = decided_pcp();
    let notice = xml(&facts, NoticeKind::Contract);
    assert!(notice.contains(r#"<cbc:ID schemeName="InternalID">A0123456B7</cbc:ID>"#));
    assert!(
        notice.contains(
            r#"<cbc:CountrySubentityCode listName="nuts">ITH55</cbc:CountrySubentityCode>"#
        )
    );
    assert!(notice.contains("<cbc:CompanyID>80062590379</cbc:CompanyID>"));
    assert!(notice.contains(r#"<cbc:NoticeLanguageCode>ITA</cbc:NoticeLanguageCode>"#));
    // Published at 10:00 UTC on 1 December: 11:00 in Rome (CET).
    assert!(
        notice.contains("<cbc:IssueDate>2026-12-01+01:00</cbc:IssueDate>"),
        "{notice}"
    );
    assert!(notice.contains("<cbc:IssueTime>11:00:00+01:00</cbc:IssueTime>"));
}

#[test]
fn the_same_facts_give_the_same_notice_and_each_notice_its_own_id() {
    let facts = decided_pcp();
    assert_eq!(
        xml(&facts, NoticeKind::Award),
        xml(&facts, NoticeKind::Award)
    );
    let id = |x: &str| x.split("schemeName=\"notice-id\">").nth(1).unwrap()[..36].to_string();
    assert_ne!(
        id(&xml(&facts, NoticeKind::Contract)),
        id(&xml(&facts, NoticeKind::Award))
    );
}

#[test]
fn a_dialogue_notice_states_the_candidates_the_review_body_and_its_funding() {
    let mut facts = dialogue();
    facts.spec.nuts = Some("ITH55".into());
    let unlimited = xml(&facts, NoticeKind::Contract);
    assert!(unlimited.contains("<cbc:LimitationDescription>false</cbc:LimitationDescription>"));
    assert!(unlimited.contains("<cbc:MinimumQuantity>3</cbc:MinimumQuantity>"));
    assert!(!unlimited.contains("<cbc:MaximumQuantity>"));
    assert!(unlimited.contains(">no-eu-funds</cbc:FundingProgramCode>"));
    assert!(unlimited.contains("art. 120"));
    assert!(unlimited.contains(r#"<cbc:DescriptionCode listName="timeperiod">UNKNOWN"#));
    let selection = facts
        .spec
        .phases
        .iter_mut()
        .find(|p| p.min_candidates.is_some())
        .unwrap();
    selection.max_candidates = Some(5);
    facts.spec.eu_funded = true;
    let limited = xml(&facts, NoticeKind::Contract);
    assert!(limited.contains("<cbc:LimitationDescription>true</cbc:LimitationDescription>"));
    assert!(limited.contains("<cbc:MaximumQuantity>5</cbc:MaximumQuantity>"));
    assert!(limited.contains(">eu-funds</cbc:FundingProgramCode>"));
    assert!(limited.contains("<cbc:CityName>Bologna</cbc:CityName>"));
    assert!(limited.contains("<cbc:Telephone>+39 051 5271</cbc:Telephone>"));
}
