//! eForms notices: served for public PCP calls, listed in the API, linked for officers, and
//! valid against the official SDK 1.15.1 (XSD and Schematron) when the validator tier runs.

use std::process::Command;

use serde_json::Value;

use crate::demo::{DecidedDemo, decide_the_demo_first_phase, demo_token};
use crate::helpers::{TestApp, require_all, spawn_app_with};

/// Runs `PCP_DESK_EFORMS_VALIDATOR` (a command taking notice files, see `.ci/run`) over the
/// notices; returns whether all passed and the report, or None when the tier is not set up.
fn run_validator(notices: &[(String, String)]) -> Option<(bool, String)> {
    let Some(command) = std::env::var("PCP_DESK_EFORMS_VALIDATOR")
        .ok()
        .filter(|c| !c.trim().is_empty())
    else {
        assert!(
            !require_all(),
            "PCP_DESK_REQUIRE_ALL=1 but PCP_DESK_EFORMS_VALIDATOR is not set (see .ci/run)"
        );
        eprintln!("SKIPPED eForms validation: PCP_DESK_EFORMS_VALIDATOR is not set");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = notices
        .iter()
        .map(|(name, xml)| {
            let path = dir.path().join(format!("{name}.xml"));
            std::fs::write(&path, xml).unwrap();
            path
        })
        .collect();
    let mut words = command.split_whitespace();
    let output = Command::new(words.next().unwrap())
        .args(words)
        .args(&paths)
        .output()
        .expect("the eForms validator runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), report))
}

/// Every notice the call has, fetched as a harvester would: the API's list, then each XML.
pub async fn notices_of(app: &TestApp, call_id: &str) -> Vec<(String, String)> {
    let res = app
        .get_json(&format!("/api/v1/calls/{call_id}/eforms"), None)
        .await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    let mut notices = Vec::new();
    for entry in list.as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        let path = &url[url.find("/eforms/").unwrap()..];
        let res = app.get_json(path, None).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/xml; charset=utf-8"
        );
        let name = format!("{call_id}-{}", entry["notice"].as_str().unwrap());
        notices.push((name, res.text().await.unwrap()));
    }
    notices
}

/// Every notice valid against the SDK, and the check able to fail.
pub fn assert_valid(notices: &[(String, String)]) {
    assert!(!notices.is_empty());
    if let Some((ok, report)) = run_validator(notices) {
        assert!(ok, "eForms notices fail the SDK's rules:\n{report}");
    }
}

#[tokio::test]
async fn the_demo_pcps_have_valid_notices_and_a_broken_one_fails() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let DecidedDemo { call_id, .. } = decide_the_demo_first_phase(&app).await;
    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;

    // The API lists the contract notice (E3) and, after the first phase, the award notice (E4).
    let list: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}/eforms"), None)
        .await
        .json()
        .await
        .unwrap();
    let subtypes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["subtype"].as_str().unwrap())
        .collect();
    assert_eq!(subtypes, ["E3", "E4"], "{list}");

    let calls: Value = app
        .get_json("/api/v1/calls?per_page=100", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let mut all = Vec::new();
    let mut dialogues = 0;
    for call in calls["items"].as_array().unwrap() {
        let id = call["id"].as_str().unwrap();
        if call["status"] == "draft" {
            let res = app
                .get_json(&format!("/eforms/{id}/contract-notice.xml"), None)
                .await;
            assert_eq!(res.status(), 404, "a draft has no notice");
            continue;
        }
        let notices = notices_of(&app, id).await;
        if call["procedure"] == "competitive_dialogue" {
            // The contract notice under the directive; no award notice, which states when each
            // contract was concluded, a date the platform does not record yet.
            assert_eq!(notices.len(), 1, "{id}");
            assert!(notices[0].1.contains(">16</cbc:SubTypeCode>"));
            assert!(notices[0].1.contains(">comp-dial</cbc:ProcedureCode>"));
            assert!(notices[0].1.contains("Tribunale amministrativo regionale"));
            let res = app
                .get_json(&format!("/eforms/{id}/award-notice.xml"), None)
                .await;
            assert_eq!(res.status(), 404);
            dialogues += 1;
        }
        all.extend(notices);
    }
    assert!(dialogues > 0, "the demo has a dialogue");
    assert!(all.len() >= 3, "{}", all.len());
    let award = &all
        .iter()
        .find(|(n, _)| n.ends_with("award-notice"))
        .unwrap()
        .1;
    assert!(award.contains(">selec-w</cbc:TenderResultCode>"));
    assert!(!award.contains("<efac:TenderReference>\n\t\t\t\t\t\t\t\t<cbc:ID></cbc:ID>"));

    // A notice that lost its procedure type is refused by the same check.
    let contract = all
        .iter()
        .find(|(n, xml)| {
            n.ends_with("contract-notice") && xml.contains(">open</cbc:ProcedureCode>")
        })
        .unwrap();
    let broken = contract
        .1
        .replace(">open</cbc:ProcedureCode>", "></cbc:ProcedureCode>");
    assert_ne!(broken, contract.1);
    let broken = vec![("broken".to_string(), broken)];
    if let Some((ok, report)) = run_validator(&broken) {
        assert!(!ok, "a broken notice must fail:\n{report}");
        assert!(report.contains("element-not-empty"), "{report}");
    }
    assert_valid(&all);

    // Officers find the notices on the call's page; visitors do not.
    let page_for = |email: Option<&'static str>| {
        let app = &app;
        let call_id = call_id.clone();
        async move {
            let browser = match email {
                Some(e) => app.browser_with(Some(e), "demo-funzionaria-2026").await,
                None => app.browser(None).await,
            };
            browser.page(&format!("/calls/{call_id}")).await.1
        }
    };
    let officer_page = page_for(Some("funzionaria@regione.demo")).await;
    assert!(officer_page.contains(&format!("/eforms/{call_id}/award-notice.xml")));
    assert!(officer_page.contains("avviso di aggiudicazione (E4)"));
    let visitor_page = page_for(None).await;
    assert!(!visitor_page.contains("/eforms/"));

    // Unknown notices and unknown calls are not found.
    for path in [
        format!("/eforms/{call_id}/prior-information.xml"),
        "/eforms/no-such-call/contract-notice.xml".to_string(),
    ] {
        assert_eq!(app.get_json(&path, None).await.status(), 404, "{path}");
    }
}

/// The profile of the test authority: Bologna, with its review body.
pub fn profile() -> Value {
    serde_json::json!({
        "city": "Bologna",
        "postal_code": "40127",
        "nuts": "ITH55",
        "phone": "+39 051 5271",
        "legal_type": "ra",
        "activity": "gen-pub",
        "review_body": {
            "name": "Tribunale amministrativo regionale per l'Emilia-Romagna",
            "fiscal_code": "80071770376",
            "city": "Bologna",
            "postal_code": "40125",
            "nuts": "ITH55"
        }
    })
}

#[tokio::test]
async fn an_administrator_records_the_authority_profile_a_dialogue_notice_needs() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let accounts = app.seed_accounts().await;
    let admin = app.token(&accounts.admin).await;
    let officer = app.token(&accounts.officer).await;
    let mut call = crate::helpers::dialogue_call("DC-EFORMS-1", 35);
    call["nuts"] = serde_json::json!("ITH55");
    let (call_id, _) = crate::helpers::publish(&app, &officer, &call).await;
    let listed = format!("/api/v1/calls/{call_id}/eforms");
    let list = || async {
        app.get_json(&listed, None)
            .await
            .json::<Value>()
            .await
            .unwrap()
    };
    assert_eq!(list().await, serde_json::json!([]), "no profile, no notice");

    // Every bad field is named, and nothing is stored.
    let path = format!("/api/v1/authorities/{}/profile", accounts.authority_id);
    let mut bad = profile();
    bad["phone"] = serde_json::json!("051 5271");
    bad["review_body"]["fiscal_code"] = serde_json::json!("80071770375");
    bad["legal_type"] = serde_json::json!("regione");
    let res = app.put_json(&path, Some(&admin), &bad).await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    for field in [
        "profile.phone",
        "profile.review_body.fiscal_code",
        "profile.legal_type",
    ] {
        assert!(body.contains(field), "{field}: {body}");
    }
    assert_eq!(list().await, serde_json::json!([]));
    let res = app.put_json(&path, Some(&officer), &profile()).await;
    assert_eq!(res.status(), 403);

    let res = app.put_json(&path, Some(&admin), &profile()).await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["profile"], profile());
    let notices = notices_of(&app, &call_id).await;
    assert_eq!(notices.len(), 1);
    let xml = &notices[0].1;
    assert!(
        xml.contains(">16</cbc:SubTypeCode>") && xml.contains(">comp-dial</cbc:ProcedureCode>")
    );
    assert!(
        xml.contains(r#"<cbc:PartyTypeCode listName="buyer-legal-type">ra</cbc:PartyTypeCode>"#)
    );
    assert!(
        xml.contains("<cbc:CompanyID>80071770376</cbc:CompanyID>"),
        "the review body"
    );
    assert!(xml.contains(">no-eu-funds</cbc:FundingProgramCode>"));
    assert_valid(&notices);
}

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
