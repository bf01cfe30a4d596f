//! The end-to-end check for public records: the demo PCP taken through its first phase;
//! a visitor downloads each document from the call page and `/verify` names it by the SHA-256
//! of the download; the OCDS packages pass the official validator, libcoveocds.

use std::process::Command;

use serde_json::{Value, json};

use crate::demo::{DecidedDemo, decide_the_demo_first_phase, demo_token};
use crate::helpers::{TestApp, require_all, sha256_hex, spawn_app_with};

/// Runs the OCDS validator (`PCP_DESK_OCDS_VALIDATOR`, a command that takes a JSON file and
/// exits non-zero on any error; `.ci/run` sets it up) on a package. Skips, loudly, where it is
/// not set up, unless every tier is required.
pub fn validate_ocds(name: &str, package: &Value) {
    let Some((passed, report)) = run_validator(name, package) else {
        return;
    };
    assert!(passed, "libcoveocds finds errors in {name}:\n{report}");
    let summary: Value = serde_json::from_str(&report).expect("the validator reports JSON");
    assert_eq!(summary["validation_errors"], json!([]), "{name}");
    assert_eq!(
        summary["additional_closed_codelist_values"],
        json!({}),
        "{name}"
    );
    assert_eq!(
        summary["invalid_extensions"],
        json!([]),
        "{name}: every declared extension resolves"
    );
    assert_eq!(summary["version_used"], "1.1", "{name}");
}

/// Whether the validator passes a package, with its report; `None` where it is not set up.
fn run_validator(name: &str, package: &Value) -> Option<(bool, String)> {
    let Some(command) = std::env::var("PCP_DESK_OCDS_VALIDATOR")
        .ok()
        .filter(|c| !c.trim().is_empty())
    else {
        assert!(
            !require_all(),
            "PCP_DESK_REQUIRE_ALL=1 but PCP_DESK_OCDS_VALIDATOR is not set (see .ci/run)"
        );
        eprintln!("SKIPPED OCDS validation of {name}: PCP_DESK_OCDS_VALIDATOR is not set");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_vec_pretty(package).unwrap()).unwrap();
    let mut words = command.split_whitespace();
    let output = Command::new(words.next().unwrap())
        .args(words)
        .arg(&path)
        .output()
        .expect("the OCDS validator runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), report))
}

async fn json_at(app: &TestApp, path: &str) -> (u16, Value, Vec<u8>) {
    let res = app.get_json(path, None).await;
    let status = res.status().as_u16();
    let bytes = res.bytes().await.unwrap().to_vec();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bytes,
    )
}

/// The links of a page whose address matches `wanted`.
fn links(html: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let page = scraper::Html::parse_document(html);
    let anchors = scraper::Selector::parse("a[href]").unwrap();
    page.select(&anchors)
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| wanted(href))
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn after_one_phase_a_visitor_downloads_and_verifies_each_document_and_the_open_data_is_valid()
{
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let DecidedDemo {
        call_id,
        phase,
        lines,
        ..
    } = decide_the_demo_first_phase(&app).await;

    // The four public documents, from the call page, as an anonymous visitor.
    let visitor = app.browser(None).await;
    let (status, html) = visitor.page(&format!("/calls/{call_id}")).await;
    assert_eq!(status, 200);
    let mut documents = links(&html, |h| h.ends_with(".pdf"));
    documents.sort();
    let mut expected = vec![
        format!("/calls/{call_id}/report.pdf"),
        format!("/phases/{phase}/minutes/evaluation.pdf"),
        format!("/phases/{phase}/minutes/opening.pdf"),
        format!("/phases/{phase}/outcome.pdf"),
    ];
    expected.sort();
    assert_eq!(documents, expected);
    let mut kinds = Vec::new();
    for path in &documents {
        let res = visitor.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let bytes = res.bytes().await.unwrap();
        let hash = sha256_hex(&bytes);
        let (status, verified, _) = json_at(&app, &format!("/api/v1/verify/{hash}")).await;
        assert_eq!(status, 200, "/verify knows the download of {path}");
        assert_eq!(verified["file_sha256"], hash);
        kinds.push(verified["kind"].as_str().unwrap().to_string());
        let (status, page) = visitor.page(&format!("/verify/{hash}")).await;
        assert_eq!(status, 200);
        assert!(page.contains(&hash), "the page names the hash");
    }
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "evaluation_minutes",
            "opening_minutes",
            "phase_outcome",
            "procurement_report"
        ]
    );

    // The fifth, the receipt, is the submitting organisation's.
    let supplier = demo_token(&app, "fornitore1@demo.it", "demo-fornitore-2026").await;
    let receipts: Value = app
        .get_json("/api/v1/proposals", Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    let proposal = receipts
        .as_array()
        .and_then(|r| r.first())
        .map(|r| r["proposal_id"].as_str().unwrap().to_string())
        .expect("the demo supplier has a proposal");
    let url = format!("/api/v1/proposals/{proposal}/receipt.pdf");
    let bytes = app
        .get_json(&url, Some(&supplier))
        .await
        .bytes()
        .await
        .unwrap();
    let (status, verified, _) =
        json_at(&app, &format!("/api/v1/verify/{}", sha256_hex(&bytes))).await;
    assert_eq!(status, 200);
    assert_eq!(verified["kind"], "receipt");
    assert_eq!(app.get_json(&url, None).await.status(), 401);

    // The open data of the call, linked from its page.
    let ocds = links(&html, |h| h.starts_with("/ocds/"));
    assert_eq!(
        ocds,
        [
            format!("/ocds/releases/{call_id}"),
            format!("/ocds/records/{call_id}")
        ]
    );
    let (status, releases, bytes) = json_at(&app, &ocds[0]).await;
    assert_eq!(status, 200);
    assert_eq!(
        json_at(&app, &ocds[0]).await.2,
        bytes,
        "the same data, the same bytes"
    );
    let etag = app.get_json(&ocds[0], None).await.headers()["etag"].clone();
    let unchanged = app
        .api
        .get(app.url(&ocds[0]))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        unchanged.status(),
        304,
        "a harvester that has it gets nothing"
    );
    assert_eq!(unchanged.headers()["etag"], etag);
    let tags: Vec<&Value> = releases["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["tag"])
        .collect();
    assert_eq!(
        tags,
        [&json!(["tender"]), &json!(["tenderUpdate", "award"])]
    );
    validate_ocds("releases", &releases);

    let (status, records, _) = json_at(&app, &ocds[1]).await;
    assert_eq!(status, 200);
    validate_ocds("record", &records);
    let mut broken = records.clone();
    broken["records"][0]["compiledRelease"]["tender"]["value"]["amount"] = json!("1.000,00");
    if let Some((passed, report)) = run_validator("broken-record", &broken) {
        assert!(
            !passed,
            "the validator catches a malformed amount:\n{report}"
        );
    }
    // The bid extension is checked too: a bid's status outside its closed codelist fails.
    let mut broken = records.clone();
    broken["records"][0]["compiledRelease"]["bids"]["details"][0]["status"] = json!("winning");
    if let Some((passed, report)) = run_validator("broken-bid", &broken) {
        assert!(
            !passed && report.contains("winning"),
            "the validator checks the bids extension:\n{report}"
        );
    }
    let compiled = &records["records"][0]["compiledRelease"];
    // A PCP's first phase is open to every supplier, and the rationale says who goes on.
    assert_eq!(compiled["tender"]["procurementMethod"], "open");
    assert!(
        compiled["tender"]["procurementMethodRationale"]
            .as_str()
            .unwrap()
            .contains("La prima fase è aperta a ogni operatore economico")
    );
    assert_eq!(
        compiled["tender"]["procurementMethodDetails"],
        "Appalto pre-commerciale (PCP)"
    );
    assert_eq!(compiled["tender"]["awardCriteria"], "ratedCriteria");
    assert_eq!(compiled["tender"]["numberOfTenderers"], 3);
    let details = compiled["bids"]["details"].as_array().unwrap();
    assert_eq!(details.len(), 3);
    assert!(details.iter().all(|d| d["status"] == "valid"));
    let admitted = lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["admitted"] == true)
        .count();
    let awards = compiled["awards"].as_array().unwrap();
    assert_eq!(awards.len(), admitted, "a phase contract for each admitted");
    assert!(awards.iter().all(|a| a["status"] == "active"));
    let suppliers = compiled["parties"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["roles"].as_array().unwrap().contains(&json!("supplier")))
        .count();
    assert_eq!(suppliers, admitted);

    // Every document the open data lists can be downloaded at its address.
    for document in compiled["tender"]["documents"].as_array().unwrap() {
        let url = document["url"].as_str().unwrap();
        let path = url.strip_prefix(&app.address).unwrap_or(url);
        assert_eq!(visitor.get(path).await.status(), 200, "{url}");
    }
}

#[tokio::test]
async fn the_bulk_packages_hold_every_public_call_and_no_draft() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let blobs = app.state.blobs.clone();
    app.state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let draft = app
        .create_call(&officer, &crate::helpers::pcp_call("BOZZA-1"))
        .await;

    let (status, records, _) = json_at(&app, "/ocds/records").await;
    assert_eq!(status, 200);
    let public: Value = app
        .get_json("/api/v1/calls", None)
        .await
        .json()
        .await
        .unwrap();
    let public_ids: Vec<&str> = public["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    validate_ocds("bulk-records", &records);
    let records = records["records"].as_array().unwrap();
    assert_eq!(records.len(), public_ids.len());
    for record in records {
        let ocid = record["ocid"].as_str().unwrap();
        assert!(ocid.starts_with("ocds-pcpdsk-"), "{ocid}");
        assert!(!ocid.ends_with(&draft), "no draft in the open data");
    }
    let (status, releases, _) = json_at(&app, "/ocds/releases").await;
    assert_eq!(status, 200);
    assert_eq!(
        releases["publisher"]["name"], "Regione Emilia-Romagna",
        "one authority publishes everything here"
    );
    validate_ocds("bulk-releases", &releases);

    for path in [
        format!("/ocds/releases/{draft}"),
        format!("/ocds/records/{draft}"),
        "/ocds/records/no-such-call".to_string(),
    ] {
        assert_eq!(app.get_json(&path, None).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn a_harvester_reads_the_bulk_packages_page_by_page_and_each_page_validates() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let blobs = app.state.blobs.clone();
    app.state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    let (_, whole, _) = json_at(&app, "/ocds/records").await;
    let every: Vec<Value> = whole["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ocid"].clone())
        .collect();
    assert!(every.len() >= 2, "the demo has several public calls");
    assert!(whole.get("links").is_none(), "one page holds them all");

    for kind in ["records", "releases"] {
        let mut next = Some(format!("/ocds/{kind}?per_page=1"));
        let mut seen = Vec::new();
        let mut pages = 0;
        while let Some(path) = next {
            let (status, package, _) = json_at(&app, &path).await;
            assert_eq!(status, 200, "{path}");
            pages += 1;
            validate_ocds(&format!("bulk-{kind}-page-{pages}"), &package);
            let items = package[kind].as_array().unwrap();
            if kind == "records" {
                assert_eq!(items.len(), 1, "one call per page");
                seen.push(items[0]["ocid"].clone());
            } else {
                let ocids: Vec<&Value> = items.iter().map(|r| &r["ocid"]).collect();
                assert!(ocids.windows(2).all(|w| w[0] == w[1]), "one call per page");
                seen.push(ocids[0].clone());
            }
            if pages > 1 {
                assert!(package["links"]["prev"].is_string(), "{path}");
            }
            next = package["links"]["next"].as_str().map(|url| {
                assert!(url.starts_with(&app.address), "{url}");
                url[app.address.len()..].to_string()
            });
        }
        assert_eq!(pages, every.len(), "{kind}");
        assert_eq!(seen, every, "{kind}: every call once, oldest first");
    }

    // Out of bounds, the answer names the field.
    for (path, field) in [
        ("/ocds/releases?per_page=0", "per_page"),
        ("/ocds/records?per_page=101", "per_page"),
        ("/ocds/records?page=0", "page"),
    ] {
        let res = app.get_json(path, None).await;
        assert_eq!(res.status(), 422, "{path}");
        let body = res.text().await.unwrap();
        assert!(body.contains(field), "{path}: {body}");
    }
}
