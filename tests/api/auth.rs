use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app, spawn_app_with};

#[tokio::test]
async fn health_reports_the_database_it_checked() {
    let app = spawn_app().await;
    let res = app.get_json("/health", None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(
        body["database"],
        if app.is_postgres() {
            "postgres"
        } else {
            "sqlite"
        }
    );
}

#[tokio::test]
async fn a_session_token_identifies_the_user_until_logout() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let me: Value = app
        .get_json("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "officer@test.it");
    assert_eq!(me["role"], "officer");
    assert_eq!(me["authority_id"], accounts.authority_id.as_str());

    let res = app
        .api
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_json("/api/v1/me", Some(&token)).await.status(), 401);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let wrong = app
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": "officer@test.it", "password": "nope"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": "nobody@test.it", "password": PASSWORD}),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let (a, b): (Value, Value) = (wrong.json().await.unwrap(), unknown.json().await.unwrap());
    assert_eq!(a, b);
    assert_eq!(a["error"], "bad_credentials");
}

#[tokio::test]
async fn login_attempts_are_rate_limited_per_address() {
    let app = spawn_app_with(|s| {
        s.login_burst = 3;
        s.login_refill_secs = 3600;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let res = app
            .post_json(
                "/api/v1/session",
                None,
                &json!({"email": "x@test.it", "password": "wrong-password"}),
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let user = app
        .state
        .db(|conn| {
            Ok(pcp_desk::db::accounts::find_user_by_email(
                conn,
                "officer@test.it",
            )?)
        })
        .await
        .unwrap()
        .unwrap();
    assert!(user.password_hash.starts_with("$argon2id$"));
    assert!(!user.password_hash.contains(PASSWORD));
}

#[tokio::test]
async fn browser_sign_in_sets_an_http_only_cookie_and_sign_out_ends_it() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let browser = app.browser(Some("officer@test.it")).await;
    let (status, html) = browser.page("/officer").await;
    assert_eq!(status, 200);
    assert!(html.contains("officer@test.it"));

    let csrf = browser.csrf("/officer").await;
    let res = browser.post_form("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    let (status, html) = browser.page("/officer").await;
    assert_eq!(status, 401);
    assert!(
        html.contains("name=\"password\""),
        "the sign-in form is shown"
    );
}

#[tokio::test]
async fn a_wrong_password_in_the_form_is_shown_in_italian() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let browser = app.browser(None).await;
    let csrf = browser.csrf("/login").await;
    let res = browser
        .post_form(
            "/login",
            &[
                ("csrf", &csrf),
                ("email", "officer@test.it"),
                ("password", "sbagliata"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(html.contains("E-mail o password errate."));
    assert!(
        html.contains("value=\"officer@test.it\""),
        "the email typed is kept"
    );
}

#[tokio::test]
async fn form_posts_without_the_csrf_token_are_refused() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let browser = app.browser(None).await;
    browser.csrf("/login").await;
    let res = browser
        .post_form(
            "/login",
            &[
                ("csrf", "forged"),
                ("email", "officer@test.it"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(
        res.headers()
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().contains("pcp_session"))
    );
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = spawn_app().await;
    let res = app.get_json("/calls", None).await;
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
}

#[tokio::test]
async fn api_errors_are_json_with_code_message_and_fields() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let res = app
        .api
        .post(app.url("/api/v1/calls"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid");
    assert_eq!(body["fields"][0]["field"], "body");
    assert_eq!(body["fields"][0]["code"], "malformed");

    let en: Value = app
        .get_json("/api/v1/calls/nope?lang=en", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(en["error"], "not_found");
    assert_eq!(en["message"], "The page or resource does not exist.");
}

#[tokio::test]
async fn signing_in_renews_the_csrf_token_and_private_pages_are_never_cached() {
    let app = crate::helpers::spawn_app_with(|s| s.secure_cookies = true).await;
    let accounts = app.seed_accounts().await;
    let browser = app.browser(None).await;
    let before = browser.csrf("/login").await;
    let res = browser
        .post_form(
            "/login",
            &[
                ("csrf", before.as_str()),
                ("email", accounts.officer.as_str()),
                ("password", crate::helpers::PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let renewed: Vec<String> = res
        .cookies()
        .filter(|c| c.name() == "pcp_csrf")
        .map(|c| c.value().to_string())
        .collect();
    assert_eq!(renewed.len(), 1, "a new CSRF cookie at sign-in");
    assert_ne!(
        renewed[0], before,
        "the token planted before sign-in is replaced"
    );
    assert!(
        res.cookies().all(|c| c.secure()),
        "secure cookies behind HTTPS"
    );

    let private = browser.get("/officer").await;
    assert_eq!(private.status(), 200);
    assert_eq!(private.headers()["cache-control"], "no-store");
    assert_eq!(
        private.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let api = app
        .get_json("/api/v1/me", Some(&app.token(&accounts.officer).await))
        .await;
    assert_eq!(api.headers()["cache-control"], "no-store");
    let public = app.api.get(app.url("/calls")).send().await.unwrap();
    assert!(
        public.headers().get("cache-control").is_none(),
        "public pages may be cached"
    );
}

#[tokio::test]
async fn a_long_but_guessable_password_is_refused_with_advice() {
    let app = spawn_app().await;
    let res = app
        .post_json(
            "/api/v1/organisations",
            None,
            &json!({
                "organisation": {"legal_name": "Lab Emilia", "vat_number": "02987654320", "country": "IT", "address": "Via Roma 1, Bologna", "email": "pec@example.it"},
                "user": {"email": "referente@lab.example", "password": "password1234", "display_name": "Referente"}
            }),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "password");
    assert_eq!(body["fields"][0]["code"], "password_too_guessable");
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("parole non collegate"),
        "{body}"
    );
}
