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
    // The officer is told what is missing, on the call's page.
    let officer_browser = app.browser(Some(&accounts.officer)).await;
    let page = || async { officer_browser.page(&format!("/calls/{call_id}")).await.1 };
    let before = page().await;
    assert!(
        crate::helpers::texts(&before, "#eforms-missing")
            .concat()
            .contains("profilo dell'amministrazione"),
        "{before}"
    );

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
    let after = page().await;
    assert!(crate::helpers::texts(&after, "#eforms-missing").is_empty());
    assert!(after.contains(&format!("/eforms/{call_id}/contract-notice.xml")));
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
