//! The deadline rush: 200 suppliers each send a proposal of two 1 MiB files to one phase at
//! once. Measures the real service (release binary, SQLite, its own process) and, in the same
//! run, a bare actix-web handler that only streams the bytes to disk with SHA-256 and fsync:
//! the limit of this machine. Prints proposals/s, p50/p99 latency and the server's peak RSS.
//!
//! `cargo bench --bench deadline_rush` (SUPPLIERS=50 for a quicker run).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const MIB: usize = 1024 * 1024;
static PEAK_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
const PASSWORD: &str = "bench-password-2026";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn status_field(&self, name: &str) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    }

    /// Peak resident memory of the server process (VmHWM), in MiB.
    fn peak_rss_mib(&self) -> f64 {
        self.status_field("VmHWM:") / 1024.0
    }

    fn rss_mib(&self) -> f64 {
        self.status_field("VmRSS:") / 1024.0
    }

    /// Starts a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM), so that
    /// the set-up (registrations hash 400 passwords) does not count towards the rush.
    fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn wait_ready(server: &Server, client: &reqwest::Client) {
    for _ in 0..200 {
        if client
            .get(server.url("/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not start");
}

/// A file whose content is unique to the supplier, so that no two uploads share a hash.
fn file(supplier: usize, which: u8) -> Vec<u8> {
    let mut bytes = vec![b'x'; MIB];
    let tag = format!("%PDF-1.7 supplier {supplier} file {which}\n");
    bytes[..tag.len()].copy_from_slice(tag.as_bytes());
    bytes
}

struct Outcome {
    label: &'static str,
    seconds: f64,
    latencies: Vec<Duration>,
    ok: usize,
    peak_rss_mib: f64,
}

impl Outcome {
    fn percentile(&self, p: f64) -> f64 {
        let mut l = self.latencies.clone();
        l.sort();
        let i = ((l.len() as f64 - 1.0) * p).round() as usize;
        l.get(i).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
    }

    fn per_second(&self) -> f64 {
        self.ok as f64 / self.seconds
    }

    fn print(&self) {
        println!(
            "{:<28} {:>6} ok  {:>8.1} proposals/s  p50 {:>7.0} ms  p99 {:>7.0} ms  peak RSS {:>6.1} MiB",
            self.label,
            self.ok,
            self.per_second(),
            self.percentile(0.50),
            self.percentile(0.99),
            self.peak_rss_mib
        );
    }
}

/// Fires every request at once and waits for all of them.
async fn rush<F, Fut>(label: &'static str, server: &Server, n: usize, send: F) -> Outcome
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    println!("{label}: RSS before the rush {:.1} MiB", server.rss_mib());
    server.reset_peak();
    let start = Instant::now();
    let pid = server.child.id();
    let sampler = tokio::spawn(async move {
        // Measurement only: the peak number of threads while the rush runs.
        loop {
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let threads: usize = status
                .lines()
                .find(|l| l.starts_with("Threads:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            PEAK_THREADS.fetch_max(threads, std::sync::atomic::Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let fut = send(i);
            tokio::spawn(async move {
                let t = Instant::now();
                let ok = fut.await;
                (ok, t.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(n);
    let mut ok = 0;
    for t in tasks {
        let (success, latency) = t.await.unwrap();
        ok += usize::from(success);
        latencies.push(latency);
    }
    sampler.abort();
    println!(
        "{label}: peak threads {}",
        PEAK_THREADS.swap(0, std::sync::atomic::Ordering::Relaxed)
    );
    Outcome {
        label,
        seconds: start.elapsed().as_secs_f64(),
        latencies,
        ok,
        peak_rss_mib: server.peak_rss_mib(),
    }
}

/// The service with demo data and `n` registered suppliers signed in, ready for the rush.
struct Service {
    server: Server,
    _dir: tempfile::TempDir,
    tokens: Vec<String>,
    phase: String,
}

async fn start_service(n: usize, client: &reqwest::Client) -> Service {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let env = |cmd: &mut Command| {
        cmd.env("PCP_DESK_DATA_DIR", dir.path())
            .env("PCP_DESK_BIND", format!("127.0.0.1:{port}"))
            .env("PCP_DESK_LOGIN_BURST", "100000")
            .env("PCP_DESK_UPLOADS_PER_CLIENT", "100000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    };
    let mut demo = Command::new(env!("CARGO_BIN_EXE_pcp-desk"));
    demo.arg("demo");
    env(&mut demo);
    assert!(demo.status().unwrap().success(), "demo data");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_pcp-desk"));
    serve.arg("serve");
    env(&mut serve);
    let server = Server {
        child: serve.spawn().unwrap(),
        port,
    };
    wait_ready(&server, client).await;

    let calls: Value = client
        .get(server.url("/api/v1/calls?procedure=pcp"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let call_id = calls["items"][0]["id"].as_str().unwrap();
    let call: Value = client
        .get(server.url(&format!("/api/v1/calls/{call_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let phase = call["phases"][0]["id"].as_str().unwrap().to_string();

    println!("registering {n} suppliers…");
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("bench{i}@fornitori.example");
        let res = client
            .post(server.url("/api/v1/organisations"))
            .json(&json!({
                "organisation": {"legal_name": format!("Fornitore {i}"), "vat_number": format!("DE{i:09}"), "country": "DE",
                                 "address": "Hauptstraße 1", "email": "pec@example.eu"},
                "user": {"email": email, "password": PASSWORD, "display_name": format!("Bench {i}")}
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "register {i}");
        let session: Value = client
            .post(server.url("/api/v1/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(session["token"].as_str().unwrap().to_string());
    }
    Service {
        server,
        _dir: dir,
        tokens,
        phase,
    }
}

fn proposal(supplier: usize, round: u8) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part(
            "administrative",
            reqwest::multipart::Part::bytes(file(supplier, 2 * round)).file_name("dgue.pdf"),
        )
        .part(
            "technical",
            reqwest::multipart::Part::bytes(file(supplier, 2 * round + 1)).file_name("tecnica.pdf"),
        )
        .text("price_cents", "10000000")
}

/// Every supplier submits at once; after the first round, each submission replaces the last.
async fn service_round(service: &Service, round: u8, client: &reqwest::Client) -> Outcome {
    let url = service
        .server
        .url(&format!("/api/v1/phases/{}/proposals", service.phase));
    rush(
        "PCP Desk (SQLite)",
        &service.server,
        service.tokens.len(),
        |i| {
            let (client, url, token) = (client.clone(), url.clone(), service.tokens[i].clone());
            async move {
                client
                    .post(&url)
                    .bearer_auth(token)
                    .multipart(proposal(i, round))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 201)
            }
        },
    )
    .await
}

/// Every supplier holds one receipt per round, and exactly one proposal is active.
async fn check_receipts(service: &Service, rounds: usize, client: &reqwest::Client) {
    let mut receipts = 0;
    for token in &service.tokens {
        let mine: Value = client
            .get(service.server.url("/api/v1/proposals"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        receipts += mine.as_array().map_or(0, Vec::len);
    }
    let count: Value = client
        .get(
            service
                .server
                .url(&format!("/api/v1/phases/{}/proposals/count", service.phase)),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let n = service.tokens.len();
    println!(
        "receipts present afterwards: {receipts} of {} (active proposals: {} of {n})",
        n * rounds,
        count["active"]
    );
    assert_eq!(receipts, n * rounds, "every receipt is present");
    assert_eq!(count["active"], n, "one active proposal per supplier");
}

struct Bare {
    server: Server,
    _dir: tempfile::TempDir,
}

async fn start_bare(client: &reqwest::Client) -> Bare {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(std::env::current_exe().unwrap())
        .env("DEADLINE_RUSH_BARE", format!("127.0.0.1:{port}"))
        .env("DEADLINE_RUSH_DIR", dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_ready(&server, client).await;
    Bare { server, _dir: dir }
}

async fn bare_round(bare: &Bare, n: usize, round: u8, client: &reqwest::Client) -> Outcome {
    let url = bare.server.url("/upload");
    rush("bare actix-web handler", &bare.server, n, |i| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            client
                .post(&url)
                .multipart(proposal(i, round))
                .send()
                .await
                .is_ok_and(|r| r.status() == 201)
        }
    })
    .await
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The limit: stream each file to disk while hashing, fsync, rename. Nothing else.
mod bare {
    use actix_multipart::Multipart;
    use actix_web::{App, HttpResponse, HttpServer, web};
    use futures_util::StreamExt;
    use sha2::{Digest, Sha256};
    use tokio::io::AsyncWriteExt;

    async fn upload(dir: web::Data<std::path::PathBuf>, mut payload: Multipart) -> HttpResponse {
        let mut hashes = Vec::new();
        while let Some(Ok(mut field)) = payload.next().await {
            let tmp = dir.join(uuid::Uuid::new_v4().to_string());
            let mut file = tokio::fs::File::create(&tmp).await.unwrap();
            let mut hasher = Sha256::new();
            while let Some(Ok(chunk)) = field.next().await {
                hasher.update(&chunk);
                file.write_all(&chunk).await.unwrap();
            }
            file.sync_all().await.unwrap();
            let hash = hex::encode(hasher.finalize());
            tokio::fs::rename(&tmp, dir.join(&hash)).await.unwrap();
            hashes.push(hash);
        }
        HttpResponse::Created().json(hashes)
    }

    pub fn run(bind: &str, dir: std::path::PathBuf) {
        actix_web::rt::System::new().block_on(async move {
            let data = web::Data::new(dir);
            HttpServer::new(move || {
                App::new()
                    .app_data(data.clone())
                    .route("/health", web::get().to(HttpResponse::Ok))
                    .route("/upload", web::post().to(upload))
            })
            .bind(bind)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    }
}

const ROUNDS: u8 = 3;

fn main() {
    if let Ok(bind) = std::env::var("DEADLINE_RUSH_BARE") {
        bare::run(&bind, std::env::var("DEADLINE_RUSH_DIR").unwrap().into());
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` does not run this.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("SUPPLIERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::builder().pool_max_idle_per_host(n).timeout(Duration::from_secs(300)).build().unwrap();
        let service = start_service(n, &client).await;
        let bare = start_bare(&client).await;
        let (mut ours, mut limit) = (Vec::new(), Vec::new());
        // Alternating rounds, so that both see the same state of the disk.
        for round in 0..ROUNDS {
            ours.push(service_round(&service, round, &client).await);
            limit.push(bare_round(&bare, n, round, &client).await);
        }
        check_receipts(&service, ROUNDS as usize, &client).await;
        println!("\ndeadline rush: {n} suppliers x 2 files of 1 MiB, all at once, {ROUNDS} rounds each");
        for o in ours.iter().chain(&limit) {
            o.print();
        }
        let rate = |v: &[Outcome]| median(v.iter().map(Outcome::per_second).collect());
        let peak = |v: &[Outcome]| v.iter().map(|o| o.peak_rss_mib).fold(0.0, f64::max);
        println!(
            "median throughput: PCP Desk {:.1}/s, bare {:.1}/s, ratio {:.2} (goal >= 0.70); PCP Desk peak RSS {:.1} MiB (goal < 150)",
            rate(&ours),
            rate(&limit),
            rate(&ours) / rate(&limit),
            peak(&ours)
        );
    });
}
