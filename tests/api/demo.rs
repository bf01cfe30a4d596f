//! The end-to-end check: the demo PCP whose first phase has closed goes through the
//! committee, the opening, scoring by three evaluators, consensus and the decision; the admitted
//! suppliers can submit in the next phase and the others cannot.

use serde_json::{Value, json};

use crate::helpers::{TestApp, proposal_form, spawn_app_with, submit};

pub async fn demo_token(app: &TestApp, email: &str, password: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": email, "password": password}),
        )
        .await;
    assert_eq!(res.status(), 200, "{email}");
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The demo PCP after its first phase: the outcome is confirmed and public.
pub struct DecidedDemo {
    pub call_id: String,
    pub phase: String,
    pub next: String,
    /// The decision's lines, best first.
    pub lines: Value,
}

/// Loads the demo and takes its PCP through the first phase: committee, declarations, opening,
/// scores from three evaluators, consensus and the officer's decision.
pub async fn decide_the_demo_first_phase(app: &TestApp) -> DecidedDemo {
    let blobs = app.state.blobs.clone();
    let loaded = app
        .state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    assert!(loaded);

    let calls: Value = app
        .get_json("/api/v1/calls?cpv=73110000", None)
        .await
        .json()
        .await
        .unwrap();
    let call_id = calls["items"][0]["id"].as_str().unwrap().to_string();
    let call: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let phase = call["phases"][0]["id"].as_str().unwrap().to_string();
    let next = call["phases"][1]["id"].as_str().unwrap().to_string();
    let count: Value = app
        .get_json(&format!("/api/v1/phases/{phase}/proposals/count"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(count["active"], 3, "one proposal from each demo supplier");

    let officer = demo_token(app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let evaluators: Value = app
        .get_json("/api/v1/evaluators", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = evaluators
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    // valutatore1@regione.demo, Anna Ferrari, chairs.
    let chair_id = evaluators
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["display_name"] == "Anna Ferrari")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &json!({"members": ids, "chair": chair_id}),
        )
        .await;
    assert_eq!(res.status(), 204);

    let mut tokens = Vec::new();
    for n in 1..=3 {
        tokens.push(
            demo_token(
                app,
                &format!("valutatore{n}@regione.demo"),
                "demo-valutatore-2026",
            )
            .await,
        );
    }
    let declaration =
        json!({"conflict": false, "statement": "Dichiaro l'assenza di conflitti di interesse."});
    for t in &tokens {
        assert_eq!(
            app.post_json(
                &format!("/api/v1/phases/{phase}/declaration"),
                Some(t),
                &declaration
            )
            .await
            .status(),
            204
        );
    }
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/open"),
            Some(&officer),
            &json!({})
        )
        .await
        .status(),
        204
    );

    let before = app
        .get_json(&format!("/api/v1/phases/{phase}/results"), None)
        .await;
    assert_eq!(before.status(), 404, "no results before the decision");

    let mut proposals = Vec::new();
    let state = app.state.clone();
    let phase_id = phase.clone();
    let rows = state
        .db(move |conn| Ok(pcp_desk::db::proposals::for_phase(conn, &phase_id)?))
        .await
        .unwrap();
    for p in rows {
        proposals.push((p.id, p.organisation_id));
    }
    // Technical quality (50), impact (30): three evaluators, three proposals.
    let marks = [["40", "20"], ["45", "27"], ["30", "18"]];
    for t in &tokens {
        for ((proposal, _), m) in proposals.iter().zip(marks) {
            let body = json!({"scores": [
                {"criterion": 0, "points": m[0], "justification": "Motivazione del punteggio"},
                {"criterion": 1, "points": m[1], "justification": "Motivazione del punteggio"}
            ]});
            let res = app
                .api
                .put(app.url(&format!(
                    "/api/v1/phases/{phase}/proposals/{proposal}/scores"
                )))
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 204);
        }
        assert_eq!(
            app.post_json(
                &format!("/api/v1/phases/{phase}/scores/submit"),
                Some(t),
                &json!({})
            )
            .await
            .status(),
            204
        );
    }
    let chair = &tokens[0];
    for ((proposal, _), m) in proposals.iter().zip(marks) {
        let body =
            json!({"scores": [{"criterion": 0, "points": m[0]}, {"criterion": 1, "points": m[1]}]});
        let res = app
            .post_json(
                &format!("/api/v1/phases/{phase}/proposals/{proposal}/consensus"),
                Some(chair),
                &body,
            )
            .await;
        assert_eq!(res.status(), 204);
    }
    let res = app
        .post_json(
            &format!("/api/v1/phases/{phase}/decision"),
            Some(&officer),
            &json!({"text": "Determina di ammissione alla fase 2."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let lines: Value = res.json().await.unwrap();
    DecidedDemo {
        call_id,
        phase,
        next,
        lines,
    }
}

#[tokio::test]
async fn the_demo_pcp_is_taken_from_its_closed_phase_to_the_decision_and_the_funnel() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let DecidedDemo {
        phase, next, lines, ..
    } = decide_the_demo_first_phase(&app).await;
    let admitted: Vec<bool> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["admitted"].as_bool().unwrap())
        .collect();
    assert_eq!(admitted, [true, true, false], "the phase admits two");

    let results: Value = app
        .get_json(&format!("/api/v1/phases/{phase}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    let winners: Vec<String> = results["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["admitted"] == true)
        .map(|l| l["organisation"].as_str().unwrap().to_string())
        .collect();
    for n in 1..=3 {
        let email = format!("fornitore{n}@demo.it");
        let token = demo_token(&app, &email, "demo-fornitore-2026").await;
        let me: Value = app
            .get_json("/api/v1/me", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let org: Value = app
            .get_json(
                &format!(
                    "/api/v1/organisations/{}",
                    me["organisation_id"].as_str().unwrap()
                ),
                Some(&token),
            )
            .await
            .json()
            .await
            .unwrap();
        let res = submit(
            &app,
            &token,
            &next,
            proposal_form(b"%PDF fase 2", 120_000_000),
        )
        .await;
        let expected = if winners.contains(&org["legal_name"].as_str().unwrap().to_string()) {
            201
        } else {
            409
        };
        assert_eq!(res.status(), expected, "{}", org["legal_name"]);
    }
}

#[tokio::test]
async fn the_demo_proposal_files_are_real_pdfs() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    decide_the_demo_first_phase(&app).await;
    let token = demo_token(&app, "fornitore1@demo.it", "demo-fornitore-2026").await;
    let mine: Value = app
        .get_json("/api/v1/proposals", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let proposal = mine[0]["proposal_id"].as_str().unwrap();
    let files = mine[0]["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{mine}");
    for file in files {
        let res = app
            .get_json(
                &format!(
                    "/api/v1/proposals/{proposal}/files/{}",
                    file["id"].as_str().unwrap()
                ),
                Some(&token),
            )
            .await;
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap();
        if let Some(text) = crate::records::pdf_text(&bytes) {
            assert!(
                text.contains("documento di esempio caricato con i dati dimostrativi"),
                "a readable PDF: {text}"
            );
        }
    }
}
