//! Drives a phase's evaluation through the API, step by step, as the committee and the officer
//! would: for the tests that run whole procedures.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp};
use crate::reference;

pub struct Committee {
    /// (user id, token); the first one chairs.
    pub members: Vec<(String, String)>,
}

impl Committee {
    pub fn chair(&self) -> &str {
        &self.members[0].1
    }
}

/// Creates `n` evaluators named `{prefix}{i}@test.it` and signs them in.
pub async fn committee(
    app: &TestApp,
    admin: &str,
    officer: &str,
    prefix: &str,
    n: usize,
) -> Committee {
    for i in 0..n {
        let email = format!("{prefix}{i}@test.it");
        let res = app
            .post_json(
                "/api/v1/users",
                Some(admin),
                &json!({"email": email, "password": PASSWORD, "role": "evaluator", "display_name": email}),
            )
            .await;
        assert_eq!(res.status(), 201, "{email}");
    }
    let listed: Value = app
        .get_json("/api/v1/evaluators", Some(officer))
        .await
        .json()
        .await
        .unwrap();
    let mut members = Vec::new();
    for i in 0..n {
        let email = format!("{prefix}{i}@test.it");
        let id = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["display_name"] == email.as_str())
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        members.push((id, app.token(&email).await));
    }
    Committee { members }
}

pub async fn ok(res: reqwest::Response, what: &str) -> Value {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert!(status.is_success(), "{what}: {status} {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// Appoints the committee, every member declares no conflict, and the officer opens.
pub async fn appoint_declare_open(app: &TestApp, officer: &str, phase: &str, c: &Committee) {
    let ids: Vec<&str> = c.members.iter().map(|(id, _)| id.as_str()).collect();
    ok(
        app.post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(officer),
            &json!({"members": ids, "chair": ids[0]}),
        )
        .await,
        "appoint",
    )
    .await;
    for (_, token) in &c.members {
        ok(
            app.post_json(
                &format!("/api/v1/phases/{phase}/declaration"),
                Some(token),
                &json!({"conflict": false, "statement": "Nessun conflitto di interessi (art. 7 DPR 62/2013)."}),
            )
            .await,
            "declare",
        )
        .await;
    }
    ok(
        app.post_json(
            &format!("/api/v1/phases/{phase}/open"),
            Some(officer),
            &json!({}),
        )
        .await,
        "open",
    )
    .await;
}

/// Each member scores each proposal: `scores[proposal][member][criterion]` as typed ("42.5"),
/// for the quality criteria `quality` (their indexes), then submits.
pub async fn score_and_submit(
    app: &TestApp,
    phase: &str,
    c: &Committee,
    quality: &[usize],
    scores: &[(String, Vec<Vec<String>>)],
) {
    for (m, (_, token)) in c.members.iter().enumerate() {
        for (proposal, by_member) in scores {
            let body: Vec<Value> = quality
                .iter()
                .zip(&by_member[m])
                .map(|(criterion, points)| {
                    json!({"criterion": criterion, "points": points, "justification": "Motivazione del punteggio."})
                })
                .collect();
            let res = app
                .api
                .put(app.url(&format!(
                    "/api/v1/phases/{phase}/proposals/{proposal}/scores"
                )))
                .bearer_auth(token)
                .json(&json!({"scores": body}))
                .send()
                .await
                .unwrap();
            ok(res, "scores").await;
        }
        ok(
            app.post_json(
                &format!("/api/v1/phases/{phase}/scores/submit"),
                Some(token),
                &json!({}),
            )
            .await,
            "submit",
        )
        .await;
    }
}

/// The chair records the members' mean as the consensus of every proposal (no points given).
pub async fn consensus_of_means(
    app: &TestApp,
    phase: &str,
    c: &Committee,
    quality: &[usize],
    proposals: &[String],
) {
    for proposal in proposals {
        let body: Vec<Value> = quality.iter().map(|q| json!({"criterion": q})).collect();
        ok(
            app.post_json(
                &format!("/api/v1/phases/{phase}/proposals/{proposal}/consensus"),
                Some(c.chair()),
                &json!({"scores": body}),
            )
            .await,
            "consensus",
        )
        .await;
    }
}

/// The officer confirms the outcome; returns the ranking lines the service computed.
pub async fn decide(app: &TestApp, officer: &str, phase: &str) -> Vec<Value> {
    let lines = ok(
        app.post_json(
            &format!("/api/v1/phases/{phase}/decision"),
            Some(officer),
            &json!({"text": "Determina dirigenziale: esito della fase."}),
        )
        .await,
        "decide",
    )
    .await;
    lines.as_array().unwrap().clone()
}

fn ids(lines: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<String> {
    lines
        .iter()
        .filter(|l| keep(l))
        .map(|l| l["proposal_id"].as_str().unwrap().to_string())
        .collect()
}

/// The service's outcome (ranking, admitted, excluded, flagged) is exactly the reference's;
/// returns the admitted proposals.
pub fn assert_as_reference(lines: &[Value], expected: &reference::Outcome) -> BTreeSet<String> {
    assert_eq!(
        ids(lines, |l| l["excluded"].is_null()),
        expected.ranking,
        "the ranking is the reference's"
    );
    let admitted: BTreeSet<String> = ids(lines, |l| l["admitted"] == true).into_iter().collect();
    assert_eq!(
        admitted, expected.admitted,
        "the admitted are the reference's"
    );
    let excluded: BTreeSet<String> = ids(lines, |l| !l["excluded"].is_null())
        .into_iter()
        .collect();
    assert_eq!(excluded, expected.excluded.keys().cloned().collect());
    let flagged: BTreeSet<String> = ids(lines, |l| l["abnormally_low"] == true)
        .into_iter()
        .collect();
    assert_eq!(flagged, expected.abnormally_low);
    admitted
}

/// The chair checks every request to participate against each of the phase's `criteria`: all
/// met, each with a reason.
pub async fn pass_selection(app: &TestApp, c: &Committee, criteria: usize, requests: &[String]) {
    let checks: Vec<Value> = (0..criteria)
        .map(|i| json!({"criterion": i, "passed": true, "reason": "Requisito dimostrato dai servizi analoghi."}))
        .collect();
    for id in requests {
        ok(
            app.put_json(
                &format!("/api/v1/proposals/{id}/selection-check"),
                Some(c.chair()),
                &json!({ "checks": checks }),
            )
            .await,
            "selection check",
        )
        .await;
    }
}
