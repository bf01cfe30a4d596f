//! Two-step opening and anonymity, route by route: what the committee and the officer read of a
//! proposal at each step, by the API, the evaluator's download route and the results.

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, TestClock, file_part, pcp_call_closing_in, publish, register_supplier, spawn_app_at,
    submit,
};
use crate::procedure::{
    appoint_declare_open, committee, consensus_of_means, decide, score_and_submit,
};

fn full_proposal(name: &str, price_cents: i64) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part(
            "administrative",
            file_part("dgue.pdf", format!("%PDF DGUE di {name}").into_bytes()),
        )
        .part(
            "technical",
            file_part("tecnica.pdf", format!("%PDF tecnica {name}").into_bytes()),
        )
        .part(
            "financial",
            file_part("economica.pdf", format!("%PDF prezzo {name}").into_bytes()),
        )
        .text("price_cents", price_cents.to_string())
}

async fn read(app: &TestApp, proposal: &str, token: &str) -> Value {
    let res = app
        .get_json(&format!("/api/v1/proposals/{proposal}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn envelopes(seen: &Value) -> Vec<String> {
    let mut e: Vec<String> = seen["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["envelope"].as_str().unwrap().to_string())
        .collect();
    e.sort();
    e
}

/// Every download route for a file, as this token (API) and this browser (evaluator page).
async fn downloads(
    app: &TestApp,
    proposal: &str,
    file: &str,
    token: &str,
    email: &str,
) -> (u16, u16) {
    let api = app
        .get_json(
            &format!("/api/v1/proposals/{proposal}/files/{file}"),
            Some(token),
        )
        .await
        .status()
        .as_u16();
    let page = app
        .browser(Some(email))
        .await
        .get(&format!("/evaluator/proposals/{proposal}/files/{file}"))
        .await
        .status()
        .as_u16();
    (api, page)
}

#[tokio::test]
async fn the_committee_reads_only_technical_envelopes_under_stable_labels_and_prices_only_when_final()
 {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let admin = app.token(&accounts.admin).await;
    let officer = app.token(&accounts.officer).await;
    let mut call = pcp_call_closing_in("PCP-SEAL", 2);
    call["phases"][0]["criteria"] = json!([
        {"name": "Qualità tecnica", "kind": "quality", "weight": 80, "max_points": 80, "min_threshold": 40},
        {"name": "Prezzo", "kind": "price", "weight": 20, "max_points": 20}
    ]);
    let (call_id, phase) = publish(&app, &officer, &call).await;

    let mut authors = Vec::new();
    for (name, vat, price) in [
        ("Alfa", "03841571205", 5_000_000),
        ("Beta", "02987654320", 4_000_000),
        ("Gamma", "04172635486", 1_000_000),
    ] {
        let (_, email) = register_supplier(&app, name, vat).await;
        let token = app.token(&email).await;
        let receipt: Value = submit(&app, &token, &phase, full_proposal(name, price))
            .await
            .json()
            .await
            .unwrap();
        authors.push((token, receipt["proposal_id"].as_str().unwrap().to_string()));
    }
    // Alfa replaces its proposal: the replaced one must not take a letter.
    let replaced: Value = submit(
        &app,
        &authors[0].0,
        &phase,
        full_proposal("Alfa", 5_000_000),
    )
    .await
    .json()
    .await
    .unwrap();
    authors[0].1 = replaced["proposal_id"].as_str().unwrap().to_string();
    let file_of = |seen: &Value, envelope: &str| {
        seen["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["envelope"] == envelope)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut files = Vec::new();
    for (token, proposal) in &authors {
        let own = read(&app, proposal, token).await;
        files.push((file_of(&own, "administrative"), file_of(&own, "financial")));
    }

    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let c = committee(&app, &admin, &officer, "seal", 3).await;
    appoint_declare_open(&app, &officer, &phase, &c).await;
    let member = &c.members[1].1;
    let member_email = "seal1@test.it";

    // Opened, scores not final: labels only, technical envelopes only, no price for anyone.
    let labels: Vec<String> = {
        let mut out = Vec::new();
        for (_, proposal) in &authors {
            let seen = read(&app, proposal, member).await;
            assert_eq!(envelopes(&seen), ["technical"], "{seen}");
            assert_eq!(
                seen["receipt_number"], "",
                "no receipt number beside a label"
            );
            assert_eq!(seen["organisation_id"], "");
            assert!(seen["price_cents"].is_null());
            out.push(seen["organisation_name"].as_str().unwrap().to_string());
        }
        out
    };
    assert_eq!(
        labels,
        ["Proposta C", "Proposta A", "Proposta B"],
        "letters in the order of receipt, none skipped for the replaced proposal"
    );
    for (i, (_, proposal)) in authors.iter().enumerate() {
        let (administrative, financial) = &files[i];
        assert_eq!(
            downloads(&app, proposal, financial, member, member_email).await,
            (404, 404),
            "the committee cannot download a sealed price file"
        );
        assert_eq!(
            downloads(&app, proposal, administrative, member, member_email).await,
            (404, 404),
            "nor, anonymised, the declarations that name the bidder"
        );
        let by_officer = read(&app, proposal, &officer).await;
        assert_eq!(envelopes(&by_officer), ["administrative", "technical"]);
        assert!(
            by_officer["price_cents"].is_null(),
            "two-step: sealed for the officer too"
        );
    }

    // Gamma falls below the threshold of 40: its financial envelope is never opened.
    let scores: Vec<(String, Vec<Vec<String>>)> = authors
        .iter()
        .zip(["60", "70", "30"])
        .map(|((_, p), s)| (p.clone(), vec![vec![s.to_string()]; 3]))
        .collect();
    score_and_submit(&app, &phase, &c, &[0], &scores).await;
    let ids: Vec<String> = authors.iter().map(|(_, p)| p.clone()).collect();
    consensus_of_means(&app, &phase, &c, &[0], &ids).await;

    for (i, (_, proposal)) in authors.iter().enumerate() {
        let seen = read(&app, proposal, member).await;
        let by_officer = read(&app, proposal, &officer).await;
        let (_, financial) = &files[i];
        if i == 2 {
            assert!(seen["price_cents"].is_null() && by_officer["price_cents"].is_null());
            assert_eq!(envelopes(&seen), ["technical"]);
            assert_eq!(
                downloads(&app, proposal, financial, member, member_email).await,
                (404, 404),
                "excluded at the technical stage: nobody opens its price"
            );
        } else {
            assert!(seen["price_cents"].is_i64(), "opened once final: {seen}");
            assert_eq!(envelopes(&seen), ["financial", "technical"]);
            assert_eq!(
                downloads(&app, proposal, financial, member, member_email)
                    .await
                    .0,
                200
            );
            assert!(
                seen["organisation_name"]
                    .as_str()
                    .unwrap()
                    .starts_with("Proposta"),
                "still anonymous until the outcome"
            );
        }
    }

    let lines = decide(&app, &officer, &phase).await;
    let gamma = lines
        .iter()
        .find(|l| l["proposal_id"] == authors[2].1.as_str())
        .unwrap();
    assert!(gamma["price_cents"].is_null());
    assert_eq!(gamma["excluded"]["reason"], "below_threshold");
    // Beta: 70 + 20 × 40/40 = 90; Alfa: 60 + 20 × 40/50 = 76. Gamma's 10,000 set nobody's points.
    let total = |i: usize| {
        lines
            .iter()
            .find(|l| l["proposal_id"] == authors[i].1.as_str())
            .unwrap()["total"]
            .clone()
    };
    assert_eq!((total(1), total(0)), (json!("90"), json!("76")));
    let named = read(&app, &authors[0].1, member).await;
    assert_eq!(
        named["organisation_name"], "Alfa",
        "names once the outcome is confirmed"
    );
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{call_id}"))
        .await;
    assert!(
        page.contains("€ 40.000,00") && !page.contains("€ 10.000,00"),
        "the sealed price stays out of the results"
    );
}
