//! The dialogue on the record, through the API: five requests, three invited, two stages with
//! private channels, messages with files and read receipts, sessions whose minutes the candidate
//! sends back and then approves, a consent given and one refused, a private clarification, the
//! dialogue concluded, two final tenders, the award and its standstill. `dialogue_roles.rs` proves
//! no candidate reaches another's channel; `dialogue_requests.rs` the requests' declarations.

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

pub(crate) async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.post_json(path, Some(token), &body).await
}

pub(crate) async fn attach(
    app: &TestApp,
    token: &str,
    message: &str,
    name: &str,
    bytes: &[u8],
) -> Value {
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
pub(crate) async fn approved_session(
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

    // Quoting another candidate's message needs its consent for that message and that recipient.
    let quote = |c: usize, message: &Value| {
        let path = format!("{}/messages", d.channel(c));
        let (officer, id) = (officer.clone(), message["id"].clone());
        async move {
            app.post_json(
                &path,
                Some(&officer),
                &json!({"body": "Vi riportiamo quanto indicato da un altro candidato.", "quoted_message_id": id}),
            )
            .await
        }
    };
    assert_eq!(
        quote(2, &c4_message).await.status(),
        409,
        "not without consent"
    );
    assert_eq!(
        quote(2, &answer).await.status(),
        409,
        "a file's consent is not the message's"
    );
    let quoting = ok(
        post(
            app,
            &format!("{}/consents", d.channel(1)),
            &officer,
            json!({"subject": "La risposta sull'architettura", "message_id": answer["id"],
                   "shared_with": d.orgs[2], "purpose": "Chiedere al candidato 2 un parere"}),
        )
        .await,
        "ask to quote",
    )
    .await;
    ok(
        post(
            app,
            &format!(
                "/api/v1/dialogue-consents/{}/answer",
                quoting["id"].as_str().unwrap()
            ),
            &c1,
            json!({"given": true}),
        )
        .await,
        "give to quote",
    )
    .await;
    let quoted = ok(quote(2, &answer).await, "quote").await;
    assert_eq!(quoted["quote"]["consent_id"], quoting["id"]);
    assert_eq!(quoted["quote"]["from_candidate"], "Candidato 1");
    assert!(
        quoted["quote"]["body"]
            .as_str()
            .unwrap()
            .contains("In allegato l'architettura")
    );
    assert_eq!(
        quote(4, &answer).await.status(),
        409,
        "given for candidate 2 only"
    );

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
