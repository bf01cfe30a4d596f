use std::process::Command;

use serde_json::Value;

use crate::helpers::{
    pcp_call, proposal_form, publish, register_supplier, require_all, sha256_hex, spawn_app, submit,
};

/// The text of a PDF through poppler's pdftotext; `None` (said loudly) where it is not installed.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            assert!(
                !require_all(),
                "PCP_DESK_REQUIRE_ALL=1 but pdftotext (poppler-utils) is not installed"
            );
            eprintln!(
                "SKIPPED PDF text checks: pdftotext not found (apt-get install poppler-utils)"
            );
            None
        }
    }
}

#[tokio::test]
async fn the_receipt_pdf_states_the_facts_verifies_and_is_the_same_every_time() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-R1")).await;
    let (_, email) = register_supplier(&app, "Città di Forlì Innovazione", "04172635486").await;
    let token = app.token(&email).await;
    let technical = b"%PDF-1.7 proposta tecnica".to_vec();
    let receipt: Value = submit(&app, &token, &phase, proposal_form(&technical, 35_000_000))
        .await
        .json()
        .await
        .unwrap();
    let id = receipt["proposal_id"].as_str().unwrap();
    let url = format!("/api/v1/proposals/{id}/receipt.pdf");

    let res = app.get_json(&url, Some(&token)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let announced = res.headers()["x-content-sha256"]
        .to_str()
        .unwrap()
        .to_string();
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(
        sha256_hex(&bytes),
        announced,
        "the header states the file's SHA-256"
    );
    let again = app
        .get_json(&url, Some(&token))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        bytes, again,
        "deterministic: the same receipt gives the same bytes"
    );

    let verified: Value = app
        .get_json(&format!("/api/v1/verify/{announced}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verified["kind"], "receipt");
    assert_eq!(verified["entity_id"], id);
    let page = app
        .browser(None)
        .await
        .page(&format!("/verify/{announced}"))
        .await;
    assert_eq!(page.0, 200);
    assert!(page.1.contains("corrisponde a un documento emesso"));
    assert_eq!(
        crate::helpers::texts(&page.1, "#verified-kind"),
        ["Ricevuta di presentazione di una proposta"],
        "the kind in words"
    );
    // The form: a pasted hash (any case, spaces) leads to its page; anything else is named.
    let visitor = app.browser(None).await;
    let (status, form) = visitor.page("/verify").await;
    assert_eq!(status, 200);
    assert!(form.contains("name=\"hash\"") && form.contains("type=\"file\""));
    let res = visitor
        .get(&format!("/verify?hash=%20{}%20", announced.to_uppercase()))
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        crate::helpers::location(&res),
        format!("/verify/{announced}")
    );
    for bad in ["/verify?hash=abc", "/verify/abc"] {
        let (status, html) = visitor.page(bad).await;
        assert_eq!(status, 422, "{bad}");
        assert!(
            crate::helpers::texts(&html, "#verify-hash-error")[0]
                .starts_with("Non è un'impronta SHA-256 valida"),
            "{bad}"
        );
    }
    let mut tampered = bytes.to_vec();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    let res = app
        .get_json(&format!("/api/v1/verify/{}", sha256_hex(&tampered)), None)
        .await;
    assert_eq!(res.status(), 404, "an altered file fails");
    let (status, html) = app
        .browser(None)
        .await
        .page(&format!("/verify/{}", sha256_hex(&tampered)))
        .await;
    assert_eq!(status, 404);
    assert!(html.contains("è stato alterato"));

    if let Some(text) = pdf_text(&bytes) {
        let number = receipt["receipt_number"].as_str().unwrap();
        for fact in [
            number,
            "Città di Forlì Innovazione",
            "€ 350.000,00",
            "proposta tecnica.pdf",
            "Pagina 1 di 1",
            "Regione Emilia-Romagna",
            "PCP-R1",
        ] {
            assert!(text.contains(fact), "the receipt states {fact:?}:\n{text}");
        }
        let compact: String = text.split_whitespace().collect();
        assert!(
            compact.contains(&sha256_hex(&technical)),
            "the file's SHA-256 is printed"
        );
        let data_hash = verified["data_sha256"].as_str().unwrap();
        assert!(
            compact.contains(data_hash),
            "the footer prints the data fingerprint that /verify accepts"
        );
        let by_data: Value = app
            .get_json(&format!("/api/v1/verify/{data_hash}"), None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(by_data["file_sha256"], announced.as_str());
    }
    let english = app
        .get_json(&format!("{url}?lang=en"), Some(&token))
        .await
        .bytes()
        .await
        .unwrap();
    if let Some(text) = pdf_text(&english) {
        assert!(
            text.contains("Page 1 of 1") && text.contains("Receipt"),
            "{text}"
        );
    }
    if require_all() || Command::new("pdftoppm").arg("-v").output().is_ok() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.pdf"), &bytes).unwrap();
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "40", "-singlefile"])
            .arg(dir.path().join("r.pdf"))
            .arg(dir.path().join("page"))
            .status()
            .expect("pdftoppm runs");
        assert!(status.success(), "the PDF renders");
        let png = std::fs::read(dir.path().join("page.png")).unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 1000,
            "a readable page"
        );
    }
}

#[tokio::test]
async fn receipts_are_for_their_organisation_only_while_sealed() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-R2")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let owner = app.token(&email).await;
    let receipt: Value = submit(&app, &owner, &phase, proposal_form(b"%PDF", 100))
        .await
        .json()
        .await
        .unwrap();
    let url = format!(
        "/api/v1/proposals/{}/receipt.pdf",
        receipt["proposal_id"].as_str().unwrap()
    );
    assert_eq!(app.get_json(&url, None).await.status(), 401);
    for who in [
        &accounts.officer,
        &accounts.admin,
        &accounts.supplier,
        &accounts.evaluator,
    ] {
        let token = app.token(who).await;
        assert_eq!(
            app.get_json(&url, Some(&token)).await.status(),
            404,
            "{who}"
        );
    }
    assert_eq!(
        app.get_json("/api/v1/verify/not-a-hash", None)
            .await
            .status(),
        404
    );
}
