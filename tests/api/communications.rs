//! Confirming an outcome informs every bidder on the platform (art. 90 c.1 b–d): the winners of
//! the award, the others with the winners' names, each exclusion with its reason; the supplier
//! sees its unread communications, opening one records when it was read, and the authority sees
//! that; no other organisation can read it.

use serde_json::Value;

use crate::demo::{decide_the_demo_first_phase, demo_token};
use crate::helpers::spawn_app_with;

#[tokio::test]
async fn an_outcome_informs_every_bidder_and_records_when_each_read_it() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let mut kinds = Vec::new();
    let mut mine = Vec::new();
    for n in 1..=3 {
        let email = format!("fornitore{n}@demo.it");
        let token = demo_token(&app, &email, "demo-fornitore-2026").await;
        let inbox: Value = app
            .get_json("/api/v1/communications", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let of_call: Vec<Value> = inbox
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["call_id"] == demo.call_id.as_str())
            .cloned()
            .collect();
        assert_eq!(
            of_call.len(),
            1,
            "one communication of this outcome for {email}"
        );
        let c = &of_call[0];
        assert!(c["read_at"].is_null() && !c["delivered_at"].is_null());
        assert_eq!(c["overdue"], false);
        kinds.push(c["kind"].as_str().unwrap().to_string());
        mine.push((email, token, c.clone()));
    }
    kinds.sort();
    assert_eq!(
        kinds,
        ["award", "award", "award_notice"],
        "two awarded, one told who won"
    );
    let (_, _, notice) = mine
        .iter()
        .find(|(_, _, c)| c["kind"] == "award_notice")
        .unwrap();
    let awarded: Vec<String> = demo
        .lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["admitted"] == true)
        .map(|l| l["proposal_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(awarded.len(), 2);
    assert!(
        notice["body"].as_str().unwrap().contains("Aggiudicatari:"),
        "names the winners: {notice}"
    );

    // The supplier's home counts it unread; opening its page records the reading, once.
    let (email, token, c) = &mine[0];
    let id = c["id"].as_str().unwrap();
    let browser = app.browser_with(Some(email), "demo-fornitore-2026").await;
    let (_, home) = browser.page("/supplier").await;
    assert!(home.contains("non lette"), "the unread count: {home}");
    let header_count = |page: &str| -> usize {
        scraper::Html::parse_document(page)
            .select(&scraper::Selector::parse("#header-unread").unwrap())
            .next()
            .map(|e| e.text().next().unwrap().trim().parse().expect("a number"))
            .unwrap_or(0)
    };
    let before = header_count(&home);
    assert!(before >= 1, "the header counts the unread");
    let (status, page) = browser.page(&format!("/communications/{id}")).await;
    assert_eq!(status, 200);
    let (_, home) = browser.page("/supplier").await;
    assert_eq!(header_count(&home), before - 1, "one fewer once read");
    assert!(page.contains(c["subject"].as_str().unwrap()));
    let read: Value = app
        .get_json(&format!("/api/v1/communications/{id}"), Some(token))
        .await
        .json()
        .await
        .unwrap();
    let first_read = read["read_at"].as_str().expect("read").to_string();
    let again: Value = app
        .get_json(&format!("/api/v1/communications/{id}"), Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["read_at"],
        first_read.as_str(),
        "the first reading is kept"
    );
    let english: Value = app
        .get_json(&format!("/api/v1/communications/{id}?lang=en"), Some(token))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        english["body"]
            .as_str()
            .unwrap()
            .starts_with("At the outcome")
    );

    // The authority sees who read what; another supplier and an evaluator see nothing.
    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let list: Value = app
        .get_json(
            &format!("/api/v1/calls/{}/communications", demo.call_id),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let seen = list.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(seen["read_at"], first_read.as_str());
    assert!(
        list.iter()
            .filter(|c| c["id"] != id)
            .all(|c| c["read_at"].is_null())
    );
    let officer_browser = app
        .browser_with(Some("funzionaria@regione.demo"), "demo-funzionaria-2026")
        .await;
    let (status, page) = officer_browser
        .page(&format!("/officer/calls/{}/communications", demo.call_id))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Non ancora letta"));
    assert!(
        page.contains("non è configurato") && page.contains("in coda"),
        "without SMTP the officer is told the e-mails wait: {page}"
    );
    let (other_email, other_token, _) = &mine[1];
    let res = app
        .get_json(&format!("/api/v1/communications/{id}"), Some(other_token))
        .await;
    assert_eq!(
        res.status(),
        404,
        "{other_email} cannot read another's communication"
    );
    let evaluator = demo_token(&app, "valutatore1@regione.demo", "demo-valutatore-2026").await;
    for path in [
        format!("/api/v1/communications/{id}"),
        format!("/api/v1/calls/{}/communications", demo.call_id),
    ] {
        assert_eq!(
            app.get_json(&path, Some(&evaluator)).await.status(),
            404,
            "{path}"
        );
    }
    assert_eq!(
        app.get_json("/api/v1/communications", None).await.status(),
        401
    );
}

/// An addendum asks every organisation with an active proposal to confirm or replace it; the
/// cancellation of the call tells everyone who took part why (art. 90 c.1 a); an organisation that
/// took no part is told nothing.
#[tokio::test]
async fn addenda_and_cancellations_reach_those_who_took_part() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call, phase) =
        crate::helpers::publish(&app, &officer, &crate::helpers::pcp_call("PCP-COM-1")).await;
    let supplier = app.token(&accounts.supplier).await;
    let res = crate::helpers::submit(
        &app,
        &supplier,
        &phase,
        crate::helpers::proposal_form(b"%PDF proposta", 1_000_000),
    )
    .await;
    assert_eq!(res.status(), 201);
    let (_, bystander_email) =
        crate::helpers::register_supplier(&app, "Spettatore", &crate::whole_pcp::vat_number(77))
            .await;
    let bystander = app.token(&bystander_email).await;
    let form = reqwest::multipart::Form::new().text("body", "Rettifica del capitolato, art. 3.");
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{call}/addenda")))
        .bearer_auth(&officer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let reason = "Il finanziamento regionale è stato revocato.";
    let res = app
        .post_json(
            &format!("/api/v1/calls/{call}/cancel"),
            Some(&officer),
            &serde_json::json!({"reason": reason}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let inbox: Value = app
        .get_json("/api/v1/communications", Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["cancellation", "addendum"], "newest first");
    assert!(inbox[0]["body"].as_str().unwrap().contains(reason));
    assert!(
        inbox[1]["body"]
            .as_str()
            .unwrap()
            .contains("confermate o la sostituite")
    );
    let none: Value = app
        .get_json("/api/v1/communications", Some(&bystander))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none, serde_json::json!([]), "no part, no communication");
}
