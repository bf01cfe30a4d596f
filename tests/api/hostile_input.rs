//! Hostile input is normal input: redirects stay on the site, references cannot break headers.

use serde_json::json;

use crate::helpers::{location, pcp_call, spawn_app};

#[tokio::test]
async fn redirects_after_a_language_switch_or_a_sign_in_stay_on_this_site() {
    let app = spawn_app().await;
    let browser = app.browser(None).await;
    for hostile in [
        "/%09/evil.example",
        "/%0a/evil.example",
        "//evil.example",
        "/%5Cevil.example",
    ] {
        let res = browser.get(&format!("/lang/en?next={hostile}")).await;
        assert_eq!(res.status(), 303, "{hostile}");
        assert_eq!(location(&res), "/calls", "{hostile}");
    }
    let res = browser
        .get("/lang/en?next=/calls%3Fstatus%3Dpublished")
        .await;
    assert_eq!(
        location(&res),
        "/calls?status=published",
        "a path on this site is kept"
    );
    let (status, html) = browser.page("/login?next=/%09/evil.example").await;
    assert_eq!(status, 200);
    let next: Vec<(String, String)> = crate::helpers::form_pairs(&html, "form[action='/login']")
        .into_iter()
        .filter(|(k, _)| k == "next")
        .collect();
    assert!(
        next.iter().all(|(_, v)| v.is_empty()),
        "the sign-in form does not carry it: {next:?}"
    );
}

#[tokio::test]
async fn a_reference_with_quotes_or_control_characters_is_refused() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    for reference in ["PCP\"; filename=x", "PCP\r\nX: 1", "PCP\u{0}"] {
        let res = app
            .post_json("/api/v1/calls", Some(&token), &pcp_call(reference))
            .await;
        assert_eq!(res.status(), 422, "{reference:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["fields"][0]["field"], "reference");
    }
    let ok = app
        .post_json(
            "/api/v1/calls",
            Some(&token),
            &json!({"procedure": "pcp", "reference": "PCP-ER/2027-01", "title": "T"}),
        )
        .await;
    assert_eq!(ok.status(), 201);
}
