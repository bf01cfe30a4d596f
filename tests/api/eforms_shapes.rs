//! Every shape of outcome and dialogue the platform can produce gives notices the SDK accepts.

use crate::eforms::{assert_valid, profile};

/// Every shape a PCP phase's outcome can take gives notices the SDK accepts: no winner, one
/// winner, withdrawn proposals, foreign bidders, markup and quotes in names, no price stated.
#[test]
fn every_shape_of_a_pcp_outcome_gives_a_valid_notice() {
    use chrono::{DateTime, Duration, Utc};
    use pcp_desk::domain::call::{CallSpec, CallStatus};
    use pcp_desk::domain::organisation::SupplierProfile;
    use pcp_desk::domain::phase::{Procedure, template};
    use pcp_desk::eforms::{NoticeKind, NoticeSite, notice};
    use pcp_desk::ocds::{
        AuthorityFacts, BidFacts, BidResult, CallFacts, OrganisationFacts, OutcomeFacts, PhaseFacts,
    };

    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let published = at("2027-03-30T22:15:00Z"); // 31 March in Rome, summer time
    let mut phases = template(Procedure::Pcp);
    for (i, phase) in phases.iter_mut().enumerate() {
        phase.deadline = Some(published + Duration::days(40 * (i as i64 + 1)));
    }
    let call = |bids: Vec<BidFacts>| CallFacts {
        id: uuid::Uuid::new_v4().to_string(),
        ocid: "ocds-pcpdsk-x".into(),
        authority: AuthorityFacts {
            name: "Comune di Reggio nell'Emilia".into(),
            fiscal_code: "00145920351".into(),
            address: "Piazza Prampolini 1".into(),
            profile: None,
        },
        spec: CallSpec {
            procedure: Procedure::Pcp,
            reference: "PCP \"2027\" <01>".into(),
            title: "Servizi R&S <per> la mobilità".into(),
            summary: String::new(),
            description: String::new(),
            cpv_codes: vec!["73000000-2".into(), "72000000-5".into()],
            budget_cents: 123_456_789,
            contact: "Ufficio gare, gare@comune.re.it, 0522 456111".into(),
            committee_max: 3,
            cig: Some("Z0A1B2C3D4".into()),
            nuts: Some("ITH53".into()),
            eu_funded: true,
            ipr_exploitation_months: None,
            phases: phases.clone(),
        },
        currency: "EUR".into(),
        status: CallStatus::Published,
        published_at: published,
        closed_at: None,
        cancel_reason: None,
        documents: Vec::new(),
        addenda: Vec::new(),
        phases: (0..phases.len())
            .map(|i| PhaseFacts {
                id: format!("p{i}"),
                outcome: (i == 0).then(|| OutcomeFacts {
                    decided_at: published + Duration::days(60),
                    decision: "Esito".into(),
                    standstill_until: None,
                    bids: bids.clone(),
                }),
            })
            .collect(),
        contracts: Vec::new(),
        award_held: false,
    };
    let org = |name: &str, vat: &str, country: &str| OrganisationFacts {
        legal_name: name.into(),
        vat_number: vat.into(),
        country: country.into(),
        profile: Some(SupplierProfile {
            city: "Sede".into(),
            postal_code: "12345".into(),
            nuts: match country {
                "IT" => "ITH55",
                "DE" => "DE212",
                _ => "FR101",
            }
            .into(),
            size: if country == "IT" { "small" } else { "large" }.into(),
        }),
    };
    let bid = |n: usize, who: OrganisationFacts, price: Option<i64>, result: BidResult| BidFacts {
        receipt_number: format!("PCP-{n:04}"),
        received_at: published + Duration::days(30),
        organisation: who,
        price_cents: price,
        result,
    };
    let italian = org("Officine \"Nuove\" & <Figli> S.p.A.", "03841571205", "IT");
    let german = org("Forschung GmbH", "DE123456789", "DE");
    let french = org("Recherche SAS", "FR12345678901", "FR");
    let shapes = [
        (
            "no-winner",
            vec![
                bid(1, italian.clone(), Some(1), BidResult::NotAdmitted),
                bid(2, german.clone(), None, BidResult::Excluded),
            ],
        ),
        (
            "all-withdrawn",
            vec![bid(1, german.clone(), Some(9), BidResult::Withdrawn)],
        ),
        (
            "one-winner",
            vec![
                bid(1, italian.clone(), Some(38_000_000), BidResult::Admitted),
                bid(2, german.clone(), None, BidResult::Withdrawn),
            ],
        ),
        (
            "many",
            vec![
                bid(1, italian.clone(), Some(999), BidResult::Admitted),
                bid(2, german.clone(), Some(38_000_000), BidResult::Admitted),
                bid(3, french.clone(), None, BidResult::Admitted),
                bid(4, french.clone(), Some(5), BidResult::Withdrawn),
                bid(5, italian.clone(), Some(7), BidResult::Excluded),
            ],
        ),
    ];
    let site = NoticeSite {
        base: "https://gare.example.it",
    };
    let mut notices = Vec::new();
    for (name, bids) in shapes {
        let facts = call(bids);
        for kind in NoticeKind::ALL {
            let xml = notice(&facts, kind, site).unwrap_or_else(|| panic!("{name} {kind:?}"));
            notices.push((format!("{name}-{}", kind.slug()), xml));
        }
    }
    // A dialogue, with the authority's profile, limiting the candidates or not.
    let mut dialogue = call(Vec::new());
    dialogue.spec.procedure = Procedure::CompetitiveDialogue;
    dialogue.spec.phases = template(Procedure::CompetitiveDialogue);
    for (i, phase) in dialogue.spec.phases.iter_mut().enumerate() {
        phase.deadline = Some(published + Duration::days(35 + 40 * i as i64));
    }
    dialogue.phases = (0..dialogue.spec.phases.len())
        .map(|i| PhaseFacts {
            id: format!("d{i}"),
            outcome: None,
        })
        .collect();
    dialogue.authority.profile = Some(serde_json::from_value(profile()).unwrap());
    for max in [None, Some(5)] {
        dialogue.spec.phases[1].max_candidates = max;
        let xml = notice(&dialogue, NoticeKind::Contract, site).expect("a dialogue's notice");
        notices.push((format!("dialogue-{max:?}"), xml));
    }
    assert!(notice(&dialogue, NoticeKind::Award, site).is_none());
    assert!(notices[1].1.contains(">clos-nw</cbc:TenderResultCode>"));
    assert!(notices[1].1.contains(">all-rej</efbc:DecisionReasonCode>"));
    assert!(notices[3].1.contains(">no-rece</efbc:DecisionReasonCode>"));
    assert_valid(&notices);
}
