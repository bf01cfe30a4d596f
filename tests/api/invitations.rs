//! A colleague joins an organisation through a one-time link and chooses their own password:
//! the inviter never sees or types it.

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, TestClock, form_pairs, location, register_supplier, set_pair, spawn_app,
    spawn_app_with_clock,
};

/// The token at the end of an invitation link.
fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

async fn invite(app: &crate::helpers::TestApp, token: &str, org: &str, email: &str) -> Value {
    let res = app
        .post_json(
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(token),
            &json!({"email": email, "display_name": "Collega Rossi"}),
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

async fn accept(app: &crate::helpers::TestApp, link: &str, password: &str) -> (u16, Value) {
    let res = app
        .post_json(
            &format!("/api/v1/invitations/{}", token_of(link)),
            None,
            &json!({ "password": password }),
        )
        .await;
    (res.status().as_u16(), res.json().await.unwrap())
}

fn fields(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_invited_colleague_chooses_a_password_and_the_link_works_once() {
    let app = spawn_app().await;
    let (org, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;
    let invitation = invite(&app, &token, &org, "Collega@Fornitore.example").await;
    let link = invitation["url"].as_str().unwrap();
    assert!(
        link.starts_with(&app.address) && link.contains("/invitations/"),
        "{link}"
    );
    assert_eq!(invitation["email"], "collega@fornitore.example");

    // The page behind the link names the organisation and asks for a new password only.
    let path = link.trim_start_matches(&app.address);
    let page = reqwest::get(link).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("Lab Emilia") && html.contains("collega@fornitore.example"));
    assert!(
        html.contains(r#"type="password" autocomplete="new-password""#),
        "{html}"
    );

    let (status, body) = accept(&app, link, "password1234").await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        [("password".into(), "password_too_guessable".into())]
    );
    let (status, body) = accept(&app, link, PASSWORD).await;
    assert_eq!(status, 201, "{body}");
    let colleague = app.token("collega@fornitore.example").await;
    let me: Value = app
        .get_json("/api/v1/me", Some(&colleague))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["organisation_id"], org.as_str());

    // Used once, the link is dead, in the API and on the page.
    let (status, body) = accept(&app, link, PASSWORD).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        [("token".into(), "invitation_not_valid".into())]
    );
    let (status, html) = app.browser(None).await.page(path).await;
    assert_eq!(status, 404);
    assert!(html.contains("non è più valido"), "{html}");
    // Inviting an address that already has an account is refused.
    let res = app
        .post_json(
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(&token),
            &json!({"email": "collega@fornitore.example", "display_name": "Di nuovo"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn only_the_organisation_invites_and_an_old_link_expires() {
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let (org, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let (_, other) = register_supplier(&app, "Altra Srl", "01234567897").await;
    let token = app.token(&email).await;
    let other_token = app.token(&other).await;
    let res = app
        .post_json(
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(&other_token),
            &json!({"email": "intruso@example.it", "display_name": "Intruso"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(&token),
            &json!({"email": "not an address", "display_name": ""}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let names: Vec<String> = fields(&body).into_iter().map(|(f, _)| f).collect();
    assert_eq!(names, ["email", "display_name"]);

    let invitation = invite(&app, &token, &org, "tardi@fornitore.example").await;
    clock.advance(Duration::days(7) + Duration::minutes(1));
    let (status, body) = accept(&app, invitation["url"].as_str().unwrap(), PASSWORD).await;
    assert_eq!(status, 422);
    assert_eq!(
        fields(&body),
        [("token".into(), "invitation_not_valid".into())]
    );
}

#[tokio::test]
async fn the_supplier_page_invites_without_a_password_and_the_colleague_joins_by_form() {
    let app = spawn_app().await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let supplier = app.browser(Some(&email)).await;
    let (_, home) = supplier.page("/supplier").await;
    let mut pairs = form_pairs(&home, "form[action='/supplier/colleagues']");
    assert!(
        !pairs.iter().any(|(name, _)| name == "password"),
        "the inviter never chooses the colleague's password: {pairs:?}"
    );
    set_pair(&mut pairs, "display_name", "Collega Bianchi");
    // A mistyped address is named in the list of errors, linked to its field, and nothing typed
    // is lost.
    set_pair(&mut pairs, "email", "bianchi.fornitore.example");
    let res = supplier.post_pairs("/supplier/colleagues", &pairs).await;
    assert_eq!(res.status(), 422);
    let refused = res.text().await.unwrap();
    assert_eq!(
        crate::helpers::attrs(&refused, "#error-summary a", "href"),
        ["#f-email"]
    );
    let mut pairs = form_pairs(&refused, "form[action='/supplier/colleagues']");
    assert!(pairs.contains(&("display_name".into(), "Collega Bianchi".into())));
    set_pair(&mut pairs, "email", "bianchi@fornitore.example");
    let res = supplier.post_pairs("/supplier/colleagues", &pairs).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let doc = scraper::Html::parse_document(&html);
    let link = doc
        .select(&scraper::Selector::parse("#invitation-link").unwrap())
        .next()
        .expect("the link to send is shown")
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let path = link.trim_start_matches(&app.address).to_string();

    let colleague = app.browser(None).await;
    let (_, page) = colleague.page(&path).await;
    let mut pairs = form_pairs(&page, "form");
    set_pair(&mut pairs, "password", "corto");
    let res = colleague.post_pairs(&path, &pairs).await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    let mut pairs = form_pairs(&page, "form");
    set_pair(&mut pairs, "password", PASSWORD);
    let res = colleague.post_pairs(&path, &pairs).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?registered=1");
    app.browser(Some("bianchi@fornitore.example")).await;
}
