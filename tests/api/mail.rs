//! The e-mail copy of every communication reaches a real SMTP server (aiosmtpd, started here):
//! the right recipients, the subject, the standstill's end and the outcome PDF with its SHA-256.
//! The drill: the server is down when the outcome is confirmed, the officer sees the failures, the
//! service restarts (a second instance on the same database) and, once the server is back, every
//! message arrives exactly once although both instances send the outbox at the same time.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use chrono::Duration;
use pcp_desk::service::communications::{Mailer, Pass};
use pcp_desk::startup::Application;
use serde_json::Value;

use crate::demo::{decide_the_demo_first_phase, demo_token};
use crate::helpers::{TestApp, TestClock, require_all, spawn_app_at};

/// The SMTP server of the test tier: `PCP_DESK_SMTP_SINK` runs `tests/mail/smtp_sink.py`.
pub(crate) struct SmtpSink {
    command: Vec<String>,
    port: u16,
    out: PathBuf,
    _dir: tempfile::TempDir,
    child: Option<Child>,
}

impl SmtpSink {
    fn new() -> Option<SmtpSink> {
        let Some(command) = std::env::var("PCP_DESK_SMTP_SINK")
            .ok()
            .filter(|c| !c.trim().is_empty())
        else {
            assert!(
                !require_all(),
                "PCP_DESK_SMTP_SINK is required (see .ci/run)"
            );
            eprintln!("SKIPPED: set PCP_DESK_SMTP_SINK to run the mail tier");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        Some(SmtpSink {
            command: command.split_whitespace().map(str::to_string).collect(),
            port,
            out: dir.path().join("received.jsonl"),
            _dir: dir,
            child: None,
        })
    }

    /// A server already accepting connections, or None where the tier is not set up.
    pub(crate) fn running() -> Option<SmtpSink> {
        let mut sink = SmtpSink::new()?;
        sink.start();
        Some(sink)
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts the server and returns once it accepts connections.
    fn start(&mut self) {
        let mut child = Command::new(&self.command[0])
            .args(&self.command[1..])
            .args(["--port", &self.port.to_string(), "--out"])
            .arg(&self.out)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP sink starts");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    pub(crate) fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

pub(crate) async fn pass(mailer: &std::sync::Arc<Mailer>) -> Pass {
    let mailer = mailer.clone();
    tokio::task::spawn_blocking(move || mailer.run_once())
        .await
        .unwrap()
        .unwrap()
}

async fn communications_of(app: &TestApp, officer: &str, call_id: &str) -> Vec<Value> {
    let list: Value = app
        .get_json(
            &format!("/api/v1/calls/{call_id}/communications"),
            Some(officer),
        )
        .await
        .json()
        .await
        .unwrap();
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn every_bidder_gets_its_outcome_by_email_exactly_once_through_a_server_outage() {
    let Some(mut sink) = SmtpSink::new() else {
        return;
    };
    let clock = TestClock::default();
    let port = sink.port;
    let app = spawn_app_at(
        |s| {
            s.login_burst = 100;
            s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
            s.mail_from = "Regione Emilia-Romagna <appalti@regione.demo>".into();
        },
        clock.clock(),
    )
    .await;
    let mailer = app.state.mailer.clone().expect("SMTP is configured");

    // The server is down when the demo loads and the outcome is confirmed.
    let demo = decide_the_demo_first_phase(&app).await;
    let first = pass(&mailer).await;
    assert_eq!(first.sent, 0);
    assert!(first.failed >= 3, "every message failed: {first:?}");
    assert_eq!(
        pass(&mailer).await,
        Pass::default(),
        "nothing is retried before its time"
    );

    let officer = demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let outcome = communications_of(&app, &officer, &demo.call_id).await;
    assert_eq!(outcome.len(), 3);
    for c in &outcome {
        let email = &c["email"][0];
        assert_eq!(email["status"], "retrying", "{c}");
        assert_eq!(email["attempts"], 1);
        assert!(
            email["last_error"].as_str().unwrap().starts_with("SMTP"),
            "{email}"
        );
        assert!(!c["delivered_at"].is_null(), "on the platform at once");
    }
    let browser = app
        .browser_with(Some("funzionaria@regione.demo"), "demo-funzionaria-2026")
        .await;
    let (_, page) = browser
        .page(&format!("/officer/calls/{}/communications", demo.call_id))
        .await;
    assert!(
        page.contains("id=\"email-failures\"") && page.contains("labemilia@pec.demo.it"),
        "the officer sees the failures: {page}"
    );

    // The service restarts while the server is still down: a second instance on the same
    // database. The server comes back; both instances send the outbox at once.
    let restarted = Application::build_with_clock((*app.state.settings).clone(), clock.clock())
        .expect("the service starts again");
    let second = restarted.state.mailer.clone().unwrap();
    sink.start();
    clock.advance(Duration::seconds(31));
    let (a, b) = tokio::join!(pass(&mailer), pass(&second));
    assert_eq!(a.failed + b.failed, 0, "{a:?} {b:?}");
    assert_eq!(
        a.sent + b.sent,
        first.failed,
        "each message sent by one of them"
    );
    assert_eq!(pass(&mailer).await, Pass::default());
    assert_eq!(pass(&second).await, Pass::default());

    let received = sink.received();
    assert_eq!(received.len(), first.failed, "every message, once");
    let mut ids: Vec<&str> = received
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), received.len(), "no Message-ID twice");
    assert!(
        received
            .iter()
            .all(|m| m["mail_from"] == "appalti@regione.demo"),
        "sent as PCP_DESK_MAIL_FROM"
    );
    assert!(
        received.iter().any(|m| {
            m["subject"]
                .as_str()
                .unwrap()
                .starts_with("Nomina in commissione")
                && m["rcpt_tos"] == serde_json::json!(["valutatore1@regione.demo"])
        }),
        "an evaluator's notice goes through the same outbox"
    );

    // Each bidder of the outcome: its address, its subject, the outcome PDF whose SHA-256 the
    // platform recorded and can verify. (A PCP phase has no standstill: see whole_dialogue.)
    let outcome = communications_of(&app, &officer, &demo.call_id).await;
    let to_each = assert_mailed_once(&app, &received, &outcome, None).await;
    assert_eq!(
        to_each
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        [
            "appennino.digitale@pec.demo.it",
            "labemilia@pec.demo.it",
            "romagna.innovazione@pec.demo.it"
        ]
        .map(String::from)
        .into(),
        "every bidder, at its PEC address"
    );
    let (_, page) = browser
        .page(&format!("/officer/calls/{}/communications", demo.call_id))
        .await;
    assert!(
        !page.contains("id=\"email-failures\""),
        "nothing failing now"
    );
}

/// Each of `communications` reached its address exactly once among `received`: its subject, its
/// text, its link on the platform, `in_body` when given, and the outcome PDF the platform issued
/// (its SHA-256 in the body and verifiable). The addresses, one per communication.
pub(crate) async fn assert_mailed_once(
    app: &TestApp,
    received: &[Value],
    communications: &[Value],
    in_body: Option<&str>,
) -> Vec<String> {
    let mut addresses = Vec::new();
    for c in communications {
        let email = &c["email"][0];
        assert_eq!(email["status"], "sent", "{c}");
        assert!(email["last_error"].is_null());
        let address = email["address"].as_str().unwrap();
        let link = format!("/communications/{}", c["id"].as_str().unwrap());
        let mails: Vec<&Value> = received
            .iter()
            .filter(|m| m["body"].as_str().unwrap().contains(&link))
            .collect();
        assert_eq!(mails.len(), 1, "one e-mail of {c}");
        assert_eq!(mails[0]["rcpt_tos"], serde_json::json!([address]));
        assert_eq!(mails[0]["subject"], c["subject"]);
        addresses.push(address.to_string());
        let body = mails[0]["body"].as_str().unwrap();
        assert!(
            body.contains(c["body"].as_str().unwrap()),
            "the communication's text: {body}"
        );
        if let Some(expected) = in_body {
            assert!(body.contains(expected), "{expected} in {body}");
        }
        let sha = email["attachment_sha256"].as_str().unwrap();
        let attachments = mails[0]["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1);
        assert_eq!(attachments[0]["content_type"], "application/pdf");
        assert_eq!(attachments[0]["sha256"], sha);
        assert!(
            body.contains(sha),
            "the body names the attachment's SHA-256"
        );
        let verify = app
            .api
            .get(app.url(&format!("/verify/{sha}")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            verify.status(),
            200,
            "the attachment is a document the platform issued"
        );
    }
    addresses
}
