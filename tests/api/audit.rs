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
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    let authority = out.trim().to_string();
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
