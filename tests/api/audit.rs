use std::io::Write;
use std::process::{Command, Stdio};

use diesel::connection::SimpleConnection;
use serde_json::{Value, json};

use crate::helpers::{pcp_call, spawn_app};

fn cli(app: &crate::helpers::TestApp, args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcp-desk"))
        .args(args)
        .env("PCP_DESK_DATABASE_URL", &app.state.settings.database_url)
        .env("PCP_DESK_DATA_DIR", &app.state.settings.data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn call_changes_extend_a_hash_chain_whose_tampering_is_found() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-AUD")).await;
    app.post_json(
        &format!("/api/v1/calls/{id}/publish"),
        Some(&token),
        &json!({}),
    )
    .await;
    app.post_json(
        &format!("/api/v1/calls/{id}/cancel"),
        Some(&token),
        &json!({"reason": "Prova"}),
    )
    .await;

    let actions: Vec<String> = app
        .state
        .db(move |conn| {
            Ok(pcp_desk::db::audit::for_entity(conn, "call", &id)?
                .into_iter()
                .map(|e| e.action)
                .collect())
        })
        .await
        .unwrap();
    assert_eq!(
        actions,
        ["call.created", "call.published", "call.cancelled"]
    );

    let admin = app.token(&accounts.admin).await;
    let report: Value = app
        .get_json("/api/v1/audit/verify", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["intact"], true);
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("audit log intact"));

    app.state
        .db(|conn| {
            conn.batch_execute("UPDATE audit_events SET after_summary = 'forged' WHERE seq = 3")?;
            Ok(())
        })
        .await
        .unwrap();
    let report: Value = app
        .get_json("/api/v1/audit/verify", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["intact"], false);
    assert_eq!(report["broken_at"], 3);
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 2);
    assert!(out.contains("broken at event 3"), "{out}");
}

#[tokio::test]
async fn the_command_line_adds_authorities_and_users_with_the_password_from_stdin() {
    let app = spawn_app().await;
    let (code, out) = cli(
        &app,
        &[
            "authority",
            "add",
            "--name",
            "Comune di Parma",
            "--fiscal-code",
            "12345678900",
            "--address",
            "Strada Repubblica 1",
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(out.contains("fiscal_code"), "{out}");

    let dir = tempfile::tempdir().unwrap();
    let profile_file = dir.path().join("profile.json");
    let mut profile = crate::eforms::profile();
    profile["nuts"] = serde_json::json!("ITH52");
    profile["postal_code"] = serde_json::json!("43121");
    std::fs::write(&profile_file, profile.to_string()).unwrap();
    let (code, out) = cli(
        &app,
        &[
            "authority",
            "add",
            "--name",
            "Comune di Parma",
            "--fiscal-code",
            "12345678903",
            "--address",
            "Strada Repubblica 1",
            "--profile",
            profile_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let authority = out.trim().to_string();
    let listed: Value = app
        .get_json("/api/v1/authorities", None)
        .await
        .json()
        .await
        .unwrap();
    let parma = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == authority.as_str())
        .unwrap();
    assert_eq!(parma["profile"], profile, "the profile file is recorded");
    let (code, out) = cli(
        &app,
        &[
            "user",
            "add",
            "--role",
            "officer",
            "--email",
            "Mario.Rossi@Comune.example",
            "--authority",
            &authority,
        ],
        Some("una-password-lunga\n"),
    );
    assert_eq!(code, 0, "{out}");
    let res = app
        .post_json(
            "/api/v1/session",
            None,
            &json!({"email": "mario.rossi@comune.example", "password": "una-password-lunga"}),
        )
        .await;
    assert_eq!(res.status(), 200);

    let (code, out) = cli(
        &app,
        &[
            "user",
            "add",
            "--role",
            "supplier",
            "--email",
            "s@example.it",
        ],
        Some("una-password-lunga\n"),
    );
    assert_ne!(code, 0);
    assert!(
        out.contains("organisation_id"),
        "a supplier needs an organisation: {out}"
    );
}

/// A procedure with a proposal whose receipt PDF was issued (so the database records an
/// anchor), a signed checkpoint, and a few events after it.
async fn anchored_procedure() -> (crate::helpers::TestApp, String) {
    use crate::helpers::{proposal_form, publish, register_supplier, submit};
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-ANCH")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;
    let receipt: Value = submit(&app, &token, &phase, proposal_form(b"%PDF tecnica", 100))
        .await
        .json()
        .await
        .unwrap();
    let pdf = app
        .get_json(
            &format!(
                "/api/v1/proposals/{}/receipt.pdf",
                receipt["proposal_id"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await;
    assert_eq!(pdf.status(), 200);
    let (code, out) = cli(&app, &["audit", "checkpoint"], None);
    assert_eq!(code, 0, "{out}");
    let checkpoint: Value = serde_json::from_str(&out).unwrap();
    assert!(checkpoint["signature"].as_str().unwrap().len() == 128);
    publish(&app, &officer, &pcp_call("PCP-ANCH2")).await;
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 0, "{out}");
    (app, out)
}

async fn events(app: &crate::helpers::TestApp) -> Vec<pcp_desk::audit::AuditEvent> {
    app.state
        .db(|conn| Ok(pcp_desk::db::audit::page(conn, 0, 10_000)?))
        .await
        .unwrap()
}

#[tokio::test]
async fn removing_the_last_events_is_found_by_a_signed_checkpoint() {
    let (app, _) = anchored_procedure().await;
    let all = events(&app).await;
    let checkpoint_seq = {
        let (_, out) = cli(&app, &["audit", "checkpoint"], None);
        serde_json::from_str::<Value>(&out).unwrap()["seq"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(checkpoint_seq, all.last().unwrap().seq);
    app.state
        .db(move |conn| {
            conn.batch_execute(&format!(
                "DELETE FROM audit_events WHERE seq > {}",
                checkpoint_seq - 3
            ))?;
            Ok(())
        })
        .await
        .unwrap();
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!(
            "truncated: the chain ends at event {}",
            checkpoint_seq - 3
        )) && out.contains("checkpoint"),
        "{out}"
    );
    // A checkpoint kept elsewhere is checked as well, and one with a forged signature is named.
    let dir = app.state.settings.checkpoints_dir();
    let kept = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut forged: Value = serde_json::from_slice(&std::fs::read(&kept).unwrap()).unwrap();
    forged["seq"] = json!(1);
    let elsewhere = app.state.settings.data_dir.join("forged.json");
    std::fs::write(&elsewhere, forged.to_string()).unwrap();
    let (code, out) = cli(
        &app,
        &[
            "audit",
            "verify",
            "--checkpoint",
            elsewhere.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        out.contains("the signature does not match its content"),
        "{out}"
    );
}

#[tokio::test]
async fn rewriting_the_chain_is_found_by_the_anchors_of_issued_documents() {
    let (app, _) = anchored_procedure().await;
    // The database's owner edits event 2 and recomputes every later hash.
    let mut all = events(&app).await;
    all[1].after = "forged".into();
    for i in 1..all.len() {
        all[i].prev_hash = all[i - 1].hash.clone();
        all[i].hash = pcp_desk::audit::event_hash(&all[i]);
    }
    let updates: String = all[1..]
        .iter()
        .map(|e| {
            format!(
                "UPDATE audit_events SET after_summary = '{}', prev_hash = '{}', hash = '{}' \
                 WHERE seq = {};",
                e.after.replace('\'', "''"),
                e.prev_hash,
                e.hash,
                e.seq
            )
        })
        .collect();
    // The checkpoint is removed too: the documents' anchors alone find the rewrite.
    std::fs::remove_dir_all(app.state.settings.checkpoints_dir()).unwrap();
    app.state
        .db(move |conn| {
            conn.batch_execute(&updates)?;
            Ok(())
        })
        .await
        .unwrap();
    let mut chain = pcp_desk::audit::ChainChecker::default();
    for e in events(&app).await {
        chain
            .check(&e)
            .expect("the rewritten chain is consistent in itself");
    }
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("re-chained: its hash differs from the one document \"Ricevuta"),
        "{out}"
    );
    let accounts_admin = app.token("admin@test.it").await;
    let report: Value = app
        .get_json("/api/v1/audit/verify", Some(&accounts_admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["intact"], false, "{report}");
    assert!(report["reason"].as_str().unwrap().starts_with("re-chained"));
}

#[tokio::test]
async fn removing_events_is_found_by_the_anchors_of_harvested_ocds_releases() {
    let (app, _) = anchored_procedure().await;
    let harvested: Value = app
        .get_json("/ocds/releases", None)
        .await
        .json()
        .await
        .unwrap();
    let anchors = pcp_desk::audit::ocds_anchors(&harvested);
    let last = events(&app).await.last().unwrap().clone();
    assert!(
        anchors
            .iter()
            .any(|a| a.seq == last.seq && a.hash == last.hash),
        "the last call's tender release anchors the head after its publication: {anchors:?}"
    );
    let file = app.state.settings.data_dir.join("harvested.json");
    std::fs::write(&file, harvested.to_string()).unwrap();
    // The publication of the last call is removed; the checkpoint and the documents' anchors
    // are older, so only the harvested copy can tell.
    app.state
        .db(move |conn| {
            conn.batch_execute(&format!(
                "DELETE FROM audit_events WHERE seq = {}",
                last.seq
            ))?;
            Ok(())
        })
        .await
        .unwrap();
    let (code, out) = cli(&app, &["audit", "verify"], None);
    assert_eq!(code, 0, "{out}");
    let (code, out) = cli(
        &app,
        &["audit", "verify", "--ocds", file.to_str().unwrap()],
        None,
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!(
            "truncated: the chain ends at event {}",
            last.seq - 1
        )) && out.contains("OCDS release \"ocds-"),
        "{out}"
    );
}
