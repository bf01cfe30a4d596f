//! Drills for the promise that nothing acknowledged is lost: bursts of proposals sharing files
//! across a deadline, and `kill -9` in the middle of a burst (the backup drill is in
//! `backup_drill.rs`). Each prints its figures, which docs/reliability.md reports.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

use chrono::Duration;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde_json::Value;

use crate::helpers::*;
use crate::whole_pcp::vat_number;

/// The declaration every supplier reuses, as a DGUE is reused across calls.
const SHARED_DGUE: &[u8] = b"%PDF-1.7 DGUE shared by every supplier";

pub(crate) fn technical_of(n: usize, call: &str) -> Vec<u8> {
    format!("%PDF-1.7 proposta {n} per {call} ")
        .into_bytes()
        .repeat(2_000)
}

/// A proposal whose technical file stops after its first chunk until `gate` opens.
fn gated_form(
    technical: Vec<u8>,
    gate: tokio::sync::watch::Receiver<bool>,
) -> reqwest::multipart::Form {
    let (first, rest) = technical.split_at(1_024);
    let (first, rest) = (first.to_vec(), rest.to_vec());
    let len = technical.len() as u64;
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(
        futures_util::stream::once(async move {
            let mut gate = gate;
            let _ = gate.wait_for(|open| *open).await;
            Ok(rest)
        }),
    );
    reqwest::multipart::Form::new()
        .part(
            "administrative",
            file_part("dgue.pdf", SHARED_DGUE.to_vec()),
        )
        .part(
            "technical",
            reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(body), len)
                .file_name("proposta.pdf"),
        )
        .text("price_cents", "100000")
}

fn staged_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.state.settings.data_dir.join("blobs").join("tmp"))
        .unwrap()
        .count()
}

fn orphans(app: &TestApp) -> usize {
    let mut conn = app.state.pool.get().unwrap();
    pcp_desk::service::blobs::collect_orphans(
        &mut conn,
        &app.state.blobs,
        None,
        StdDuration::ZERO,
        true,
        app.state.now(),
    )
    .unwrap()
    .orphans
    .len()
}

/// The proposal of a receipt is served from `base` with the same number and files, and each
/// file downloads with its hash.
pub(crate) async fn assert_receipt_kept(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    receipt: &Value,
) {
    let id = receipt["proposal_id"].as_str().unwrap();
    let stored: Value = client
        .get(format!("{base}/api/v1/proposals/{id}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stored["receipt_number"], receipt["receipt_number"]);
    assert_eq!(stored["files"], receipt["files"]);
    assert_receipt_files(client, base, token, receipt).await;
}

/// Every file of a receipt downloads from `base` with the hash the receipt states.
pub(crate) async fn assert_receipt_files(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    receipt: &Value,
) {
    let id = receipt["proposal_id"].as_str().unwrap();
    for file in receipt["files"].as_array().unwrap() {
        let res = client
            .get(format!(
                "{base}/api/v1/proposals/{id}/files/{}",
                file["id"].as_str().unwrap()
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "file {} of {id}", file["file_name"]);
        assert_eq!(
            sha256_hex(&res.bytes().await.unwrap()),
            file["sha256"].as_str().unwrap()
        );
    }
}

pub(crate) async fn suppliers(app: &TestApp, count: usize) -> Vec<String> {
    let mut tokens = Vec::new();
    for n in 0..count {
        let (_, email) = register_supplier(app, &format!("Fornitore {n}"), &vat_number(n)).await;
        tokens.push(app.token(&email).await);
    }
    tokens
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refused_proposals_never_take_a_shared_file_from_an_accepted_one() {
    const SUPPLIERS: usize = 30;
    let clock = TestClock::default();
    // Every supplier uploads from this one address: lift the per-address caps.
    let app = spawn_app_at(
        |s| {
            s.login_burst = 100;
            s.uploads_per_client = 1_000;
        },
        clock.clock(),
    )
    .await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, closing) = publish(&app, &officer, &pcp_call_closing_in("DRILL-A", 1)).await;
    let (_, open) = publish(&app, &officer, &pcp_call("DRILL-B")).await;
    let tokens = suppliers(&app, SUPPLIERS).await;

    let (open_gate, gate) = tokio::sync::watch::channel(false);
    let mut burst = FuturesUnordered::new();
    for (n, token) in tokens.iter().enumerate() {
        // Half the suppliers send the same proposal to both calls; half a different one.
        let to_closing = technical_of(n, if n % 2 == 0 { "both" } else { "A" });
        let to_open = technical_of(n, if n % 2 == 0 { "both" } else { "B" });
        for (phase, technical) in [(&closing, to_closing), (&open, to_open)] {
            let form = gated_form(technical, gate.clone());
            let (app, token, phase) = (&app, token.clone(), phase.clone());
            burst.push(async move {
                let res = submit(app, &token, &phase, form).await;
                let status = res.status().as_u16();
                (phase, token, status, res.json::<Value>().await.unwrap())
            });
        }
    }
    // Every upload is inside its technical file (both files staged) when the deadline passes.
    let in_flight = tokio::spawn({
        let dir = app.state.settings.data_dir.join("blobs").join("tmp");
        async move {
            while std::fs::read_dir(&dir).unwrap().count() < 4 * SUPPLIERS {
                tokio::time::sleep(StdDuration::from_millis(5)).await;
            }
        }
    });
    let mut answers = Vec::new();
    tokio::select! {
        _ = in_flight => {}
        Some(answer) = burst.next() => panic!("an upload finished before the gate: {answer:?}"),
    }
    clock.advance(Duration::hours(1) + Duration::minutes(1));
    open_gate.send(true).unwrap();
    while let Some(answer) = burst.next().await {
        answers.push(answer);
    }

    let mut counts = BTreeMap::new();
    for (phase, token, status, body) in &answers {
        if *phase == closing {
            assert_eq!(*status, 409, "late at commit: {body}");
            assert_eq!(body["error"], "deadline_passed");
            *counts.entry("refused at commit").or_insert(0) += 1;
        } else {
            assert_eq!(*status, 201, "on time: {body}");
            assert_receipt_files(&app.api, &app.address, token, body).await;
            *counts.entry("receipted, files intact").or_insert(0) += 1;
        }
    }
    assert_eq!(counts["refused at commit"], SUPPLIERS);
    assert_eq!(counts["receipted, files intact"], SUPPLIERS);
    assert_eq!(staged_files(&app), 0, "no staged file left");
    assert_eq!(orphans(&app), 0, "refused files removed at once");
    println!("burst across a deadline: {counts:?}, staged left 0, orphans 0");
}

/// The service as its own process, so that it can be killed.
pub(crate) struct Service {
    child: Child,
    pub(crate) address: String,
}

impl Service {
    /// Starts `pcp-desk serve` on the test's database and data dir, on a free port, and returns
    /// once it listens (it says so on its first line).
    fn start(app: &TestApp) -> Service {
        let settings = &app.state.settings;
        Service::start_at(&settings.data_dir, &settings.database_url)
    }

    pub(crate) fn start_at(data_dir: &std::path::Path, database_url: &str) -> Service {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_pcp-desk"))
            .arg("serve")
            .env("PCP_DESK_DATA_DIR", data_dir)
            .env("PCP_DESK_DATABASE_URL", database_url)
            .env("PCP_DESK_BIND", "127.0.0.1:0")
            .env("PCP_DESK_UPLOADS_PER_CLIENT", "1000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the service");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("PCP Desk listening on ")
            .unwrap_or_else(|| panic!("the service did not start: {line:?}"))
            .to_string();
        Service { child, address }
    }

    pub(crate) fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

fn gc(app: &TestApp, dry_run: bool) -> String {
    let settings = &app.state.settings;
    let mut command = Command::new(env!("CARGO_BIN_EXE_pcp-desk"));
    command
        .args(["gc", "--min-age-minutes", "0"])
        .env("PCP_DESK_DATA_DIR", &settings.data_dir)
        .env("PCP_DESK_DATABASE_URL", &settings.database_url);
    if dry_run {
        command.arg("--dry-run");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_kill_during_a_burst_loses_no_receipt_and_leaves_nothing_behind() {
    const SUPPLIERS: usize = 24;
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("DRILL-K")).await;
    let tokens = suppliers(&app, SUPPLIERS).await;

    let service = Service::start(&app);
    let mut burst = FuturesUnordered::new();
    for (n, token) in tokens.iter().enumerate() {
        let technical = technical_of(n, "K").repeat(10);
        let form = reqwest::multipart::Form::new()
            .part(
                "administrative",
                file_part("dgue.pdf", SHARED_DGUE.to_vec()),
            )
            .part("technical", file_part("proposta.pdf", technical))
            .text("price_cents", "100000");
        let url = format!("{}/api/v1/phases/{phase}/proposals", service.address);
        let (client, token) = (app.api.clone(), token.clone());
        burst.push(async move {
            let res = client
                .post(url)
                .bearer_auth(&token)
                .multipart(form)
                .send()
                .await;
            match res {
                Ok(r) if r.status() == 201 => Some((token, r.json::<Value>().await.ok()?)),
                _ => None,
            }
        });
    }
    let mut acknowledged = Vec::new();
    while acknowledged.len() < SUPPLIERS / 3 {
        if let Some(receipt) = burst.next().await.expect("the burst ended early") {
            acknowledged.push(receipt);
        }
    }
    service.kill();
    let unanswered = burst.count().await;

    let service = Service::start(&app);
    assert_eq!(
        staged_files(&app),
        0,
        "start-up removes interrupted uploads"
    );
    let before_gc = gc(&app, true);
    gc(&app, false);
    assert!(
        gc(&app, true).starts_with("would remove 0 unreferenced files"),
        "after gc no orphan is left"
    );
    for (token, receipt) in &acknowledged {
        assert_receipt_kept(&app.api, &service.address, token, receipt).await;
    }
    service.kill();
    println!(
        "kill -9 during a burst of {SUPPLIERS}: {} acknowledged before the kill, all present with \
         their files; {unanswered} in flight at the kill; gc before: {}",
        acknowledged.len(),
        before_gc.lines().next().unwrap_or_default()
    );
}
