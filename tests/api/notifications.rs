//! Notices people expect: a supplier following a CPV code hears of each new call under it, and
//! no other; reminders 48 and 24 hours before a deadline reach an organisation that started and
//! has not submitted, once each; evaluators hear of their appointment and of the opening; each
//! kind can be turned off.

use chrono::Duration;
use serde_json::{Value, json};

use crate::demo::{decide_the_demo_first_phase, demo_token};
use crate::helpers::{
    TestClock, pcp_call, proposal_form, publish, register_supplier, spawn_app_at, spawn_app_with,
    submit,
};

async fn kinds(app: &crate::helpers::TestApp, token: &str) -> Vec<String> {
    let list: Value = app
        .get_json("/api/v1/notifications", Some(token))
        .await
        .json()
        .await
        .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_supplier_hears_of_new_calls_under_its_cpv_codes_and_of_its_deadlines_once() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 100, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let supplier = app.token(&accounts.supplier).await;

    // A CPV code that is not one is refused at its place; nothing is stored.
    let put = |body: Value| {
        let app = &app;
        let supplier = supplier.clone();
        async move {
            app.put_json("/api/v1/notifications/preferences", Some(&supplier), &body)
                .await
        }
    };
    let bad = put(json!({"off": [], "cpv_prefixes": ["73", "7x"]})).await;
    assert_eq!(bad.status(), 422);
    let bad: Value = bad.json().await.unwrap();
    assert_eq!(bad["fields"][0]["field"], "cpv_prefixes.1");
    let saved: Value = put(json!({"off": [], "cpv_prefixes": ["73"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["cpv_prefixes"], json!(["73"]));
    assert!(
        saved["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("reminder_24h"))
    );

    // A call under 73 is notified, one under 72 is not.
    let (call, phase) = publish(&app, &officer, &pcp_call("PCP-N-1")).await;
    let mut other = pcp_call("PCP-N-2");
    other["cpv_codes"] = json!(["72212000-4"]);
    publish(&app, &officer, &other).await;
    let list: Value = app
        .get_json("/api/v1/notifications", Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "new_call");
    assert_eq!(list[0]["call_id"], call.as_str());
    assert!(
        list[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Telemonitoraggio")
    );

    // Turned off, the next call under 73 is not notified.
    put(json!({"off": ["new_call"], "cpv_prefixes": ["73"]})).await;
    publish(&app, &officer, &pcp_call("PCP-N-3")).await;
    assert_eq!(kinds(&app, &supplier).await, ["new_call"]);

    // Reminders: the supplier's organisation is admitted to the phase and has not submitted;
    // another admitted organisation has.
    let (other_org, other_email) = register_supplier(&app, "Altro Srl", "01234567897").await;
    let other_token = app.token(&other_email).await;
    let res = submit(
        &app,
        &other_token,
        &phase,
        proposal_form(b"%PDF-1.4 x", 100_000),
    )
    .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let (phase_id, org) = (phase.clone(), accounts.organisation_id.clone());
    app.state
        .db(move |conn| {
            let now = chrono::Utc::now();
            pcp_desk::db::proposals::admit(conn, &phase_id, &org, now)?;
            pcp_desk::db::proposals::admit(conn, &phase_id, &other_org, now)?;
            Ok(())
        })
        .await
        .unwrap();
    let reminders = app.state.reminders.clone();
    let remind = || {
        let reminders = reminders.clone();
        async move {
            tokio::task::spawn_blocking(move || reminders.run_once().unwrap())
                .await
                .unwrap()
        }
    };
    assert_eq!(remind().await, 0, "thirty days before, nothing");
    // The phase closes at noon in Rome thirty days from now: 47 hours before it.
    let call_now: Value = app
        .get_json(&format!("/api/v1/calls/{call}"), None)
        .await
        .json()
        .await
        .unwrap();
    let deadline =
        chrono::DateTime::parse_from_rfc3339(call_now["phases"][0]["deadline"].as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc);
    let to = |before: Duration| (deadline - before - chrono::Utc::now()).num_seconds() + 1;
    clock.advance(Duration::seconds(to(Duration::hours(47))));
    assert_eq!(remind().await, 1, "the one that has not submitted");
    assert_eq!(remind().await, 0, "once");
    clock.advance(Duration::hours(24));
    assert_eq!(remind().await, 1, "and 24 hours before");
    let supplier = app.token(&accounts.supplier).await;
    assert_eq!(
        kinds(&app, &supplier).await,
        ["reminder_24h", "reminder_48h", "new_call"]
    );
    let other_token = app.token(&other_email).await;
    assert!(kinds(&app, &other_token).await.is_empty(), "it submitted");
}

#[tokio::test]
async fn evaluators_hear_of_their_appointment_and_of_the_opening_on_their_page() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    decide_the_demo_first_phase(&app).await;
    let browser = app
        .browser_with(Some("valutatore2@regione.demo"), "demo-valutatore-2026")
        .await;
    let (status, page) = browser.page("/account/notifications").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nomina in commissione") && page.contains("Proposte aperte"));
    assert!(page.contains("id=\"header-notifications\""));

    // Turning off the opening notice keeps the appointment one.
    let csrf = browser.csrf("/account/notifications").await;
    let res = browser
        .post_form(
            "/account/notifications",
            &[("csrf", &csrf), ("on", "appointed")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let token = demo_token(&app, "valutatore2@regione.demo", "demo-valutatore-2026").await;
    let prefs: Value = app
        .get_json("/api/v1/notifications/preferences", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(prefs["off"], json!(["proposals_open"]));
}
