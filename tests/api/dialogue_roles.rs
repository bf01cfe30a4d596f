//! No organisation but the candidate reaches anything of the candidate's channel: every API and
//! page route of it, for the other candidates, a supplier not invited, an officer of another
//! authority and nobody signed in.

use serde_json::{Value, json};

use crate::dialogue::{Dialogue, approved_session, attach, invited_three, post};
use crate::helpers::file_part;
use crate::procedure::ok;

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

/// A committee member reads the channels only once it has declared no conflict of interest.
#[tokio::test]
async fn a_member_with_a_conflict_of_interest_reads_no_channel() {
    let d = invited_three().await;
    let app = &d.app;
    d.clock.advance(chrono::Duration::days(64));
    let officer = app.token("officer@test.it").await;
    let admin = app.token("admin@test.it").await;
    let c = crate::procedure::committee(app, &admin, &officer, "dz", 3).await;
    let stage = &d.phases[2];
    let ids: Vec<&str> = c.members.iter().map(|(id, _)| id.as_str()).collect();
    ok(
        app.post_json(
            &format!("/api/v1/phases/{stage}/committee"),
            Some(&officer),
            &json!({"members": ids, "chair": ids[0]}),
        )
        .await,
        "appoint",
    )
    .await;
    let (cleared, conflicted, undeclared) = (&c.members[0].1, &c.members[1].1, &c.members[2].1);
    for (token, conflict) in [(cleared, false), (conflicted, true)] {
        ok(
            app.post_json(
                &format!("/api/v1/phases/{stage}/declaration"),
                Some(token),
                &json!({"conflict": conflict, "statement": "Dichiarazione (art. 7 DPR 62/2013)."}),
            )
            .await,
            "declare",
        )
        .await;
    }
    assert_eq!(
        app.get_json(&d.channel(1), Some(cleared)).await.status(),
        200
    );
    for token in [conflicted, undeclared] {
        assert_eq!(app.get_json(&d.channel(1), Some(token)).await.status(), 404);
    }
}
