//! A real browser (headless Chromium through chromedriver): an officer signs in, creates a call,
//! fixes the date error shown on the form, publishes it, and finds it on the public list.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::{PASSWORD, require_all, spawn_app};

pub struct Driver {
    process: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn chromedriver_path() -> Option<String> {
    let candidates = [
        std::env::var("CHROMEDRIVER").ok(),
        Some("/usr/bin/chromedriver".into()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| std::path::Path::new(p).exists())
}

/// Starts chromedriver and waits for the line saying it is ready.
pub fn start_driver() -> Option<Driver> {
    let Some(path) = chromedriver_path() else {
        assert!(
            !require_all(),
            "PCP_DESK_REQUIRE_ALL=1 but chromedriver is not installed"
        );
        eprintln!(
            "SKIPPED browser test: chromedriver not found (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut process = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let stdout = process.stdout.take().unwrap();
    let ready = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("started successfully"));
    assert!(ready, "chromedriver did not start");
    Some(Driver { process, port })
}

pub async fn open_browser(driver: &Driver) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-quic", "--no-first-run", "--lang=it-IT", "--window-size=1280,2000",
                     format!("--user-data-dir={}", profile.display())]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("browser session")
}

async fn set_value(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![json!(id), json!(value)],
        )
        .await
        .unwrap();
}

/// An irreversible act asks in a dialog first: says yes, after checking it says what happens.
async fn confirm_in_dialog(client: &Client, says: &str) {
    let dialog = client
        .wait()
        .for_element(Locator::Css("dialog.confirm-dialog[open]"))
        .await
        .unwrap();
    assert!(dialog.text().await.unwrap().contains(says));
    dialog
        .find(Locator::Css(".actions button.button:not(.secondary)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Signs in through the login form and waits for the page after it.
pub async fn sign_in(c: &Client, base: &str, email: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "email", email).await;
    fill(c, "password", password).await;
    click(c, "form[action='/login'] button[type=submit]").await;
    c.wait()
        .for_element(Locator::Css("form[action='/logout']"))
        .await
        .unwrap();
}

pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The text of the page's main content.
pub async fn main_text(client: &Client) -> String {
    client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub async fn fill(client: &Client, id: &str, value: &str) {
    let field = client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

fn local_in(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .with_timezone(&chrono_tz::Europe::Rome)
        .format("%Y-%m-%dT12:00")
        .to_string()
}

#[tokio::test]
async fn an_officer_publishes_a_call_in_a_real_browser() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    app.seed_accounts().await;
    let c = open_browser(&driver).await;

    sign_in(&c, &app.address, "officer@test.it", PASSWORD).await;
    c.wait()
        .for_element(Locator::LinkText("Nuovo bando"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    c.wait()
        .for_element(Locator::Css("input[name=procedure][value=pcp]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&c, "f-reference", "PCP-BROWSER").await;
    fill(&c, "f-title", "Sensori per la qualità dell'aria").await;
    fill(&c, "f-summary", "Reti di sensori a basso costo").await;
    fill(&c, "f-cpv_codes", "73000000-2").await;
    fill(&c, "f-budget", "1.000.000,00").await;
    fill(&c, "f-contact", "aria@regione.example.it").await;
    click(&c, "form[action='/officer/calls'] button[type=submit]").await;

    c.wait()
        .for_element(Locator::Id("f-phases-0-deadline"))
        .await
        .unwrap();
    set_value(&c, "f-phases-0-deadline", "2020-05-04T12:00").await;
    set_value(&c, "f-phases-1-deadline", &local_in(120)).await;
    set_value(&c, "f-phases-2-deadline", &local_in(300)).await;
    for (i, budget) in ["100.000", "300.000", "500.000"].iter().enumerate() {
        fill(&c, &format!("f-phases-{i}-budget"), budget).await;
    }
    click(&c, "button[value=publish]").await;
    confirm_in_dialog(&c, "Il bando diventa pubblico subito").await;

    let error = c
        .wait()
        .for_element(Locator::Id("f-phases-0-deadline-error-1"))
        .await
        .unwrap();
    assert_eq!(
        error.text().await.unwrap(),
        "La scadenza è già passata: indica una data futura."
    );
    set_value(&c, "f-phases-0-deadline", &local_in(30)).await;
    click(&c, "button[value=publish]").await;
    confirm_in_dialog(&c, "Il bando diventa pubblico subito").await;

    // The open data links are on the published call's page only: waiting for them waits for the
    // navigation, where `main h1` could still be the form's heading.
    c.wait()
        .for_element(Locator::Id("open-data"))
        .await
        .unwrap();
    let heading = c.find(Locator::Css("main h1")).await.unwrap();
    assert_eq!(
        heading.text().await.unwrap(),
        "Sensori per la qualità dell'aria"
    );
    assert!(c.current_url().await.unwrap().path().starts_with("/calls/"));

    c.goto(&app.url("/calls")).await.unwrap();
    let titles = c.find_all(Locator::Css(".card-title a")).await.unwrap();
    let mut found = Vec::new();
    for t in titles {
        found.push(t.text().await.unwrap());
    }
    assert!(
        found.contains(&"Sensori per la qualità dell'aria".to_string()),
        "{found:?}"
    );
    c.close().await.unwrap();
}

/// Fills the submission form: one declaration, one technical file, a price.
async fn fill_proposal(c: &Client, administrative: &str, technical: &str, price: &str) {
    c.wait()
        .for_element(Locator::Id("file-administrative"))
        .await
        .unwrap()
        .send_keys(administrative)
        .await
        .unwrap();
    c.find(Locator::Id("file-technical"))
        .await
        .unwrap()
        .send_keys(technical)
        .await
        .unwrap();
    fill(c, "price", price).await;
}

async fn hashes_on_page(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for cell in c
        .find_all(Locator::Css("#receipt-files code.hash"))
        .await
        .unwrap()
    {
        out.push(cell.text().await.unwrap().trim().to_string());
    }
    out
}

#[tokio::test]
async fn a_supplier_registers_submits_replaces_and_is_refused_after_the_deadline() {
    use crate::helpers::{
        TestClock, pcp_call_closing_in, publish, sha256_hex, spawn_app_with_clock,
    };
    let Some(driver) = start_driver() else { return };
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    publish(&app, &officer, &pcp_call_closing_in("PCP-BROWSER-2", 2)).await;
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        (path.display().to_string(), sha256_hex(bytes))
    };
    let (dgue, dgue_hash) = write("dgue.pdf", b"%PDF-1.7 dichiarazioni");
    let (tech, tech_hash) = write("proposta.pdf", &b"%PDF-1.7 soluzione tecnica ".repeat(2000));
    let (tech2, tech2_hash) = write(
        "proposta-v2.pdf",
        &b"%PDF-1.7 soluzione migliorata ".repeat(2000),
    );
    let c = open_browser(&driver).await;

    c.goto(&app.url("/register")).await.unwrap();
    for (id, value) in [
        ("f-legal_name", "Appennino Digitale S.r.l."),
        ("f-vat_number", "03841571205"),
        ("f-address", "Via dell'Indipendenza 10, Bologna"),
        ("f-email", "pec@appennino.example"),
        ("f-display_name", "Marco Rossi"),
        ("f-user_email", "marco@appennino.example"),
        ("f-password", PASSWORD),
    ] {
        fill(&c, id, value).await;
    }
    click(&c, "form[action='/register'] button[type=submit]").await;
    c.wait().for_element(Locator::Id("email")).await.unwrap();
    fill(&c, "email", "marco@appennino.example").await;
    fill(&c, "password", PASSWORD).await;
    click(&c, "form[action='/login'] button[type=submit]").await;

    c.wait()
        .for_element(Locator::LinkText("Presenta una proposta"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill_proposal(&c, &dgue, &tech, "250.000,00").await;
    click(&c, "main form button[type=submit]").await;

    c.wait()
        .for_element(Locator::Id("receipt-number"))
        .await
        .unwrap();
    let mut hashes = hashes_on_page(&c).await;
    hashes.sort();
    let mut expected = vec![dgue_hash.clone(), tech_hash];
    expected.sort();
    assert_eq!(
        hashes, expected,
        "the receipt's hashes are those of the files sent"
    );
    let first_receipt = c
        .find(Locator::Id("receipt-number"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    c.find(Locator::LinkText("Sostituisci la proposta"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill_proposal(&c, &dgue, &tech2, "240.000,00").await;
    click(&c, "main form button[type=submit]").await;
    c.wait()
        .for_element(Locator::Id("receipt-number"))
        .await
        .unwrap();
    let body = main_text(&c).await;
    assert!(
        body.contains(&first_receipt),
        "the new receipt names the one it replaces"
    );
    assert!(hashes_on_page(&c).await.contains(&tech2_hash));

    // The form is filled in time, but the last byte arrives after the deadline.
    c.find(Locator::LinkText("Sostituisci la proposta"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill_proposal(&c, &dgue, &tech, "230.000,00").await;
    clock.advance(chrono::Duration::hours(2));
    click(&c, "main form button[type=submit]").await;
    let alert = c
        .wait()
        .for_element(Locator::Css("main .alert"))
        .await
        .unwrap();
    let message = alert.text().await.unwrap();
    assert!(
        message.contains("la proposta NON è stata presentata"),
        "{message}"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_evaluator_declares_scores_a_proposal_and_submits_in_a_real_browser() {
    use crate::helpers::{
        TestClock, pcp_call_closing_in, proposal_form, publish, register_supplier,
        spawn_app_with_clock, submit,
    };
    let Some(driver) = start_driver() else { return };
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call_closing_in("PCP-BROWSER-3", 2)).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let supplier = app.token(&email).await;
    assert_eq!(
        submit(
            &app,
            &supplier,
            &phase,
            proposal_form(b"%PDF proposta", 30_000_000)
        )
        .await
        .status(),
        201
    );
    clock.advance(chrono::Duration::hours(3));
    let evaluators: serde_json::Value = app
        .get_json("/api/v1/evaluators", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let me = evaluators[0]["id"].as_str().unwrap().to_string();
    let committee = json!({"members": [me], "chair": me});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &committee
        )
        .await
        .status(),
        204
    );
    let c = open_browser(&driver).await;
    sign_in(&c, &app.address, &accounts.evaluator, PASSWORD).await;
    c.wait()
        .for_element(Locator::LinkText("Commissioni"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css(".card-title a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    c.wait()
        .for_element(Locator::Css("#declaration input[name=conflict][value=no]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&c, "#declaration button[type=submit]").await;
    c.wait()
        .for_element(Locator::XPath(
            "//ul[@id='committee']/li[contains(., 'dichiarazione firmata')]",
        ))
        .await
        .unwrap();
    // Every member has declared: now the proposals can be opened.
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/open"),
            Some(&officer),
            &json!({})
        )
        .await
        .status(),
        204
    );
    c.refresh().await.unwrap();
    c.wait()
        .for_element(Locator::LinkText("Valuta"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&c, "f-points-0", "90").await;
    fill(
        &c,
        "f-justification-0",
        "Soluzione solida, piano di lavoro credibile.",
    )
    .await;
    click(&c, "main form button[type=submit]").await;
    let alert = c
        .wait()
        .for_element(Locator::Css("main .alert"))
        .await
        .unwrap();
    assert!(
        alert.text().await.unwrap().contains("Da correggere"),
        "90 is above the maximum of 80"
    );
    let error = c
        .find(Locator::Id("f-points-0-error-1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(error, "Tra 0 e 80.");
    fill(&c, "f-points-0", "70").await;
    click(&c, "main form button[type=submit]").await;

    let table = c
        .wait()
        .for_element(Locator::Id("proposals"))
        .await
        .unwrap();
    assert!(
        table.text().await.unwrap().contains("1 / 1"),
        "the quality criterion is scored"
    );
    assert!(
        c.source().await.unwrap().contains("Punteggi salvati."),
        "the save is confirmed"
    );
    assert!(
        table.text().await.unwrap().contains("Proposta A"),
        "anonymised"
    );
    click(&c, "form[action$='/submit'] button").await;
    confirm_in_dialog(&c, "I tuoi punteggi diventano definitivi").await;
    // Only the page after the submission lists the scores as sent.
    c.wait()
        .for_element(Locator::XPath(
            "//ul[@id='committee']/li[contains(., 'punteggi inviati')]",
        ))
        .await
        .unwrap();
    assert!(
        c.find(Locator::LinkText("Valuta")).await.is_err(),
        "scores are locked"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_verification_page_hashes_a_chosen_file_in_the_browser() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app().await;
    let c = open_browser(&driver).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("verbale.pdf");
    let bytes = b"%PDF-1.7 un verbale qualunque".to_vec();
    std::fs::write(&file, &bytes).unwrap();
    c.goto(&app.url("/verify")).await.unwrap();
    c.find(Locator::Id("verify-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    let expected = crate::helpers::sha256_hex(&bytes);
    // The result page names the hash it looked up.
    c.wait()
        .for_element(Locator::XPath(&format!(
            "//main/p/code[@class='hash' and text()='{expected}']"
        )))
        .await
        .unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with(&expected));
    c.close().await.unwrap();
}

/// A supplier sees its unread communication counted on its home, opens it in a real browser, and
/// the time it read it is recorded and shown, to it and to the authority.
#[tokio::test]
async fn a_supplier_reads_its_unread_communication_in_a_real_browser() {
    let Some(driver) = start_driver() else { return };
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 100).await;
    let demo = crate::demo::decide_the_demo_first_phase(&app).await;
    let c = open_browser(&driver).await;
    sign_in(
        &c,
        &app.address,
        "fornitore1@demo.it",
        "demo-fornitore-2026",
    )
    .await;
    c.goto(&app.url("/supplier")).await.unwrap();
    let home = main_text(&c).await;
    assert!(home.contains("non lette"), "the unread count: {home}");
    click(&c, "#my-communications").await;
    c.wait()
        .for_element(Locator::Css("#communications"))
        .await
        .unwrap();
    let unread = c
        .find(Locator::Css("#communications tr.unread a"))
        .await
        .unwrap();
    let subject = unread.text().await.unwrap();
    unread.click().await.unwrap();
    c.wait().for_element(Locator::Id("read-at")).await.unwrap();
    let read = c
        .find(Locator::Id("read-at"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        read.contains("(CE"),
        "a time in Rome, not 'not read yet': {read}"
    );
    assert!(main_text(&c).await.contains(&subject));
    c.close().await.unwrap();

    let officer =
        crate::demo::demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let sent: serde_json::Value = app
        .get_json(
            &format!("/api/v1/calls/{}/communications", demo.call_id),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let read_by_now = sent
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["read_at"].is_null())
        .count();
    assert!(read_by_now >= 1, "the authority sees it read: {sent}");
}
