//! Hostile input is normal input: redirects stay on the site, references cannot break headers.

use futures_util::StreamExt as _;
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

/// An upload that sends its first kilobyte and then nothing, for ever.
fn stalled_form() -> reqwest::multipart::Form {
    let body = futures_util::stream::once(async { Ok::<_, std::io::Error>(vec![b'%'; 1024]) })
        .chain(futures_util::stream::pending());
    reqwest::multipart::Form::new().part(
        "technical",
        reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(body), 1 << 20)
            .file_name("lenta.pdf"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stalled_uploads_are_stopped_and_cannot_crowd_out_other_clients() {
    use crate::helpers::{proposal_form, publish, register_supplier};
    use futures_util::StreamExt;
    const STALLED: usize = 40;
    let app = crate::helpers::spawn_app_with(|s| {
        s.upload_stall_secs = 3;
        s.uploads_per_client = 4;
    })
    .await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-STALL")).await;
    let (_, slow) = register_supplier(&app, "Lenta Srl", "02987654320").await;
    let slow = app.token(&slow).await;

    let url = app.url(&format!("/api/v1/phases/{phase}/proposals"));
    let mut stalled: futures_util::stream::FuturesUnordered<_> = (0..STALLED)
        .map(|_| {
            let (client, url, token) = (app.api.clone(), url.clone(), slow.clone());
            async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .multipart(stalled_form())
                    .send()
                    .await;
                match res {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        (status, r.text().await.unwrap_or_default())
                    }
                    Err(e) => (0, e.to_string()),
                }
            }
        })
        .collect();
    // Every upload past the per-address cap is refused at once; the cap's worth stay stalled.
    let mut refused = 0;
    while refused < STALLED - 4 {
        let (status, body) = stalled.next().await.unwrap();
        assert_eq!(status, 429, "past the cap: {body}");
        assert!(body.contains("too_many_uploads"), "{body}");
        refused += 1;
    }

    // Meanwhile another client address is served, uploads included.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let (_, email) = register_supplier(&app, "Puntuale Srl", "01234567897").await;
    let token = app.token(&email).await;
    let page = other.get(app.url("/calls")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let on_time = other
        .post(&url)
        .bearer_auth(&token)
        .multipart(proposal_form(b"%PDF proposta", 100_000))
        .send()
        .await
        .unwrap();
    assert_eq!(on_time.status(), 201, "another address is not capped");

    // The stalled uploads are stopped, and leave no staged file.
    while let Some((status, body)) = stalled.next().await {
        assert_eq!(status, 422, "stopped: {body}");
        assert!(body.contains("no data for 3 s"), "{body}");
    }
    let tmp = app.state.settings.data_dir.join("blobs/tmp");
    assert_eq!(std::fs::read_dir(tmp).unwrap().count(), 0);
}

#[tokio::test]
async fn numbers_out_of_their_bounds_are_refused_naming_the_field_never_wrapped() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut call = pcp_call("PCP-BOUNDS");
    call["phases"][0]["budget_cents"] = json!(i64::MAX);
    call["phases"][1]["budget_cents"] = json!(i64::MAX);
    call["phases"][0]["max_file_mb"] = json!(0);
    call["phases"][1]["accepted_types"] = json!(["PDF", "exe"]);
    let res = app.post_json("/api/v1/calls", Some(&token), &call).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<(&str, &str)> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    for expected in [
        ("phases.0.budget_cents", "out_of_range"),
        ("phases.1.budget_cents", "out_of_range"),
        ("phases.0.max_file_mb", "out_of_range"),
        ("phases.1.accepted_types", "malformed"),
    ] {
        assert!(fields.contains(&expected), "{expected:?} in {body}");
    }

    for path in [
        "/api/v1/calls?page=9223372036854775807",
        "/api/v1/calls?page=0",
        "/api/v1/calls?per_page=1000",
        "/calls?page=9223372036854775807",
    ] {
        let res = app.api.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 422, "{path}");
    }
}
