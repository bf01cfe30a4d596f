//! The API contract: every route under /api/v1 is in the OpenAPI document, with its method.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::spawn_app;

/// (method, path) of each `.route("/api/v1/…", web::method()…)` and each method of a
/// `web::resource("/api/v1/…")` in the API's route table.
fn registered_routes() -> BTreeSet<(String, String)> {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/api/mod.rs"))
            .unwrap();
    let table = &source[source.find("pub fn routes").expect("the route table")..];
    let mut routes = BTreeSet::new();
    let mut current: Option<String> = None;
    for piece in table.split('"').collect::<Vec<_>>().chunks(2) {
        // Even pieces are code, odd ones string literals.
        if let [code, literal] = piece {
            for method in ["get", "post", "put", "delete", "patch"] {
                if let Some(path) = &current
                    && code.contains(&format!("web::{method}()"))
                {
                    routes.insert((method.to_string(), path.clone()));
                }
            }
            if literal.starts_with("/api/v1/") && !literal.contains("docs") {
                current = Some(literal.to_string());
            }
        }
    }
    routes
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = spawn_app().await;
    let spec: Value = app
        .get_json("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let routes = registered_routes();
    assert!(routes.len() > 40, "the route table was read: {routes:?}");
    let missing: Vec<_> = routes
        .iter()
        .filter(|r| r.1 != "/api/v1/openapi.json" && !documented.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "routes missing from the OpenAPI document: {missing:?}"
    );
}

#[tokio::test]
async fn a_body_that_does_not_parse_names_the_field_and_the_expected_type() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut call = crate::helpers::pcp_call("PCP-TYPES");
    call["phases"][1]["budget_cents"] = serde_json::json!("tanti");
    let res = app.post_json("/api/v1/calls", Some(&token), &call).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["fields"][0]["field"], "phases.1.budget_cents",
        "{body}"
    );
    let message = body["fields"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("expected i64") && !message.contains("line"),
        "{message}"
    );

    let res = app
        .api
        .post(app.url("/api/v1/calls"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(call.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("application/json")
    );
}

/// Runs schemathesis (`PCP_DESK_SCHEMATHESIS`, the path of its `st` command; `.ci/run` installs
/// it from PyPI) against the OpenAPI document with `token`; `None` where it is not set up.
fn schemathesis(app: &crate::helpers::TestApp, token: &str) -> Option<(bool, String)> {
    let Some(st) = std::env::var("PCP_DESK_SCHEMATHESIS")
        .ok()
        .filter(|c| !c.trim().is_empty())
    else {
        assert!(
            !crate::helpers::require_all(),
            "PCP_DESK_REQUIRE_ALL=1 but PCP_DESK_SCHEMATHESIS is not set (see .ci/run)"
        );
        eprintln!("SKIPPED schemathesis: PCP_DESK_SCHEMATHESIS is not set");
        return None;
    };
    let output = std::process::Command::new(st)
        .arg("run")
        .arg(app.url("/api/v1/openapi.json"))
        .args(["--url", &app.address])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples",
            "10",
            "--seed",
            "20261201",
        ])
        .output()
        .expect("schemathesis runs");
    let report = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    Some((output.status.success(), report))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_nonconformance_for_an_officer_or_a_supplier() {
    use crate::helpers::{pcp_call, proposal_form, publish, register_supplier, submit};
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 1_000).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-ST")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let supplier = app.token(&email).await;
    let res = submit(
        &app,
        &supplier,
        &phase,
        proposal_form(b"%PDF proposta", 100_000),
    )
    .await;
    assert_eq!(res.status(), 201);
    for (who, token) in [("officer", officer), ("supplier", supplier)] {
        let run = {
            let app = &app;
            // The server runs on this test's runtime: the blocking run goes to its own thread.
            tokio::task::block_in_place(|| schemathesis(app, &token))
        };
        let Some((passed, report)) = run else { return };
        let lines: Vec<&str> = report.lines().collect();
        let tail = lines[lines.len().saturating_sub(60)..].join("\n");
        assert!(passed, "schemathesis as {who}:\n{tail}");
        println!(
            "schemathesis as {who}: {}",
            report.lines().last().unwrap_or_default()
        );
    }
}
