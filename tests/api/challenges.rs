//! Complaints and appeals: a bidder complains of the award and is answered with reasons; the
//! officer records an appeal to the administrative court with a request for interim measures,
//! which keeps the framework agreement from being signed and the procedure from concluding until
//! the court's decision on the request is recorded (art. 18 c.4 D.Lgs. 36/2023). Nobody else sees
//! another's complaint; the procurement report lists them.

use chrono::Duration;
use serde_json::{Value, json};

use crate::demo::{decide_the_demo_first_phase, demo_token};
use crate::helpers::spawn_app_with;

async fn body(res: reqwest::Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{v}");
    v
}

#[tokio::test]
async fn an_appeal_with_interim_measures_holds_the_award_until_the_court_decides() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let mut suppliers = Vec::new();
    for n in 1..=3 {
        let token = demo_token(
            &app,
            &format!("fornitore{n}@demo.it"),
            "demo-fornitore-2026",
        )
        .await;
        let inbox = body(
            app.get_json("/api/v1/communications", Some(&token)).await,
            200,
        )
        .await;
        let kind = inbox
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["call_id"] == demo.call_id.as_str())
            .unwrap()["kind"]
            .as_str()
            .unwrap()
            .to_string();
        suppliers.push((kind, token));
    }
    let loser = &suppliers
        .iter()
        .find(|(k, _)| k == "award_notice")
        .unwrap()
        .1;
    let winner = &suppliers.iter().find(|(k, _)| k == "award").unwrap().1;
    let complaints = format!("/api/v1/calls/{}/complaints", demo.call_id);

    // A complaint needs its text, and only the one excluded complains of an exclusion.
    let empty = body(
        app.post_json(
            &complaints,
            Some(loser),
            &json!({"ground": "award", "text": " "}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(empty["fields"][0]["field"], "text");
    let not_excluded = body(
        app.post_json(
            &complaints,
            Some(loser),
            &json!({"ground": "exclusion", "text": "Esclusione illegittima."}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(not_excluded["error"], "not_a_party");
    let complaint = body(
        app.post_json(
            &complaints,
            Some(loser),
            &json!({"ground": "award", "phase_id": demo.phase,
                    "text": "Il punteggio tecnico dell'aggiudicataria non rispetta il criterio 2."}),
        )
        .await,
        200,
    )
    .await;
    let complaint_id = complaint["id"].as_str().unwrap();
    assert_eq!(complaint["status"], "open");
    assert_eq!(complaint["holds_award"], false, "a complaint holds nothing");
    let seen = body(
        app.get_json(&format!("/api/v1/challenges/{complaint_id}"), Some(winner))
            .await,
        404,
    )
    .await;
    assert_eq!(seen["error"], "not_found", "another bidder cannot read it");
    let theirs = body(
        app.get_json(
            &format!("/api/v1/calls/{}/challenges", demo.call_id),
            Some(winner),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(theirs, json!([]));

    // The complainant attaches its grounds; the authority and it download them, nobody else.
    let grounds = b"%PDF-1.4 motivi del reclamo".to_vec();
    let res = app
        .api
        .post(app.url(&format!("/api/v1/challenges/{complaint_id}/files")))
        .bearer_auth(loser)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            crate::helpers::file_part("motivi.pdf", grounds.clone()),
        ))
        .send()
        .await
        .unwrap();
    let attached = body(res, 201).await;
    assert_eq!(attached["sha256"], crate::helpers::sha256_hex(&grounds));
    let file_url = app.url(&format!(
        "/api/v1/challenge-files/{}",
        attached["id"].as_str().unwrap()
    ));
    for (who, token) in [("the officer", &officer), ("the complainant", loser)] {
        let got = app
            .api
            .get(&file_url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(got.status(), 200, "{who}");
        assert_eq!(got.bytes().await.unwrap().to_vec(), grounds, "{who}");
    }
    let other = app
        .api
        .get(&file_url)
        .bearer_auth(winner)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404, "another bidder cannot download it");
    let listed = body(
        app.get_json(&format!("/api/v1/challenges/{complaint_id}"), Some(loser))
            .await,
        200,
    )
    .await;
    assert_eq!(listed["files"][0]["file_name"], "motivi.pdf");

    // The officer answers: accepting needs the measures; the answer reaches the complainant.
    let answer = format!("/api/v1/challenges/{complaint_id}/answer");
    let no_measures = body(
        app.post_json(
            &answer,
            Some(&officer),
            &json!({"accepted": true, "reasons": "Fondato."}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(no_measures["fields"][0]["field"], "measures");
    let answered = body(
        app.post_json(
            &answer,
            Some(&officer),
            &json!({"accepted": false, "reasons": "Il criterio 2 è stato applicato come da bando."}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(answered["status"], "rejected");
    let again = body(
        app.post_json(
            &answer,
            Some(&officer),
            &json!({"accepted": false, "reasons": "x"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(again["error"], "already_closed");
    let inbox = body(
        app.get_json("/api/v1/communications", Some(loser)).await,
        200,
    )
    .await;
    let told = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "complaint_answer")
        .expect("the complainant is told");
    assert!(told["body"].as_str().unwrap().contains("respinto"));

    // The officer records an appeal to the TAR with a request for interim measures.
    let today = chrono::Utc::now().date_naive();
    let appeals = format!("/api/v1/calls/{}/appeals", demo.call_id);
    let no_court = body(
        app.post_json(
            &appeals,
            Some(&officer),
            &json!({"kind": "appeal", "ground": "award", "text": "Ricorso", "filed_on": today,
                    "interim_requested": true}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(no_court["fields"][0]["field"], "court");
    let future = body(
        app.post_json(
            &appeals,
            Some(&officer),
            &json!({"kind": "appeal", "ground": "award", "text": "Ricorso", "court": "TAR",
                    "filed_on": today + Duration::days(2), "interim_requested": true}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(future["fields"][0]["field"], "filed_on");
    let appeal = body(
        app.post_json(
            &appeals,
            Some(&officer),
            &json!({"kind": "appeal", "ground": "award", "phase_id": demo.phase,
                    "court": "TAR Emilia-Romagna, Bologna, R.G. 123/2027",
                    "text": "Ricorso avverso l'aggiudicazione con domanda cautelare.",
                    "filed_on": today, "interim_requested": true}),
        )
        .await,
        200,
    )
    .await;
    let appeal_id = appeal["id"].as_str().unwrap().to_string();
    assert_eq!(appeal["holds_award"], true);
    let results = body(
        app.get_json(&format!("/api/v1/phases/{}/results", demo.phase), None)
            .await,
        200,
    )
    .await;
    assert_eq!(results["award_held"], true, "the results say so");
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{}", demo.call_id))
        .await;
    assert!(page.contains("id=\"award-held\""), "and the call page");
    let award_statuses = || async {
        let record: Value = app
            .get_json(&format!("/ocds/records/{}", demo.call_id), None)
            .await
            .json()
            .await
            .unwrap();
        record["records"][0]["compiledRelease"]["awards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["status"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let held_awards = award_statuses().await;
    assert!(
        !held_awards.is_empty() && held_awards.iter().all(|s| s == "pending"),
        "the open data does not call a held award final: {held_awards:?}"
    );

    // No framework agreement is signed meanwhile.
    let listed = body(
        app.get_json(
            &format!("/api/v1/calls/{}/contracts", demo.call_id),
            Some(&officer),
        )
        .await,
        200,
    )
    .await;
    let framework = listed["frameworks"][0]["id"].as_str().unwrap().to_string();
    let sign = format!("/api/v1/frameworks/{framework}/sign");
    let held = body(
        app.post_json(&sign, Some(&officer), &json!({"signed_on": today}))
            .await,
        409,
    )
    .await;
    assert_eq!(held["error"], "held_by_appeal");

    // The court refuses the interim measures: the award is no longer held.
    let interim = format!("/api/v1/challenges/{appeal_id}/interim");
    let decided = body(
        app.post_json(
            &interim,
            Some(&officer),
            &json!({"granted": false, "decided_on": today, "text": "Ordinanza n. 45/2027: respinta."}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(decided["holds_award"], false);
    assert!(award_statuses().await.iter().all(|s| s == "active"));
    assert_eq!(decided["status"], "open", "the appeal itself goes on");
    let twice = body(
        app.post_json(
            &interim,
            Some(&officer),
            &json!({"granted": true, "decided_on": today, "text": "x"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(twice["error"], "interim_decided");
    body(
        app.post_json(&sign, Some(&officer), &json!({"signed_on": today}))
            .await,
        200,
    )
    .await;

    // Only the officer records appeals; the procurement report lists the challenges.
    let by_supplier = app
        .post_json(
            &appeals,
            Some(loser),
            &json!({"kind": "appeal", "ground": "award", "text": "x", "court": "TAR",
                    "filed_on": today}),
        )
        .await;
    assert_eq!(by_supplier.status(), 403);
    let all = body(
        app.get_json(
            &format!("/api/v1/calls/{}/challenges", demo.call_id),
            Some(&officer),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let report = app
        .api
        .get(app.url(&format!("/calls/{}/report.pdf", demo.call_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 200);
    let text = crate::records::pdf_text(&report.bytes().await.unwrap()).expect("pdftotext");
    assert!(
        text.contains("Ricorso al TAR") && text.contains("Reclamo"),
        "the report lists them: {text}"
    );
}

#[tokio::test]
async fn complaints_and_appeals_are_filed_answered_and_decided_on_their_page() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let page_path = format!("/calls/{}/challenges", demo.call_id);
    let supplier = app
        .browser_with(Some("fornitore1@demo.it"), "demo-fornitore-2026")
        .await;
    let (status, page) = supplier.page(&format!("/calls/{}", demo.call_id)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"call-challenges\""),
        "linked from the call"
    );
    let csrf = supplier.csrf(&page_path).await;

    // Refused: the page again with the field named, nothing recorded.
    let res = supplier
        .post_form(
            &format!("/calls/{}/complaints", demo.call_id),
            &[("csrf", &csrf), ("ground", "award"), ("text", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let refused = res.text().await.unwrap();
    assert!(refused.contains("id=\"challenge-errors\"") && refused.contains("text"));
    let res = supplier
        .post_form(
            &format!("/calls/{}/complaints", demo.call_id),
            &[
                ("csrf", &csrf),
                ("ground", "terms"),
                ("phase_id", ""),
                (
                    "text",
                    "Il criterio 3 del bando favorisce i grandi operatori.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        crate::helpers::location(&res),
        format!("{page_path}?done=challenge_recorded")
    );
    let (_, mine) = supplier.page(&page_path).await;
    assert!(mine.contains("favorisce i grandi operatori") && mine.contains("in corso"));
    let other = app
        .browser_with(Some("fornitore2@demo.it"), "demo-fornitore-2026")
        .await;
    let (_, theirs) = other.page(&page_path).await;
    assert!(
        !theirs.contains("favorisce i grandi operatori"),
        "another bidder does not see it"
    );

    // The officer records an appeal with interim measures, then the court's refusal of them,
    // and answers the complaint.
    let officer = app
        .browser_with(Some("funzionaria@regione.demo"), "demo-funzionaria-2026")
        .await;
    let csrf = officer.csrf(&page_path).await;
    let today = chrono::Utc::now().date_naive().to_string();
    let res = officer
        .post_form(
            &format!("/officer/calls/{}/appeals", demo.call_id),
            &[
                ("csrf", &csrf),
                ("kind", "appeal"),
                ("organisation_id", ""),
                ("court", "TAR Emilia-Romagna"),
                ("filed_on", &today),
                ("interim_requested", "yes"),
                ("ground", "award"),
                ("phase_id", &demo.phase),
                ("text", "Ricorso con domanda cautelare."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = officer.page(&page_path).await;
    assert!(page.contains("id=\"award-held\""), "held: {page}");
    let list: Value = app
        .get_json(
            &format!("/api/v1/calls/{}/challenges", demo.call_id),
            Some(&demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await),
        )
        .await
        .json()
        .await
        .unwrap();
    let id_of = |kind: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (appeal, complaint) = (id_of("appeal"), id_of("complaint"));
    let supplier_csrf = supplier.csrf(&page_path).await;
    let form = crate::helpers::page_form(&supplier_csrf).part(
        "file",
        crate::helpers::file_part("allegato.pdf", b"%PDF-1.4 allegato".to_vec()),
    );
    let res = supplier
        .client
        .post(app.url(&format!("/challenges/{complaint}/files")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, mine) = supplier.page(&page_path).await;
    assert!(
        mine.contains("allegato.pdf")
            && mine.contains(&crate::helpers::sha256_hex(b"%PDF-1.4 allegato")),
        "the file and its SHA-256 on the page"
    );
    let res = officer
        .post_form(
            &format!("/officer/challenges/{appeal}/interim"),
            &[
                ("csrf", &csrf),
                ("decided_on", &today),
                ("text", "Ordinanza: respinta."),
                ("granted", "no"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = officer
        .post_form(
            &format!("/officer/challenges/{complaint}/answer"),
            &[
                ("csrf", &csrf),
                ("reasons", "Il criterio è proporzionato all'oggetto."),
                ("measures", ""),
                ("accepted", "no"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = officer.page(&page_path).await;
    assert!(!page.contains("id=\"award-held\""), "no longer held");
    assert!(page.contains("respinta") && page.contains("proporzionato all"));
    let (_, mine) = supplier.page(&page_path).await;
    assert!(mine.contains("respinto"), "the bidder reads the answer");
}
