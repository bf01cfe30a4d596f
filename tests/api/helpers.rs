use std::sync::Arc;

use chrono::{Duration, Utc};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use pcp_desk::config::Settings;
use pcp_desk::db::accounts::Organisation;
use pcp_desk::domain::access::Role;
use pcp_desk::service::accounts::{self, NewAuthority, NewUser};
use pcp_desk::startup::Application;
use pcp_desk::web::AppState;
use serde_json::{Value, json};

pub const PASSWORD: &str = "a-long-test-password";

/// Tiers that need something outside cargo skip loudly, unless CI demands them all.
pub fn require_all() -> bool {
    std::env::var("PCP_DESK_REQUIRE_ALL").is_ok_and(|v| v == "1")
}

/// A pooled connection idle this long is not reused: shorter than the server's keep-alive (5 s),
/// so that a test that blocked its thread (running a validator, say) never sends a request on a
/// connection the server has already closed.
const CLIENT_IDLE: std::time::Duration = std::time::Duration::from_secs(2);

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    pub api: reqwest::Client,
    _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

pub struct Accounts {
    pub authority_id: String,
    pub admin: String,
    pub officer: String,
    pub other_officer: String,
    pub evaluator: String,
    pub supplier: String,
    pub organisation_id: String,
}

/// A fresh PostgreSQL database for one test, dropped when the test ends.
pub fn fresh_postgres(base: &str) -> (String, String) {
    let name = format!("pcp_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::establish(base)
        .expect("PCP_DESK_TEST_POSTGRES_URL must point at a reachable server");
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create test database");
    let (prefix, _) = base.rsplit_once('/').expect("URL with a database name");
    (format!("{prefix}/{name}"), name)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_at(adjust, Arc::new(Utc::now)).await
}

pub async fn spawn_app_at(
    adjust: impl FnOnce(&mut Settings),
    clock: pcp_desk::web::Clock,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let postgres = std::env::var("PCP_DESK_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|base| {
            let (url, name) = fresh_postgres(&base);
            (base, url, name)
        });
    let database_url = postgres.as_ref().map(|(_, url, _)| url.clone());
    let mut settings = Settings::for_data_dir(dir.path().to_path_buf(), database_url);
    adjust(&mut settings);
    let app = Application::build_with_clock(settings, clock).expect("application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        state,
        api: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(CLIENT_IDLE)
            .build()
            .unwrap(),
        _dir: dir,
        postgres: postgres.map(|(base, _, name)| (base, name)),
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.postgres
            && let Ok(mut conn) = PgConnection::establish(base)
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// An authority with an officer, a second authority with its officer, an admin, an evaluator
    /// and a supplier with its organisation; all with `PASSWORD`.
    pub async fn seed_accounts(&self) -> Accounts {
        self.state
            .db(|conn| {
                let now = Utc::now();
                let authority = accounts::create_authority(
                    conn,
                    "system",
                    NewAuthority {
                        name: "Regione Emilia-Romagna",
                        fiscal_code: "80062590379",
                        address: "Viale Aldo Moro 52, Bologna",
                        profile: None,
                    },
                    now,
                )?;
                let other = accounts::create_authority(
                    conn,
                    "system",
                    NewAuthority {
                        name: "Comune di Esempio",
                        fiscal_code: "12345678903",
                        address: "Piazza Maggiore 1",
                        profile: None,
                    },
                    now,
                )?;
                let org = Organisation {
                    id: uuid::Uuid::new_v4().to_string(),
                    legal_name: "Appennino Digitale S.r.l.".into(),
                    vat_number: "01234560371".into(),
                    country: "IT".into(),
                    address: "Via Indipendenza 10, Bologna".into(),
                    email: "pec@example.it".into(),
                    created_at: now.naive_utc(),
                    profile: None,
                };
                accounts::create_organisation(conn, "system", &org, now)?;
                let users = [
                    ("admin@test.it", Role::Admin, None, None),
                    (
                        "officer@test.it",
                        Role::Officer,
                        Some(authority.id.as_str()),
                        None,
                    ),
                    (
                        "other.officer@test.it",
                        Role::Officer,
                        Some(other.id.as_str()),
                        None,
                    ),
                    ("evaluator@test.it", Role::Evaluator, None, None),
                    (
                        "supplier@test.it",
                        Role::Supplier,
                        None,
                        Some(org.id.as_str()),
                    ),
                ];
                for (email, role, authority_id, organisation_id) in users {
                    accounts::create_user(
                        conn,
                        "system",
                        NewUser {
                            email,
                            password: PASSWORD,
                            role,
                            display_name: email,
                            authority_id,
                            organisation_id,
                        },
                        now,
                    )?;
                }
                Ok(Accounts {
                    authority_id: authority.id,
                    admin: "admin@test.it".into(),
                    officer: "officer@test.it".into(),
                    other_officer: "other.officer@test.it".into(),
                    evaluator: "evaluator@test.it".into(),
                    supplier: "supplier@test.it".into(),
                    organisation_id: org.id,
                })
            })
            .await
            .expect("seed accounts")
    }

    /// A bearer token for the API.
    pub async fn token(&self, email: &str) -> String {
        let res = self
            .api
            .post(self.url("/api/v1/session"))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "sign in as {email}");
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut req = self.api.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    pub async fn put_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        let mut req = self.api.put(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.api.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    /// Creates a PCP draft through the API and returns its id.
    pub async fn create_call(&self, token: &str, body: &Value) -> String {
        let res = self.post_json("/api/v1/calls", Some(token), body).await;
        let status = res.status();
        let json: Value = res.json().await.unwrap();
        assert_eq!(status, 201, "create call: {json}");
        json["id"].as_str().unwrap().to_string()
    }

    /// A browser-like client (cookies, no redirects followed) signed in through the login form.
    pub async fn browser(&self, email: Option<&str>) -> Browser {
        self.browser_with(email, PASSWORD).await
    }

    /// The same, signing in with `password`.
    pub async fn browser_with(&self, email: Option<&str>, password: &str) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(CLIENT_IDLE)
            .build()
            .unwrap();
        let browser = Browser {
            client,
            base: self.address.clone(),
        };
        if let Some(email) = email {
            let csrf = browser.csrf("/login").await;
            let res = browser
                .post_form(
                    "/login",
                    &[
                        ("csrf", csrf.as_str()),
                        ("email", email),
                        ("password", password),
                    ],
                )
                .await;
            assert_eq!(res.status(), 303, "form sign in as {email}");
        }
        browser
    }
}

pub struct Browser {
    pub client: reqwest::Client,
    base: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .unwrap()
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// The CSRF token embedded in a page's forms.
    pub async fn csrf(&self, path: &str) -> String {
        let (_, html) = self.page(path).await;
        csrf_in(&html).unwrap_or_else(|| panic!("no CSRF token on {path}"))
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.base, path))
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

/// Noon in Rome `days` from now, as the API takes it (RFC 3339 with the Rome offset).
pub fn rome_noon_in(days: i64) -> String {
    use chrono::{Datelike, TimeZone};
    let day = (Utc::now() + Duration::days(days)).with_timezone(&chrono_tz::Europe::Rome);
    chrono_tz::Europe::Rome
        .with_ymd_and_hms(day.year(), day.month(), day.day(), 12, 0, 0)
        .single()
        .unwrap()
        .to_rfc3339()
}

/// A complete PCP call that can be published as it is.
pub fn pcp_call(reference: &str) -> Value {
    let criteria = json!([
        {"name": "Qualità tecnica", "kind": "quality", "weight": 80, "max_points": 80},
        {"name": "Prezzo", "kind": "price", "weight": 20, "max_points": 20}
    ]);
    json!({
        "procedure": "pcp",
        "reference": reference,
        "title": "Telemonitoraggio domiciliare",
        "summary": "Soluzioni innovative per l'assistenza domiciliare",
        "cpv_codes": ["73000000-2"],
        "budget_cents": 380_000_000,
        "contact": "pcp@regione.example.it",
        "phases": [
            {"kind": "solution_design", "name": "Progettazione", "deadline": rome_noon_in(30), "budget_cents": 38_000_000, "max_contracts": 6, "duration_days": 90, "criteria": criteria},
            {"kind": "prototyping", "name": "Prototipazione", "deadline": rome_noon_in(150), "budget_cents": 152_000_000, "max_contracts": 4, "duration_days": 180, "criteria": criteria},
            {"kind": "testing", "name": "Collaudo", "deadline": rome_noon_in(330), "budget_cents": 190_000_000, "max_contracts": 2, "duration_days": 210, "criteria": criteria}
        ]
    })
}

/// A complete competitive dialogue that can be published as it is.
pub fn dialogue_call(reference: &str, requests_days: i64) -> Value {
    json!({
        "procedure": "competitive_dialogue",
        "reference": reference,
        "title": "Mobilità integrata",
        "summary": "Bigliettazione integrata",
        "cpv_codes": ["72212000-4"],
        "budget_cents": 450_000_000,
        "contact": "dc@regione.example.it",
        "phases": [
            {"kind": "requests_to_participate", "name": "Domande", "deadline": rome_noon_in(requests_days),
             "criteria": [{"name": "Capacità tecnica", "kind": "quality", "weight": 100, "max_points": 100}]},
            {"kind": "selection", "name": "Selezione", "min_candidates": 3},
            {"kind": "dialogue", "name": "Dialogo", "deadline": rome_noon_in(95), "duration_days": 60,
             "criteria": [{"name": "Qualità", "kind": "quality", "weight": 100, "max_points": 100}]},
            {"kind": "final_tenders", "name": "Offerte finali", "deadline": rome_noon_in(150)},
            {"kind": "award", "name": "Aggiudicazione",
             "criteria": [{"name": "Qualità", "kind": "quality", "weight": 70, "max_points": 70},
                          {"name": "Prezzo", "kind": "price", "weight": 30, "max_points": 30}]},
            {"kind": "standstill", "name": "Standstill", "standstill_days": 32}
        ]
    })
}

/// The pairs a browser would submit for a form: inputs (but buttons and files), textareas and
/// selected options, in document order.
pub fn form_pairs(html: &str, form_selector: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let form_sel = scraper::Selector::parse(form_selector).unwrap();
    let field_sel = scraper::Selector::parse("input, textarea, select").unwrap();
    let option_sel = scraper::Selector::parse("option[selected]").unwrap();
    let form = doc
        .select(&form_sel)
        .next()
        .unwrap_or_else(|| panic!("no form {form_selector}"));
    let mut pairs = Vec::new();
    for el in form.select(&field_sel) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        let value = match v.name() {
            "textarea" => el.text().collect::<String>(),
            "select" => el
                .select(&option_sel)
                .next()
                .and_then(|o| o.value().attr("value"))
                .unwrap_or("")
                .to_string(),
            _ => {
                let kind = v.attr("type").unwrap_or("text");
                if matches!(kind, "submit" | "file" | "button")
                    || (kind == "radio" && v.attr("checked").is_none())
                {
                    continue;
                }
                v.attr("value").unwrap_or("").to_string()
            }
        };
        pairs.push((name.to_string(), value));
    }
    pairs
}

pub fn set_pair(pairs: &mut Vec<(String, String)>, name: &str, value: &str) {
    match pairs.iter_mut().find(|(n, _)| n == name) {
        Some(pair) => pair.1 = value.to_string(),
        None => pairs.push((name.to_string(), value.to_string())),
    }
}

/// Text of the elements matching a selector.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// An attribute of the elements matching a selector (those that have it).
pub fn attrs(html: &str, selector: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

impl Browser {
    pub async fn post_pairs(&self, path: &str, pairs: &[(String, String)]) -> reqwest::Response {
        self.client
            .post(format!("{}{}", self.base, path))
            .form(pairs)
            .send()
            .await
            .unwrap()
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_string()
}

/// A clock the test moves forward, so deadlines pass without waiting.
#[derive(Clone, Default)]
pub struct TestClock(Arc<std::sync::atomic::AtomicI64>);

impl TestClock {
    pub fn clock(&self) -> pcp_desk::web::Clock {
        let offset = self.0.clone();
        Arc::new(move || {
            Utc::now() + Duration::seconds(offset.load(std::sync::atomic::Ordering::SeqCst))
        })
    }

    /// The day it is in Rome by this clock.
    pub fn today(&self) -> chrono::NaiveDate {
        pcp_desk::domain::time::rome_date(
            Utc::now() + Duration::seconds(self.0.load(std::sync::atomic::Ordering::SeqCst)),
        )
    }

    pub fn advance(&self, by: Duration) {
        self.0
            .fetch_add(by.num_seconds(), std::sync::atomic::Ordering::SeqCst);
    }
}

pub async fn spawn_app_with_clock(clock: &TestClock) -> TestApp {
    spawn_app_at(|_| {}, clock.clock()).await
}

/// A PCP whose first phase closes `hours` from now (by the real clock).
pub fn pcp_call_closing_in(reference: &str, hours: i64) -> Value {
    let mut call = pcp_call(reference);
    call["phases"][0]["deadline"] = json!((Utc::now() + Duration::hours(hours)).to_rfc3339());
    call
}

/// Registers a supplier organisation with its first user; returns (organisation id, email).
pub async fn register_supplier(app: &TestApp, name: &str, vat: &str) -> (String, String) {
    let local: String = name
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let email = format!("{local}@fornitore.example");
    let res = app
        .post_json(
            "/api/v1/organisations",
            None,
            &json!({
                "organisation": {"legal_name": name, "vat_number": vat, "country": "IT", "address": "Via Roma 1, Bologna", "email": "pec@example.it"},
                "user": {"email": email, "password": PASSWORD, "display_name": format!("Referente {name}")}
            }),
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "register {name}: {body}");
    (body["organisation_id"].as_str().unwrap().to_string(), email)
}

/// Publishes a call and returns (call id, id of its first phase).
pub async fn publish(app: &TestApp, token: &str, call: &Value) -> (String, String) {
    let id = app.create_call(token, call).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(token),
            &json!({}),
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "publish: {body}");
    (id, body["phases"][0]["id"].as_str().unwrap().to_string())
}

pub fn file_part(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes).file_name(name.to_string())
}

/// A complete proposal: one declaration, one technical file, a price.
pub fn proposal_form(technical: &[u8], price_cents: i64) -> reqwest::multipart::Form {
    proposal_parts(reqwest::multipart::Form::new(), technical, price_cents)
}

/// A page's multipart form begins with its CSRF token.
pub fn page_form(csrf: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().text("csrf", csrf.to_string())
}

/// The envelopes and the price of a proposal, after the fields already in `form`.
pub fn proposal_parts(
    form: reqwest::multipart::Form,
    technical: &[u8],
    price_cents: i64,
) -> reqwest::multipart::Form {
    form.part(
        "administrative",
        file_part("dgue.pdf", b"%PDF-1.7 DGUE".to_vec()),
    )
    .part(
        "technical",
        file_part("proposta tecnica.pdf", technical.to_vec()),
    )
    .text("price_cents", price_cents.to_string())
}

pub async fn submit(
    app: &TestApp,
    token: &str,
    phase_id: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    app.api
        .post(app.url(&format!("/api/v1/phases/{phase_id}/proposals")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
