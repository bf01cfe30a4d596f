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
