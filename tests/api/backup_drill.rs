//! The backup drill: a backup taken under write load is restored into a new data dir and
//! database, and every receipt issued before it is there with its files.

use std::process::Command;

use serde_json::Value;

use crate::drills::{Service, assert_receipt_kept, suppliers, technical_of};
use crate::helpers::*;

/// Runs the command line on a data dir and database; (success, standard output and error).
fn cli_at(data_dir: &std::path::Path, database_url: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pcp-desk"))
        .args(args)
        .env("PCP_DESK_DATA_DIR", data_dir)
        .env("PCP_DESK_DATABASE_URL", database_url)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_restores_every_receipt_with_its_files() {
    const SUPPLIERS: usize = 8;
    let app = spawn_app_with(|s| {
        s.login_burst = 100;
        s.uploads_per_client = 1_000;
    })
    .await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("DRILL-BK")).await;
    let tokens = suppliers(&app, SUPPLIERS).await;
    let (early, writers) = tokens.split_at(SUPPLIERS / 2);
    let mut before = Vec::new();
    for (n, token) in early.iter().enumerate() {
        let res = submit(
            &app,
            token,
            &phase,
            proposal_form(&technical_of(n, "BK"), 100_000),
        )
        .await;
        assert_eq!(res.status(), 201);
        before.push((token.clone(), res.json::<Value>().await.unwrap()));
    }

    // Suppliers keep replacing their proposals while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = tokio::spawn({
        let (stop, writers, phase) = (stop.clone(), writers.to_vec(), phase.clone());
        let (client, url) = (
            app.api.clone(),
            app.url(&format!("/api/v1/phases/{phase}/proposals")),
        );
        async move {
            let mut receipts = 0;
            for round in 0.. {
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                for (n, token) in writers.iter().enumerate() {
                    let form = proposal_form(&technical_of(100 * round + n, "load"), 90_000);
                    let res = client
                        .post(&url)
                        .bearer_auth(token)
                        .multipart(form)
                        .send()
                        .await;
                    receipts += usize::from(res.is_ok_and(|r| r.status() == 201));
                }
            }
            receipts
        }
    });
    let backup_dir = tempfile::tempdir().unwrap();
    let target = backup_dir.path().join("copy");
    let (data_dir, database_url) = (
        app.state.settings.data_dir.clone(),
        app.state.settings.database_url.clone(),
    );
    let (ok, out) = tokio::task::spawn_blocking({
        let target = target.clone();
        move || {
            cli_at(
                &data_dir,
                &database_url,
                &["backup", target.to_str().unwrap()],
            )
        }
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let during = load.await.unwrap();
    assert!(ok, "backup: {out}");

    let restored = tempfile::tempdir().unwrap();
    let postgres = std::env::var("PCP_DESK_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|base| {
            let (url, name) = crate::helpers::fresh_postgres(&base);
            (base, url, name)
        });
    let restored_url = match &postgres {
        Some((_, url, _)) => url.clone(),
        None => restored
            .path()
            .join("pcp-desk.db")
            .to_string_lossy()
            .into_owned(),
    };
    let (ok, restore_out) = cli_at(
        restored.path(),
        &restored_url,
        &["restore", target.to_str().unwrap()],
    );
    assert!(ok, "restore: {restore_out}");
    let (ok, verify) = cli_at(restored.path(), &restored_url, &["audit", "verify"]);
    assert!(ok && verify.contains("audit log intact"), "{verify}");
    let (again, _) = cli_at(
        restored.path(),
        &restored_url,
        &["restore", target.to_str().unwrap()],
    );
    assert!(
        !again,
        "a restore never overwrites a database that holds data"
    );

    let service = Service::start_at(restored.path(), &restored_url);
    for (token, receipt) in &before {
        assert_receipt_kept(&app.api, &service.address, token, receipt).await;
    }
    service.kill();
    if let Some((base, _, name)) = postgres {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let mut conn = diesel::PgConnection::establish(&base).unwrap();
        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
    }
    println!(
        "backup under load: {} receipts before it, all restored with their files; {during} \
         receipts issued while it ran; {}",
        before.len(),
        out.trim()
    );
}
