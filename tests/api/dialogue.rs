//! The dialogue on the record, through the API: five requests, three invited, two stages with
//! private channels, messages with files and read receipts, sessions whose minutes the candidate
//! sends back and then approves, a consent given and one refused, a private clarification, the
//! dialogue concluded, two final tenders, the award and its standstill; and no candidate reaching
//! anything of another's channel, by any route.

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, TestClock, dialogue_call, file_part, publish, register_supplier, rome_noon_in,
    sha256_hex, spawn_app_at,
};
use crate::procedure::{consensus_of_means, decide, ok, score_and_submit};
use crate::records::pdf_text;
use crate::whole_dialogue::{submit_and_open, typed};
use crate::whole_pcp::vat_number;

pub(crate) struct Dialogue {
    pub app: TestApp,
    pub clock: TestClock,
    pub call_id: String,
    /// Published phase ids: requests, selection, stage 1, stage 2, final tenders, award…
    pub phases: Vec<String>,
    pub orgs: Vec<String>,
    pub emails: Vec<String>,
    pub officer: String,
}

impl Dialogue {
    pub fn channel(&self, c: usize) -> String {
        format!(
            "/api/v1/calls/{}/dialogue/channels/{}",
            self.call_id, self.orgs[c]
        )
    }

    pub async fn token(&self, c: usize) -> String {
        self.app.token(&self.emails[c]).await
    }
}

/// A dialogue in two stages (the second keeps two solutions) whose requests to participate are
/// decided: candidates 1, 2 and 4 of five are invited to the first stage.
pub(crate) async fn invited_three() -> Dialogue {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = dialogue_call("DC-ER-2027-12", 31);
    call["phases"][1]["max_candidates"] = json!(3);
    let second = json!({"kind": "dialogue", "name": "Dialogo – fase 2", "deadline": rome_noon_in(125),
        "duration_days": 20, "max_contracts": 2,
        "criteria": [{"name": "Qualità", "kind": "quality", "weight": 100, "max_points": 100}]});
    call["phases"].as_array_mut().unwrap().insert(3, second);
    call["phases"][5]["price_formula"] = json!("linear");
    call["phases"][5]["consensus_rule"] = json!("mean_of_members");
    let (call_id, requests) = publish(&app, &officer, &call).await;
    let published: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let phases: Vec<String> = published["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let (mut orgs, mut emails) = (Vec::new(), Vec::new());
    for i in 0..5 {
        let (org, email) =
            register_supplier(&app, &format!("Candidato {i}"), &vat_number(40 + i)).await;
        orgs.push(org);
        emails.push(email);
    }
    let scores = [
        (0, ["60", "62", "61"], None),
        (1, ["70", "71", "72"], None),
        (2, ["80", "82", "81"], None),
        (3, ["50", "51", "52"], None),
        (4, ["90", "88", "89"], None),
    ];
    let all: Vec<(usize, Option<i64>, bool)> = (0..5).map(|c| (c, None, true)).collect();
    let (proposals, c, officer) = submit_and_open(
        &app,
        &clock,
        &emails,
        &requests,
        &all,
        Duration::days(32),
        "dq",
    )
    .await;
    score_and_submit(&app, &requests, &c, &[0], &typed(&proposals, &scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(&app, &requests, &c, &[0], &ids).await;
    crate::procedure::pass_selection(&app, &c, 1, &ids).await;
    decide(&app, &officer, &requests).await;
    Dialogue {
        app,
        clock,
        call_id,
        phases,
        orgs,
        emails,
        officer,
    }
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.post_json(path, Some(token), &body).await
}

async fn attach(app: &TestApp, token: &str, message: &str, name: &str, bytes: &[u8]) -> Value {
    let res = app
        .api
        .post(app.url(&format!("/api/v1/dialogue-messages/{message}/files")))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", file_part(name, bytes.to_vec())))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// A session whose minutes the candidate approves; returns the approved session.
async fn approved_session(
    d: &Dialogue,
    officer: &str,
    c: usize,
    agenda: &str,
    minutes: &str,
) -> Value {
    let candidate = d.token(c).await;
    let s = ok(
        post(
            &d.app,
            &format!("{}/sessions", d.channel(c)),
            officer,
            json!({"starts_at": "2027-03-10T09:30:00Z", "place": "Bologna, viale Aldo Moro 52, sala 3",
                   "attendees": "RUP, commissione, referenti del candidato", "agenda": agenda}),
        )
        .await,
        "schedule",
    )
    .await;
    let id = s["id"].as_str().unwrap();
    ok(
        d.app
            .put_json(
                &format!("/api/v1/dialogue-sessions/{id}/minutes"),
                Some(officer),
                &json!({"minutes": minutes}),
            )
            .await,
        "write",
    )
    .await;
    ok(
        post(
            &d.app,
            &format!("/api/v1/dialogue-sessions/{id}/submit"),
            officer,
            json!({}),
        )
        .await,
        "submit",
    )
    .await;
    ok(
        post(
            &d.app,
            &format!("/api/v1/dialogue-sessions/{id}/approve"),
            &candidate,
            json!({}),
        )
        .await,
        "approve",
    )
    .await
}

/// What the candidate approved, as anyone holding the record recomputes it.
fn fingerprint(s: &Value) -> String {
    let approved = json!({
        "session": s["id"], "starts_at": s["starts_at"], "place": s["place"],
        "attendees": s["attendees"], "agenda": s["agenda"], "minutes": s["minutes"],
    });
    sha256_hex(approved.to_string().as_bytes())
}

fn kinds(channel: &Value) -> Vec<String> {
    channel["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_dialogue_runs_on_the_record_from_the_invitations_to_the_award() {
    let d = invited_three().await;
    let app = &d.app;
    let mut officer = d.officer.clone();
    let channels: Value = app
        .get_json(
            &format!("/api/v1/calls/{}/dialogue/channels", d.call_id),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let invited: Vec<&str> = channels
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["organisation_id"].as_str().unwrap())
        .collect();
    let mut expected = vec![d.orgs[1].as_str(), d.orgs[2].as_str(), d.orgs[4].as_str()];
    expected.sort();
    assert_eq!(invited, expected, "one channel per invited candidate");
    let (mut c1, mut c2, mut c4) = (d.token(1).await, d.token(2).await, d.token(4).await);

    // The authority asks, by a date; the candidate reads (a receipt), answers with a file.
    let asked = ok(
        post(
            app,
            &format!("{}/messages", d.channel(1)),
            &officer,
            json!({"body": "Potete descrivere l'architettura della soluzione?", "answer_by": "2027-03-01"}),
        )
        .await,
        "ask",
    )
    .await;
    assert_eq!(asked["read_at"], Value::Null);
    let read = ok(app.get_json(&d.channel(1), Some(&c1)).await, "read").await;
    assert_eq!(read["side"], "candidate");
    let first_read = read["messages"][0]["read_at"].clone();
    assert!(first_read.is_string(), "{read}");
    d.clock.advance(Duration::hours(1));
    let again = ok(app.get_json(&d.channel(1), Some(&c1)).await, "again").await;
    assert_eq!(
        again["messages"][0]["read_at"], first_read,
        "first reading kept"
    );
    let answer = ok(
        post(
            app,
            &format!("{}/messages", d.channel(1)),
            &c1,
            json!({"body": "In allegato l'architettura.", "reply_to": asked["id"]}),
        )
        .await,
        "answer",
    )
    .await;
    let architecture = b"%PDF architettura riservata del candidato 1";
    let file = attach(
        app,
        &c1,
        answer["id"].as_str().unwrap(),
        "architettura.pdf",
        architecture,
    )
    .await;
    assert_eq!(file["sha256"], sha256_hex(architecture));
    let by_date = post(
        app,
        &format!("{}/messages", d.channel(1)),
        &c1,
        json!({"body": "Rispondete entro venerdì", "answer_by": "2027-03-01"}),
    )
    .await;
    assert_eq!(
        by_date.status(),
        422,
        "only the authority sets an answer-by date"
    );
    // Each side is told a message waits, without its text: the text stays on the platform.
    let notices = |token: String| async move {
        let list: Value = ok(
            app.get_json("/api/v1/notifications", Some(&token)).await,
            "notices",
        )
        .await;
        list.as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "dialogue_message")
            .cloned()
            .collect::<Vec<Value>>()
    };
    let told = notices(c1.clone()).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(!told[0].to_string().contains("architettura della soluzione"));
    assert!(told[0]["link"].as_str().unwrap().ends_with(&d.orgs[1]));
    assert_eq!(
        notices(officer.clone()).await.len(),
        1,
        "the candidate's answer"
    );
    assert!(
        notices(c2.clone()).await.is_empty(),
        "nothing of another's channel"
    );
    let authority_view = ok(app.get_json(&d.channel(1), Some(&officer)).await, "officer").await;
    assert!(authority_view["messages"][1]["read_at"].is_string());
    let late = app
        .api
        .post(app.url(&format!(
            "/api/v1/dialogue-messages/{}/files",
            answer["id"].as_str().unwrap()
        )))
        .bearer_auth(&c1)
        .multipart(
            reqwest::multipart::Form::new().part("file", file_part("altro.pdf", b"%PDF".to_vec())),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        late.status(),
        409,
        "what was read is what the receipt covers"
    );

    // A session with candidate 1: sent back with changes, rewritten, approved and frozen.
    let s = ok(
        post(
            app,
            &format!("{}/sessions", d.channel(1)),
            &officer,
            json!({"starts_at": "2027-03-10T09:30:00Z", "place": "Videoconferenza https://meet.example.it/dc",
                   "attendees": "RUP, commissione, due referenti", "agenda": "Architettura; interoperabilità con il sistema regionale"}),
        )
        .await,
        "schedule",
    )
    .await;
    let session = s["id"].as_str().unwrap().to_string();
    let told = ok(app.get_json(&d.channel(1), Some(&c1)).await, "told").await;
    let scheduled = told["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "session_scheduled")
        .unwrap();
    assert!(
        scheduled["body"]
            .as_str()
            .unwrap()
            .contains("interoperabilità con il sistema regionale"),
        "the candidate is told when, where and what: {scheduled}"
    );
    let empty = post(
        app,
        &format!("/api/v1/dialogue-sessions/{session}/submit"),
        &officer,
        json!({}),
    )
    .await;
    assert_eq!(empty.status(), 409, "empty minutes are not sent");
    let write = |text: &'static str| {
        let path = format!("/api/v1/dialogue-sessions/{session}/minutes");
        let officer = officer.clone();
        async move {
            app.put_json(&path, Some(&officer), &json!({"minutes": text}))
                .await
        }
    };
    ok(
        write("Il candidato ha illustrato l'architettura.").await,
        "draft",
    )
    .await;
    let submit = format!("/api/v1/dialogue-sessions/{session}/submit");
    ok(post(app, &submit, &officer, json!({})).await, "submit").await;
    assert_eq!(
        write("Riscritto mentre il candidato legge").await.status(),
        409,
        "minutes sent for approval are not rewritten"
    );
    assert_eq!(
        post(
            app,
            &format!("/api/v1/dialogue-sessions/{session}/approve"),
            &officer,
            json!({})
        )
        .await
        .status(),
        409,
        "the candidate approves, not the authority"
    );
    ok(
        post(
            app,
            &format!("/api/v1/dialogue-sessions/{session}/changes"),
            &c1,
            json!({"changes": "Aggiungere che l'interoperabilità usa le API regionali."}),
        )
        .await,
        "changes",
    )
    .await;
    ok(
        write(
            "Il candidato ha illustrato l'architettura. L'interoperabilità usa le API regionali.",
        )
        .await,
        "rewrite",
    )
    .await;
    ok(post(app, &submit, &officer, json!({})).await, "resubmit").await;
    let approved = ok(
        post(
            app,
            &format!("/api/v1/dialogue-sessions/{session}/approve"),
            &c1,
            json!({}),
        )
        .await,
        "approve",
    )
    .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["minutes_sha256"], fingerprint(&approved));
    assert_eq!(
        write("Cambiato dopo l'approvazione").await.status(),
        409,
        "approved minutes are frozen"
    );
    let pdf = app
        .api
        .get(app.url(&format!("/api/v1/dialogue-sessions/{session}/minutes.pdf")))
        .bearer_auth(&c1)
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    let bytes = pdf.bytes().await.unwrap();
    if let Some(text) = pdf_text(&bytes) {
        assert!(text.contains("API regionali"), "{text}");
        let joined: String = text.split_whitespace().collect();
        assert!(
            joined.contains(approved["minutes_sha256"].as_str().unwrap()),
            "{text}"
        );
        std::fs::write(std::env::temp_dir().join("dialogue-minutes.pdf"), &bytes).unwrap();
    }
    let verified = app
        .get_json(&format!("/api/v1/verify/{}", sha256_hex(&bytes)), None)
        .await;
    assert_eq!(
        verified.status(),
        200,
        "the minutes verify like the other records"
    );

    // Consents: candidate 1 lets its architecture go to candidate 2 only; candidate 4 refuses.
    let file_id = file["id"].as_str().unwrap().to_string();
    let consent = ok(
        post(
            app,
            &format!("{}/consents", d.channel(1)),
            &officer,
            json!({"subject": "Architettura della soluzione", "file_id": file_id,
                   "shared_with": d.orgs[2], "purpose": "Verificare la compatibilità con la soluzione del candidato 2"}),
        )
        .await,
        "ask consent",
    )
    .await;
    let share = |c: usize, file: String| {
        let path = format!("{}/messages", d.channel(c));
        let officer = officer.clone();
        async move {
            app.post_json(
                &path,
                Some(&officer),
                &json!({"body": "Condividiamo un documento.", "shared_file_ids": [file]}),
            )
            .await
        }
    };
    assert_eq!(
        share(2, file_id.clone()).await.status(),
        409,
        "no consent yet"
    );
    let consent_path = format!(
        "/api/v1/dialogue-consents/{}/answer",
        consent["id"].as_str().unwrap()
    );
    assert_eq!(
        post(app, &consent_path, &officer, json!({"given": true}))
            .await
            .status(),
        409,
        "the candidate consents, not the authority"
    );
    ok(
        post(app, &consent_path, &c1, json!({"given": true})).await,
        "give",
    )
    .await;
    assert_eq!(
        post(app, &consent_path, &c1, json!({"given": false}))
            .await
            .status(),
        409,
        "an answer is final"
    );
    let shared = ok(share(2, file_id.clone()).await, "share").await;
    assert_eq!(shared["files"][0]["sha256"], sha256_hex(architecture));
    assert_eq!(shared["files"][0]["consent_id"], consent["id"]);
    assert_eq!(
        share(4, file_id.clone()).await.status(),
        409,
        "the consent names candidate 2 only"
    );
    let c4_message = ok(
        post(
            app,
            &format!("{}/messages", d.channel(4)),
            &c4,
            json!({"body": "Il nostro brevetto in allegato."}),
        )
        .await,
        "c4",
    )
    .await;
    let patent = attach(
        app,
        &c4,
        c4_message["id"].as_str().unwrap(),
        "brevetto.pdf",
        b"%PDF brevetto",
    )
    .await;
    let refused = ok(
        post(
            app,
            &format!("{}/consents", d.channel(4)),
            &officer,
            json!({"subject": "Brevetto", "file_id": patent["id"], "purpose": "Discuterlo con tutti"}),
        )
        .await,
        "ask c4",
    )
    .await;
    ok(
        post(
            app,
            &format!(
                "/api/v1/dialogue-consents/{}/answer",
                refused["id"].as_str().unwrap()
            ),
            &c4,
            json!({"given": false}),
        )
        .await,
        "refuse",
    )
    .await;
    let blocked = share(2, patent["id"].as_str().unwrap().to_string()).await;
    assert_eq!(blocked.status(), 409);
    let body: Value = blocked.json().await.unwrap();
    assert_eq!(body["error"], "no_consent", "{body}");
    let register: Value = app
        .get_json(
            &format!("/api/v1/calls/{}/dialogue/consents", d.call_id),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["given", "refused"]);

    // A question about candidate 2's own solution is answered in its channel, not published.
    let asked = ok(
        post(
            app,
            &format!("/api/v1/calls/{}/clarifications", d.call_id),
            &c2,
            json!({"question": "Il nostro brevetto EP123 è compatibile con il requisito 4?"}),
        )
        .await,
        "question",
    )
    .await;
    let answer_path = format!(
        "/api/v1/clarifications/{}/answer",
        asked["id"].as_str().unwrap()
    );
    let res = post(
        app,
        &answer_path,
        &officer,
        json!({"answer": "Sì, purché esponga le API regionali.", "private": true}),
    )
    .await;
    assert_eq!(res.status(), 204);
    let public: Value = app
        .get_json(&format!("/api/v1/calls/{}/clarifications", d.call_id), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !public.to_string().contains("EP123"),
        "never published: {public}"
    );
    let c2_channel = ok(app.get_json(&d.channel(2), Some(&c2)).await, "c2").await;
    assert!(kinds(&c2_channel).contains(&"clarification".to_string()));
    assert!(c2_channel.to_string().contains("API regionali"));

    // A session with candidate 2, approved at once.
    approved_session(&d, &officer, 2, "Brevetto EP123", "Discusso il brevetto.").await;

    // Stage 1: outline solutions scored, all three continue, told in each channel.
    let stage1 = d.phases[2].clone();
    let three: Vec<(usize, Option<i64>, bool)> = [1, 2, 4].map(|c| (c, None, false)).to_vec();
    let (proposals, c, fresh) = submit_and_open(
        app,
        &d.clock,
        &d.emails,
        &stage1,
        &three,
        Duration::days(64),
        "d1",
    )
    .await;
    officer = fresh;
    (c1, c2, c4) = (d.token(1).await, d.token(2).await, d.token(4).await);
    let scores = [
        (1, ["75", "76", "77"], None),
        (2, ["65", "66", "64"], None),
        (4, ["85", "84", "86"], None),
    ];
    score_and_submit(app, &stage1, &c, &[0], &typed(&proposals, &scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(app, &stage1, &c, &[0], &ids).await;
    let conclude = format!("/api/v1/calls/{}/dialogue/conclude", d.call_id);
    decide(app, &officer, &stage1).await;
    for (cand, token) in [(1, &c1), (2, &c2), (4, &c4)] {
        let ch = ok(app.get_json(&d.channel(cand), Some(token)).await, "stage").await;
        assert!(kinds(&ch).contains(&"stage_outcome".to_string()), "{ch}");
    }
    // The committee reads every channel and writes in none.
    let member = &c.members[1].1;
    let read_by_member = app.get_json(&d.channel(1), Some(member)).await;
    assert_eq!(read_by_member.status(), 200);
    let by_member = post(
        app,
        &format!("{}/messages", d.channel(1)),
        member,
        json!({"body": "Domanda della commissione"}),
    )
    .await;
    assert_eq!(by_member.status(), 409);
    assert_eq!(
        post(app, &conclude, &officer, json!({"text": "Troppo presto"}))
            .await
            .status(),
        409,
        "not before the last stage's outcome"
    );

    // Stage 2: a session with candidate 4, then two solutions kept.
    let second = approved_session(
        &d,
        &officer,
        4,
        "Piano di migrazione",
        "Concordato il piano.",
    )
    .await;
    assert_eq!(second["stage"], "Dialogo – fase 2");
    let stage2 = d.phases[3].clone();
    let (proposals, c, fresh) = submit_and_open(
        app,
        &d.clock,
        &d.emails,
        &stage2,
        &three,
        Duration::days(30),
        "d2",
    )
    .await;
    officer = fresh;
    (c1, c2, c4) = (d.token(1).await, d.token(2).await, d.token(4).await);
    score_and_submit(app, &stage2, &c, &[0], &typed(&proposals, &scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(app, &stage2, &c, &[0], &ids).await;
    decide(app, &officer, &stage2).await;

    // The dialogue is concluded: the two remaining are invited to submit final tenders.
    ok(
        post(
            app,
            &conclude,
            &officer,
            json!({"text": "Le soluzioni di 1 e 4 rispondono ai fabbisogni."}),
        )
        .await,
        "conclude",
    )
    .await;
    assert_eq!(
        post(app, &conclude, &officer, json!({"text": "Di nuovo"}))
            .await
            .status(),
        409
    );
    for (cand, token, invited) in [(1, &c1, true), (2, &c2, false), (4, &c4, true)] {
        let ch = ok(app.get_json(&d.channel(cand), Some(token)).await, "closed").await;
        assert_eq!(
            kinds(&ch).contains(&"concluded".to_string()),
            invited,
            "candidate {cand}"
        );
    }
    // A final tender is clarified in the channel: the thread the record keeps.
    ok(
        post(
            app,
            &format!("{}/messages", d.channel(4)),
            &officer,
            json!({"body": "Precisate i tempi di migrazione dell'offerta finale."}),
        )
        .await,
        "clarify",
    )
    .await;
    let finals = d.phases[4].clone();
    let tenders = [(1, Some(360_000_000), true), (4, Some(300_000_000), true)];
    let (proposals, c, fresh) = submit_and_open(
        app,
        &d.clock,
        &d.emails,
        &finals,
        &tenders,
        Duration::days(30),
        "df",
    )
    .await;
    officer = fresh;
    let final_scores = [
        (1, ["60", "61", "59"], Some(360_000_000)),
        (4, ["52", "51", "53"], Some(300_000_000)),
    ];
    score_and_submit(app, &finals, &c, &[0], &typed(&proposals, &final_scores)).await;
    let lines = decide(app, &officer, &finals).await;
    let winner = lines.iter().find(|l| l["admitted"] == true).unwrap();
    assert_eq!(winner["proposal_id"], proposals[&4].as_str());
    let results: Value = app
        .get_json(&format!("/api/v1/phases/{finals}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(results["standstill_until"].is_string(), "{results}");

    // The report tells the dialogue; its public copy keeps the agendas out.
    let report = |token: Option<String>| {
        let path = format!("/api/v1/calls/{}/report.pdf", d.call_id);
        async move {
            let mut req = app.api.get(app.url(&path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            pdf_text(&res.bytes().await.unwrap())
        }
    };
    if let (Some(public), Some(own)) = (report(None).await, report(Some(officer.clone())).await) {
        assert!(public.contains("Dialogo") && public.contains("Registro dei consensi"));
        assert!(public.contains(&approved["minutes_sha256"].as_str().unwrap()[..16]));
        assert!(!public.contains("Piano di migrazione"), "{public}");
        assert!(own.contains("Piano di migrazione"), "{own}");
        assert!(own.contains("copia riservata"));
    }
}

/// Every route of candidate 1's channel, with what each needs to exist.
async fn routes_of_candidate_1(d: &Dialogue) -> Vec<(&'static str, String, Value)> {
    let c1 = d.token(1).await;
    let app = &d.app;
    let m = ok(
        post(
            app,
            &format!("{}/messages", d.channel(1)),
            &c1,
            json!({"body": "La nostra soluzione riservata"}),
        )
        .await,
        "message",
    )
    .await;
    let file = attach(
        app,
        &c1,
        m["id"].as_str().unwrap(),
        "segreto.pdf",
        b"%PDF s",
    )
    .await;
    let approved =
        approved_session(d, &d.officer, 1, "Ordine riservato", "Verbale riservato").await;
    let draft = ok(
        post(
            app,
            &format!("{}/sessions", d.channel(1)),
            &d.officer,
            json!({"starts_at": "2027-04-01T09:00:00Z", "place": "Bologna", "attendees": "RUP", "agenda": "Seguito"}),
        )
        .await,
        "draft",
    )
    .await;
    let consent = ok(
        post(
            app,
            &format!("{}/consents", d.channel(1)),
            &d.officer,
            json!({"subject": "Soluzione", "file_id": file["id"], "purpose": "Confronto"}),
        )
        .await,
        "consent",
    )
    .await;
    let s = |v: &Value| v["id"].as_str().unwrap().to_string();
    vec![
        ("GET", d.channel(1), Value::Null),
        (
            "POST",
            format!("{}/messages", d.channel(1)),
            json!({"body": "Intrusione"}),
        ),
        (
            "POST",
            format!("{}/sessions", d.channel(1)),
            json!({"starts_at": "2027-04-01T09:00:00Z", "place": "x", "attendees": "x", "agenda": "x"}),
        ),
        (
            "POST",
            format!("{}/consents", d.channel(1)),
            json!({"subject": "x", "purpose": "x"}),
        ),
        (
            "GET",
            format!("/api/v1/dialogue-files/{}", s(&file)),
            Value::Null,
        ),
        (
            "FILE",
            format!("/api/v1/dialogue-messages/{}/files", s(&m)),
            Value::Null,
        ),
        (
            "GET",
            format!("/api/v1/dialogue-sessions/{}/minutes.pdf", s(&approved)),
            Value::Null,
        ),
        (
            "PUT",
            format!("/api/v1/dialogue-sessions/{}/minutes", s(&draft)),
            json!({"minutes": "x"}),
        ),
        (
            "POST",
            format!("/api/v1/dialogue-sessions/{}/submit", s(&draft)),
            json!({}),
        ),
        (
            "POST",
            format!("/api/v1/dialogue-sessions/{}/approve", s(&draft)),
            json!({}),
        ),
        (
            "POST",
            format!("/api/v1/dialogue-sessions/{}/changes", s(&draft)),
            json!({"changes": "x"}),
        ),
        (
            "POST",
            format!("/api/v1/dialogue-consents/{}/answer", s(&consent)),
            json!({"given": true}),
        ),
        (
            "PAGE",
            format!("/calls/{}/dialogue/{}", d.call_id, d.orgs[1]),
            Value::Null,
        ),
        ("PAGE", format!("/dialogue-files/{}", s(&file)), Value::Null),
        (
            "PAGE",
            format!("/dialogue-sessions/{}/minutes.pdf", s(&approved)),
            Value::Null,
        ),
    ]
}

#[tokio::test]
async fn no_other_organisation_reaches_anything_of_a_candidates_channel() {
    let d = invited_three().await;
    let app = &d.app;
    let routes = routes_of_candidate_1(&d).await;
    // The other two candidates, a supplier not invited, and one of another authority.
    let mut others = Vec::new();
    for c in [2, 4, 0] {
        others.push((d.emails[c].clone(), d.token(c).await));
    }
    let outsider = app.token("other.officer@test.it").await;
    others.push(("other.officer@test.it".into(), outsider));
    for (email, token) in &others {
        let browser = app.browser(Some(email)).await;
        for (method, path, body) in &routes {
            let status = match *method {
                "GET" => app.get_json(path, Some(token)).await.status(),
                "PUT" => app.put_json(path, Some(token), body).await.status(),
                "POST" => app.post_json(path, Some(token), body).await.status(),
                "FILE" => app
                    .api
                    .post(app.url(path))
                    .bearer_auth(token)
                    .multipart(
                        reqwest::multipart::Form::new()
                            .part("file", file_part("x.pdf", b"%PDF".to_vec())),
                    )
                    .send()
                    .await
                    .unwrap()
                    .status(),
                _ => browser.get(path).await.status(),
            };
            assert_eq!(status, 404, "{email}: {method} {path}");
        }
        let listed = app
            .get_json(
                &format!("/api/v1/calls/{}/dialogue/consents", d.call_id),
                Some(token),
            )
            .await;
        if listed.status() == 200 {
            let listed: Value = listed.json().await.unwrap();
            assert!(
                !listed.to_string().contains(&d.orgs[1]),
                "{email} sees nothing of candidate 1's consents: {listed}"
            );
        }
        let channels = app
            .get_json(
                &format!("/api/v1/calls/{}/dialogue/channels", d.call_id),
                Some(token),
            )
            .await;
        if channels.status() == 200 {
            let channels: Value = channels.json().await.unwrap();
            assert!(!channels.to_string().contains(&d.orgs[1]), "{email}");
        }
    }
    // Nobody signed in reaches any of it either.
    for (method, path, body) in &routes {
        let status = match *method {
            "GET" => app.get_json(path, None).await.status(),
            "PUT" => app.put_json(path, None, body).await.status(),
            "POST" | "FILE" => app.post_json(path, None, body).await.status(),
            _ => continue,
        };
        assert!(
            status == 401 || status == 404,
            "anonymous {method} {path}: {status}"
        );
    }
    // Candidate 1 itself reaches its channel.
    let c1 = d.token(1).await;
    assert_eq!(app.get_json(&d.channel(1), Some(&c1)).await.status(), 200);
}

fn declaration(applies: Option<&str>) -> Value {
    let grounds: Vec<Value> = [
        "conviction",
        "anti_mafia",
        "insolvency",
        "taxes_and_contributions",
        "safety_and_labour_law",
        "conflict_of_interest",
        "prior_involvement",
        "professional_misconduct",
        "pending_tax_breaches",
    ]
    .iter()
    .map(|g| {
        let yes = applies == Some(*g);
        json!({"ground": g, "applies": yes,
               "explanation": if yes { "Rateizzazione concordata e in regola (art. 96 c.6)." } else { "" }})
    })
    .collect();
    json!({
        "exclusion_grounds": grounds,
        "turnover_cents": [250_000_000, 230_000_000, 210_000_000],
        "similar_services": [{"client": "Comune di Modena", "description": "Bigliettazione elettronica",
                              "year": 2025, "amount_cents": 45_000_000}],
        "certifications": ["ISO 9001", "ISO 27001"]
    })
}

#[tokio::test]
async fn a_request_carries_a_self_declaration_and_failing_a_selection_criterion_excludes_it() {
    use crate::helpers::submit;
    use crate::procedure::{appoint_declare_open, committee};
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = dialogue_call("DC-ER-2027-13", 31);
    call["phases"][1]["max_candidates"] = json!(3);
    let (_, requests) = publish(&app, &officer, &call).await;
    let mut proposals = std::collections::BTreeMap::new();
    let (mut tokens, mut emails) = (Vec::new(), Vec::new());
    for i in 0..5 {
        let (_, email) =
            register_supplier(&app, &format!("Richiedente {i}"), &vat_number(60 + i)).await;
        let token = app.token(&email).await;
        emails.push(email);
        let form = reqwest::multipart::Form::new()
            .part(
                "administrative",
                file_part("dgue.pdf", b"%PDF dgue".to_vec()),
            )
            .part("technical", file_part("capacita.pdf", b"%PDF cap".to_vec()));
        let receipt = ok(submit(&app, &token, &requests, form).await, "request").await;
        proposals.insert(i, receipt["proposal_id"].as_str().unwrap().to_string());
        tokens.push(token);
    }
    let path = |i: usize| format!("/api/v1/proposals/{}/declaration", proposals[&i]);

    // Each ground answered, explained where it applies; bad input names the field.
    let mut missing = declaration(None);
    missing["exclusion_grounds"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    missing["exclusion_grounds"][2]["applies"] = json!(true);
    let refused = app.put_json(&path(0), Some(&tokens[0]), &missing).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "exclusion_grounds.conviction",
            "exclusion_grounds.taxes_and_contributions.explanation"
        ],
        "{body}"
    );
    for (i, token) in tokens.iter().enumerate() {
        let d = declaration((i == 3).then_some("pending_tax_breaches"));
        ok(app.put_json(&path(i), Some(token), &d).await, "declare").await;
    }
    assert_eq!(
        app.put_json(&path(0), Some(&tokens[1]), &declaration(None))
            .await
            .status(),
        404,
        "another candidate's request does not exist for it"
    );
    assert_eq!(app.get_json(&path(0), Some(&tokens[1])).await.status(), 404);
    let own: Value = ok(app.get_json(&path(3), Some(&tokens[3])).await, "own").await;
    assert_eq!(own["exclusion_grounds"][8]["applies"], true);

    // After the deadline nothing changes; the committee reads the declarations once opened.
    clock.advance(Duration::days(32));
    for (t, e) in tokens.iter_mut().zip(&emails) {
        *t = app.token(e).await;
    }
    assert_eq!(
        app.put_json(&path(0), Some(&tokens[0]), &declaration(None))
            .await
            .status(),
        409,
        "the deadline has passed"
    );
    let officer = app.token(&accounts.officer).await;
    let admin = app.token(&accounts.admin).await;
    let c = committee(&app, &admin, &officer, "dd", 3).await;
    appoint_declare_open(&app, &officer, &requests, &c).await;
    let read: Value = ok(app.get_json(&path(3), Some(c.chair())).await, "committee").await;
    assert_eq!(read["turnover_cents"][0], 250_000_000);

    // The chair checks each request against the selection criterion; candidate 4 fails it.
    let check = |i: usize, passed: bool| {
        let path = format!("/api/v1/proposals/{}/selection-check", proposals[&i]);
        let chair = c.chair().to_string();
        let app = &app;
        async move {
            app.put_json(
                &path,
                Some(&chair),
                &json!({"checks": [{"criterion": 0, "passed": passed,
                    "reason": if passed { "Servizi analoghi adeguati." } else { "Nessun servizio analogo negli ultimi tre anni." }}]}),
            )
            .await
        }
    };
    let incomplete = app
        .put_json(
            &format!("/api/v1/proposals/{}/selection-check", proposals[&0]),
            Some(c.chair()),
            &json!({"checks": []}),
        )
        .await;
    assert_eq!(incomplete.status(), 422, "every criterion, with a reason");
    for i in 0..5 {
        ok(check(i, i != 4).await, "check").await;
    }
    let seen: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{}/selection-check", proposals[&4]),
            Some(&tokens[4]),
        )
        .await,
        "own check",
    )
    .await;
    assert_eq!(seen[0]["passed"], false);
    let scores = [
        (0, ["60", "62", "61"], None),
        (1, ["70", "71", "72"], None),
        (2, ["80", "82", "81"], None),
        (3, ["50", "51", "52"], None),
        (4, ["90", "88", "89"], None),
    ];
    score_and_submit(&app, &requests, &c, &[0], &typed(&proposals, &scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(&app, &requests, &c, &[0], &ids).await;
    let lines = decide(&app, &officer, &requests).await;
    let line = |i: usize| {
        lines
            .iter()
            .find(|l| l["proposal_id"] == proposals[&i].as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(line(4)["excluded"]["reason"], "failed_selection");
    assert_eq!(
        line(4)["admitted"],
        false,
        "the best score, but not selected"
    );
    let invited: Vec<usize> = (0..5).filter(|i| line(*i)["admitted"] == true).collect();
    assert_eq!(invited, [0, 1, 2], "its place goes to the next best");
    assert_eq!(
        check(0, false).await.status(),
        409,
        "checks do not change after the outcome"
    );
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

#[tokio::test]
async fn the_self_declaration_and_the_selection_check_have_their_pages() {
    use crate::helpers::{form_pairs, set_pair, submit};
    use crate::procedure::{appoint_declare_open, committee};
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, requests) = publish(&app, &officer, &dialogue_call("DC-ER-2027-14", 31)).await;
    let (_, email) = register_supplier(&app, "Richiedente Pagine", &vat_number(70)).await;
    let token = app.token(&email).await;
    let form = reqwest::multipart::Form::new()
        .part(
            "administrative",
            file_part("dgue.pdf", b"%PDF dgue".to_vec()),
        )
        .part("technical", file_part("capacita.pdf", b"%PDF cap".to_vec()));
    let receipt = ok(submit(&app, &token, &requests, form).await, "request").await;
    let proposal = receipt["proposal_id"].as_str().unwrap().to_string();
    let page = format!("/proposals/{proposal}/declaration");

    let candidate = app.browser(Some(&email)).await;
    let (_, receipt_page) = candidate
        .page(&format!("/supplier/proposals/{proposal}"))
        .await;
    assert!(receipt_page.contains(&format!("href=\"{page}\"")));
    let (status, html) = candidate.page(&page).await;
    assert_eq!(status, 200);
    let mut pairs = form_pairs(&html, "#declaration");
    let res = candidate.post_form(&page, &as_refs(&pairs)).await;
    assert_eq!(res.status(), 422, "no ground answered");
    let refused = res.text().await.unwrap();
    assert!(
        refused.contains("exclusion_grounds.conviction"),
        "{refused}"
    );
    for g in [
        "conviction",
        "anti_mafia",
        "insolvency",
        "taxes_and_contributions",
        "safety_and_labour_law",
        "conflict_of_interest",
        "prior_involvement",
        "professional_misconduct",
        "pending_tax_breaches",
    ] {
        set_pair(&mut pairs, &format!("ground.{g}"), "no");
    }
    set_pair(&mut pairs, "ground.professional_misconduct", "yes");
    set_pair(
        &mut pairs,
        "explanation.professional_misconduct",
        "Penale contrattuale del 2023, misure organizzative adottate.",
    );
    set_pair(&mut pairs, "turnover.0", "1.250.000,00");
    set_pair(&mut pairs, "service.0.client", "Comune di Ferrara");
    set_pair(&mut pairs, "service.0.description", "Portale dei servizi");
    set_pair(&mut pairs, "service.0.year", "2024");
    set_pair(&mut pairs, "service.0.amount", "80.000,00");
    set_pair(&mut pairs, "certifications", "ISO 9001\nISO 27001\n");
    let saved = candidate.post_form(&page, &as_refs(&pairs)).await;
    assert_eq!(saved.status(), 303);
    let stored: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{proposal}/declaration"),
            Some(&token),
        )
        .await,
        "stored",
    )
    .await;
    assert_eq!(stored["turnover_cents"], json!([125_000_000]));
    assert_eq!(stored["similar_services"][0]["amount_cents"], 8_000_000);
    assert_eq!(stored["certifications"], json!(["ISO 9001", "ISO 27001"]));
    assert_eq!(stored["exclusion_grounds"][7]["applies"], true);

    // The officer reads it once the requests are opened and records the check on the page.
    clock.advance(Duration::days(32));
    let officer = app.token(&accounts.officer).await;
    let admin = app.token(&accounts.admin).await;
    let c = committee(&app, &admin, &officer, "dp", 3).await;
    appoint_declare_open(&app, &officer, &requests, &c).await;
    let authority = app.browser(Some(&accounts.officer)).await;
    let (_, board) = authority.page(&format!("/officer/phases/{requests}")).await;
    assert!(board.contains(&format!("href=\"{page}\"")));
    let (status, html) = authority.page(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Penale contrattuale del 2023"));
    let mut pairs = form_pairs(&html, "#selection-check");
    set_pair(&mut pairs, "passed.0", "no");
    set_pair(
        &mut pairs,
        "reason.0",
        "Nessun servizio analogo di importo adeguato.",
    );
    let checked = authority
        .post_form(
            &format!("/proposals/{proposal}/selection-check"),
            &as_refs(&pairs),
        )
        .await;
    assert_eq!(checked.status(), 303);
    let checks: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{proposal}/selection-check"),
            Some(&officer),
        )
        .await,
        "checks",
    )
    .await;
    assert_eq!(checks[0]["passed"], false);
    let other = app.browser(Some(&accounts.supplier)).await;
    assert_eq!(other.page(&page).await.0, 404);
}
