//! A proposal refused on the page for one thing (the price) does not make its sender send the
//! files again: the server holds them for that person, ticked, for 24 hours.

use reqwest::multipart::{Form, Part};

use crate::helpers::{
    Browser, TestApp, TestClock, attrs, csrf_in, page_form, pcp_call, publish, register_supplier,
    sha256_hex, spawn_app_with_clock, texts,
};

async fn post(browser: &Browser, app: &TestApp, phase: &str, form: Form) -> (u16, String) {
    let res = browser
        .client
        .post(app.url(&format!("/supplier/phases/{phase}/submit")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    match location {
        Some(to) => (status, browser.page(&to).await.1),
        None => (status, res.text().await.unwrap()),
    }
}

async fn csrf(browser: &Browser, phase: &str) -> String {
    let (_, page) = browser
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    csrf_in(&page).unwrap()
}

fn with_keep(mut form: Form, ids: &[String]) -> Form {
    for id in ids {
        form = form.text("keep", id.clone());
    }
    form
}

/// Whether the store still has the file with this hash, after a collection as `pcp-desk gc` runs.
async fn survives_collection(app: &TestApp, sha256: &str) -> bool {
    let (blobs, now) = (app.state.blobs.clone(), app.state.now());
    app.state
        .db(move |conn| {
            pcp_desk::service::blobs::collect_orphans(
                conn,
                &blobs,
                None,
                std::time::Duration::ZERO,
                false,
                now,
            )
            .map_err(pcp_desk::error::AppError::Unexpected)
        })
        .await
        .unwrap();
    app.state.blobs.path_of(sha256).unwrap().exists()
}

#[tokio::test]
async fn the_files_of_a_refused_attempt_are_held_for_their_sender_only() {
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-HELD")).await;
    let (_, delta) = register_supplier(&app, "Delta", "02987654320").await;
    let (_, epsilon) = register_supplier(&app, "Epsilon", "01234567897").await;
    let delta = app.browser(Some(&delta)).await;
    let epsilon = app.browser(Some(&epsilon)).await;

    let technical = b"%PDF-1.7 soluzione ".repeat(20_000);
    let dgue = b"%PDF-1.7 dichiarazioni".to_vec();
    let form = page_form(&csrf(&delta, &phase).await)
        .part(
            "administrative",
            Part::bytes(dgue.clone()).file_name("dgue.pdf"),
        )
        .part(
            "technical",
            Part::bytes(technical.clone()).file_name("tecnica.pdf"),
        )
        .text("price", "12,3,4");
    let (status, refused) = post(&delta, &app, &phase, form).await;
    assert_eq!(status, 422);
    assert_eq!(
        texts(&refused, "label.held"),
        [
            format!("dgue.pdf (22 byte · SHA-256 {})", sha256_hex(&dgue)),
            format!(
                "tecnica.pdf (371,1 KiB · SHA-256 {})",
                sha256_hex(&technical)
            ),
        ]
    );
    assert_eq!(
        attrs(&refused, "#price", "value"),
        ["12,3,4"],
        "the price is shown as typed"
    );
    let held = attrs(&refused, "label.held input[name=keep][checked]", "value");
    assert_eq!(held.len(), 2);
    assert!(
        survives_collection(&app, &sha256_hex(&technical)).await,
        "a held file is not an orphan"
    );

    // Nobody else sees or takes them.
    let (_, other) = epsilon
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    assert!(texts(&other, "label.held").is_empty());
    let stolen =
        with_keep(page_form(&csrf(&epsilon, &phase).await), &held).text("price", "100.000,00");
    let (status, refusal) = post(&epsilon, &app, &phase, stolen).await;
    assert_eq!(status, 422);
    assert!(
        refusal.contains("Si possono mantenere solo i file"),
        "{}",
        texts(&refusal, "#form-errors").join(" ")
    );

    // The sender mends the price and sends nothing again: the receipt has both files.
    let mended =
        with_keep(page_form(&csrf(&delta, &phase).await), &held).text("price", "350.000,00");
    let (status, receipt) = post(&delta, &app, &phase, mended).await;
    assert_eq!(status, 303, "{}", texts(&receipt, "#form-errors").join(" "));
    assert!(receipt.contains(&sha256_hex(&technical)) && receipt.contains(&sha256_hex(&dgue)));
    assert!(receipt.contains("€ 350.000,00"));
    let (_, again) = delta
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    assert!(
        texts(&again, "label.held").is_empty(),
        "a receipt releases what was held"
    );
    let (status, _) = post(
        &delta,
        &app,
        &phase,
        with_keep(page_form(&csrf(&delta, &phase).await), &held).text("price", "1,00"),
    )
    .await;
    assert_eq!(status, 422, "a released file cannot be taken again");

    // A file held and not used lapses after a day, and the store lets it go.
    let annex = b"%PDF-1.7 allegato mai usato".to_vec();
    let form = page_form(&csrf(&delta, &phase).await)
        .part(
            "technical",
            Part::bytes(annex.clone()).file_name("annex.pdf"),
        )
        .text("price", "");
    let (status, refused) = post(&delta, &app, &phase, form).await;
    assert_eq!(status, 422);
    let annex_held = attrs(&refused, "label.held input[name=keep]", "value");
    assert_eq!(annex_held.len(), 1);
    clock.advance(chrono::Duration::hours(23));
    assert!(survives_collection(&app, &sha256_hex(&annex)).await);
    clock.advance(chrono::Duration::hours(1) + chrono::Duration::seconds(1));
    let (_, later) = delta
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    assert!(texts(&later, "label.held").is_empty());
    assert!(
        !survives_collection(&app, &sha256_hex(&annex)).await,
        "a lapsed holding is collected"
    );
}
