//! A candidate, in a real browser, opens its private channel from the call's page, reads the
//! authority's message, answers with an attachment and approves the minutes of a session; the
//! authority sees the reading, the file's SHA-256 and the approval.

use fantoccini::Locator;
use serde_json::Value;

use crate::browser::{click, fill, main_text, open_browser, sign_in, start_driver};
use crate::demo::demo_token;
use crate::helpers::{TestApp, sha256_hex, spawn_app_with};

/// Loads the demo; returns the dialogue under way and its second candidate's organisation.
pub(crate) async fn demo_dialogue(app: &TestApp) -> (String, String) {
    let blobs = app.state.blobs.clone();
    let loaded = app
        .state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    assert!(loaded);
    let calls: Value = app
        .get_json("/api/v1/calls?q=Sportello", None)
        .await
        .json()
        .await
        .unwrap();
    let call_id = calls["items"][0]["id"].as_str().unwrap().to_string();
    let candidate = demo_token(app, "fornitore2@demo.it", "demo-fornitore-2026").await;
    let channels: Value = app
        .get_json(
            &format!("/api/v1/calls/{call_id}/dialogue/channels"),
            Some(&candidate),
        )
        .await
        .json()
        .await
        .unwrap();
    let org = channels[0]["organisation_id"].as_str().unwrap().to_string();
    (call_id, org)
}

async fn photograph(c: &fantoccini::Client, label: &str) {
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for width in [1280, 390] {
        c.set_window_size(width, 900).await.unwrap();
        let png = c.screenshot().await.unwrap();
        std::fs::write(shots.join(format!("{label}-{width}.png")), png).unwrap();
    }
    c.set_window_size(1280, 2000).await.unwrap();
}

#[tokio::test]
async fn a_candidate_reads_answers_with_a_file_and_approves_minutes_in_a_real_browser() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let (call_id, org) = demo_dialogue(&app).await;
    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let channel = format!("/api/v1/calls/{call_id}/dialogue/channels/{org}");
    let before: Value = app
        .get_json(&channel, Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        before["messages"][0]["read_at"].is_null(),
        "the candidate has not read the welcome yet: {before}"
    );

    let c = open_browser(&driver).await;
    sign_in(
        &c,
        &app.address,
        "fornitore2@demo.it",
        "demo-fornitore-2026",
    )
    .await;
    c.goto(&app.url(&format!("/calls/{call_id}")))
        .await
        .unwrap();
    click(&c, "#call-dialogue").await;
    c.wait().for_element(Locator::Id("write")).await.unwrap();
    assert!(main_text(&c).await.contains("Benvenuti nel dialogo"));
    photograph(&c, "dialogue-channel").await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accessibilita.pdf");
    let bytes = b"%PDF-1.7 dichiarazione di accessibilita".to_vec();
    std::fs::write(&file, &bytes).unwrap();
    fill(
        &c,
        "body",
        "In allegato la dichiarazione di accessibilità richiesta.",
    )
    .await;
    c.find(Locator::Id("attachment"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    click(&c, "#write button[type=submit]").await;
    let sha = sha256_hex(&bytes);
    c.wait()
        .for_element(Locator::XPath(&format!("//code[text()='{sha}']")))
        .await
        .unwrap();
    assert!(
        main_text(&c)
            .await
            .contains("dichiarazione di accessibilità richiesta")
    );

    click(&c, "form[id^='approve-'] button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("a[href$='/minutes.pdf']"))
        .await
        .unwrap();
    let status = c
        .find(Locator::Css(".minutes-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains("approvato"), "{status}");
    photograph(&c, "dialogue-approved").await;
    c.close().await.unwrap();

    let after: Value = app
        .get_json(&channel, Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    assert!(after["messages"][0]["read_at"].is_string(), "read: {after}");
    let answer = after["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["from_authority"] == false && m["kind"] == "message")
        .unwrap();
    assert_eq!(answer["files"][0]["sha256"], sha.as_str());
    assert_eq!(after["sessions"][0]["status"], "approved");
}
