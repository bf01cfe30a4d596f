//! PCP contracts after each phase's outcome, through the API: framework agreements, a specific
//! contract per admitted supplier, deliverables handed in and reviewed, payments, and the
//! budget view that accounts for every cent. `carry_out` is run on every phase of the whole PCP.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{TestApp, file_part, sha256_hex};

async fn body(res: reqwest::Response, what: &str, status: u16) -> Value {
    let got = res.status().as_u16();
    let json: Value = res.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{what}: {json}");
    json
}

fn fields(error: &Value) -> Vec<String> {
    error["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| f["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn deliver(app: &TestApp, token: &str, deliverable: &str, bytes: &[u8]) -> reqwest::Response {
    app.api
        .post(app.url(&format!("/api/v1/deliverables/{deliverable}/submissions")))
        .bearer_auth(token)
        .multipart(
            reqwest::multipart::Form::new().part("file", file_part("rapporto.pdf", bytes.to_vec())),
        )
        .send()
        .await
        .unwrap()
}

/// Who takes part, as the contract steps need them.
pub struct Parties<'a> {
    pub officer: &'a str,
    /// A supplier's token by its organisation id.
    pub suppliers: &'a BTreeMap<String, String>,
    /// A token that may see none of these contracts (another supplier, an evaluator).
    pub outsiders: &'a [String],
}

/// Signs the frameworks (at the first phase) and every contract of the phase, hands in and
/// accepts both deliverables of each, and pays them; returns the contracts as the API shows them.
pub async fn carry_out(
    app: &TestApp,
    parties: &Parties<'_>,
    call_id: &str,
    phase_id: &str,
    today: NaiveDate,
    first_phase: bool,
) -> Vec<Value> {
    let officer = parties.officer;
    let listed = body(
        app.get_json(&format!("/api/v1/calls/{call_id}/contracts"), Some(officer))
            .await,
        "contracts",
        200,
    )
    .await;
    let drafts: Vec<Value> = listed["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["phase_id"] == phase_id)
        .cloned()
        .collect();
    assert!(!drafts.is_empty(), "the outcome created the contracts");
    for c in &drafts {
        assert_eq!(c["status"], "draft");
        assert_eq!(
            c["amount_cents"], c["awarded_cents"],
            "at the awarded price"
        );
        assert!(c["amount_cents"].as_i64().unwrap() <= c["cap_cents"].as_i64().unwrap());
    }

    let first = &drafts[0];
    let id = first["id"].as_str().unwrap();
    let refused = body(
        app.post_json(
            &format!("/api/v1/contracts/{id}/sign"),
            Some(officer),
            &json!({"signed_on": today}),
        )
        .await,
        "signing an empty draft",
        409,
    )
    .await;
    let expected = if first_phase {
        "framework_not_signed"
    } else {
        "no_schedule"
    };
    assert_eq!(refused["error"], expected, "{refused}");

    if first_phase {
        let frameworks = listed["frameworks"].as_array().unwrap();
        assert_eq!(frameworks.len(), drafts.len(), "one agreement per supplier");
        for f in frameworks {
            let future = body(
                app.post_json(
                    &format!("/api/v1/frameworks/{}/sign", f["id"].as_str().unwrap()),
                    Some(officer),
                    &json!({"signed_on": today + Duration::days(1)}),
                )
                .await,
                "a signature tomorrow",
                422,
            )
            .await;
            assert_eq!(fields(&future), ["signed_on"]);
            body(
                app.post_json(
                    &format!("/api/v1/frameworks/{}/sign", f["id"].as_str().unwrap()),
                    Some(officer),
                    &json!({"signed_on": today}),
                )
                .await,
                "sign the framework",
                200,
            )
            .await;
        }
    }

    let mut done = Vec::new();
    for (n, c) in drafts.iter().enumerate() {
        let id = c["id"].as_str().unwrap();
        let amount = c["amount_cents"].as_i64().unwrap();
        let ends_on: NaiveDate = {
            // The period is the phase's duration from the start chosen here.
            let shown = body(
                app.put_json(
                    &format!("/api/v1/contracts/{id}"),
                    Some(officer),
                    &json!({"starts_on": today, "amount_cents": amount + 1, "deliverables": [
                        {"title": "Rapporto intermedio", "due_on": today, "payment_cents": amount},
                        {"title": "Rapporto finale", "due_on": today + Duration::days(5000), "payment_cents": 1}
                    ]}),
                )
                .await,
                "a draft with three mistakes",
                422,
            )
            .await;
            let f = fields(&shown);
            for field in ["amount_cents", "deliverables.1.due_on", "deliverables"] {
                assert!(f.contains(&field.to_string()), "{field} in {shown}");
            }
            let mid = today + Duration::days(20);
            let saved = body(
                app.put_json(
                    &format!("/api/v1/contracts/{id}"),
                    Some(officer),
                    &json!({"starts_on": today, "deliverables": [
                        {"title": "Rapporto intermedio", "due_on": mid, "payment_cents": amount * 2 / 5},
                        {"title": "Rapporto finale", "due_on": mid + Duration::days(30), "payment_cents": amount - amount * 2 / 5}
                    ]}),
                )
                .await,
                "schedule",
                200,
            )
            .await;
            saved["ends_on"].as_str().unwrap().parse().unwrap()
        };
        assert!(ends_on > today);
        let signed = body(
            app.post_json(
                &format!("/api/v1/contracts/{id}/sign"),
                Some(officer),
                &json!({"signed_on": today}),
            )
            .await,
            "sign",
            200,
        )
        .await;
        assert_eq!(
            signed["status"], "running",
            "it starts on the day it is signed"
        );
        // Art. 90 c.1 (e): every bidder of the phase is told the day it was signed.
        let sent = body(
            app.get_json(
                &format!("/api/v1/calls/{call_id}/communications"),
                Some(officer),
            )
            .await,
            "communications",
            200,
        )
        .await;
        let supplier = signed["supplier"].as_str().unwrap();
        let told: Vec<&Value> = sent
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "contract_signed" && c["phase_id"] == phase_id)
            .filter(|c| c["body"].as_str().unwrap().contains(supplier))
            .collect();
        let bidders: std::collections::BTreeSet<&str> = sent
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["phase_id"] == phase_id && c["kind"] != "contract_signed")
            .map(|c| c["organisation_id"].as_str().unwrap())
            .collect();
        assert_eq!(told.len(), bidders.len(), "one to each bidder of the phase");
        assert!(told.iter().all(|c| {
            c["body"]
                .as_str()
                .unwrap()
                .contains(&today.format("%d/%m/%Y").to_string())
        }));
        let again = body(
            app.put_json(
                &format!("/api/v1/contracts/{id}"),
                Some(officer),
                &json!({"starts_on": today, "deliverables": []}),
            )
            .await,
            "a signed contract's schedule",
            409,
        )
        .await;
        assert_eq!(again["error"], "not_draft");

        let supplier = &parties.suppliers[c["organisation_id"].as_str().unwrap()];
        let deliverables: Vec<(String, i64)> = signed["deliverables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["payment_cents"].as_i64().unwrap(),
                )
            })
            .collect();
        for (k, (deliverable, payment)) in deliverables.iter().enumerate() {
            let bytes = format!("%PDF rapporto {k} del contratto {id}").into_bytes();
            for outsider in parties.outsiders {
                let res = deliver(app, outsider, deliverable, &bytes).await;
                assert_eq!(res.status(), 404, "only the party hands in");
            }
            let receipt = body(
                deliver(app, supplier, deliverable, &bytes).await,
                "hand in",
                201,
            )
            .await;
            assert_eq!(receipt["sha256"], sha256_hex(&bytes));
            assert_eq!(receipt["late"], false);
            let unpaid = body(
                app.post_json(
                    &format!("/api/v1/deliverables/{deliverable}/payments"),
                    Some(officer),
                    &json!({"amount_cents": payment, "paid_on": today}),
                )
                .await,
                "paying before acceptance",
                409,
            )
            .await;
            assert_eq!(unpaid["error"], "not_accepted");
            if n == 0 && k == 0 {
                let no_reason = body(
                    app.post_json(
                        &format!("/api/v1/deliverables/{deliverable}/review"),
                        Some(officer),
                        &json!({"accepted": false}),
                    )
                    .await,
                    "changes without a reason",
                    422,
                )
                .await;
                assert_eq!(fields(&no_reason), ["reason"]);
                let changes = body(
                    app.post_json(
                        &format!("/api/v1/deliverables/{deliverable}/review"),
                        Some(officer),
                        &json!({"accepted": false, "reason": "Manca l'analisi dei rischi."}),
                    )
                    .await,
                    "ask for changes",
                    200,
                )
                .await;
                assert_eq!(changes["deliverables"][0]["state"], "changes_requested");
                body(
                    deliver(app, supplier, deliverable, b"%PDF rapporto rivisto").await,
                    "hand in again",
                    201,
                )
                .await;
            }
            let accepted = body(
                app.post_json(
                    &format!("/api/v1/deliverables/{deliverable}/review"),
                    Some(officer),
                    &json!({"accepted": true}),
                )
                .await,
                "accept",
                200,
            )
            .await;
            assert_eq!(accepted["deliverables"][k]["state"], "accepted");
            let over = body(
                app.post_json(
                    &format!("/api/v1/deliverables/{deliverable}/payments"),
                    Some(officer),
                    &json!({"amount_cents": payment + 1, "paid_on": today}),
                )
                .await,
                "paying more than scheduled",
                422,
            )
            .await;
            assert_eq!(fields(&over), ["amount_cents"]);
            body(
                app.post_json(
                    &format!("/api/v1/deliverables/{deliverable}/payments"),
                    Some(officer),
                    &json!({"amount_cents": payment, "paid_on": today}),
                )
                .await,
                "pay",
                200,
            )
            .await;
        }
        let finished = body(
            app.get_json(&format!("/api/v1/contracts/{id}"), Some(supplier))
                .await,
            "the supplier's contract",
            200,
        )
        .await;
        assert_eq!(finished["status"], "accepted");
        assert_eq!(finished["paid_cents"], amount);
        for outsider in parties.outsiders {
            let res = app
                .get_json(&format!("/api/v1/contracts/{id}"), Some(outsider))
                .await;
            assert_eq!(res.status(), 404, "sealed to everyone else");
            let file = finished["deliverables"][0]["submissions"][0]["id"]
                .as_str()
                .unwrap();
            let res = app
                .get_json(&format!("/api/v1/deliverable-files/{file}"), Some(outsider))
                .await;
            assert_eq!(res.status(), 404, "the deliverable's file is sealed");
            let seen = body(
                app.get_json(
                    &format!("/api/v1/calls/{call_id}/contracts"),
                    Some(outsider),
                )
                .await,
                "",
                200,
            )
            .await;
            let ours = seen["contracts"]
                .as_array()
                .map(|c| c.iter().any(|c| c["id"] == id))
                .unwrap_or(false);
            assert!(!ours, "another supplier's list leaves it out");
        }
        let file = app
            .get_json(
                &format!(
                    "/api/v1/deliverable-files/{}",
                    finished["deliverables"][1]["submissions"][0]["id"]
                        .as_str()
                        .unwrap()
                ),
                Some(supplier),
            )
            .await;
        assert_eq!(file.status(), 200);
        let expected = format!("%PDF rapporto 1 del contratto {id}").into_bytes();
        assert_eq!(file.bytes().await.unwrap().as_ref(), expected.as_slice());
        done.push(finished);
    }
    done
}

/// The budget view: each phase's contracted and paid amounts are the sums of its contracts,
/// and nothing is unspent that was contracted.
pub async fn assert_budget(app: &TestApp, officer: &str, call_id: &str, contracts: &[Value]) {
    let budget = body(
        app.get_json(&format!("/api/v1/calls/{call_id}/budget"), Some(officer))
            .await,
        "budget",
        200,
    )
    .await;
    let mut total = 0;
    for phase in budget["phases"].as_array().unwrap() {
        let mine: Vec<&Value> = contracts
            .iter()
            .filter(|c| c["phase_id"] == phase["phase_id"])
            .collect();
        let contracted: i64 = mine
            .iter()
            .map(|c| c["amount_cents"].as_i64().unwrap())
            .sum();
        assert_eq!(phase["contracted_cents"], contracted, "{phase}");
        assert_eq!(
            phase["paid_cents"], contracted,
            "every accepted deliverable paid"
        );
        assert_eq!(
            phase["unspent_cents"].as_i64().unwrap(),
            phase["allocated_cents"].as_i64().unwrap() - contracted
        );
        assert_eq!(phase["contracts"], mine.len());
        assert!(contracted <= phase["allocated_cents"].as_i64().unwrap());
        total += contracted;
    }
    assert_eq!(budget["total"]["contracted_cents"], total);
    assert_eq!(budget["total"]["paid_cents"], total);
}

/// The open data states every signed contract under its award, its deliverables as milestones
/// met and its payments as transactions; the packages pass the official validator.
pub async fn assert_open_data(app: &TestApp, call_id: &str, contracts: &[Value]) {
    let releases = body(
        app.get_json(&format!("/ocds/releases/{call_id}"), None)
            .await,
        "releases",
        200,
    )
    .await;
    crate::open_data::validate_ocds("pcp-contracts-releases", &releases);
    let records = body(
        app.get_json(&format!("/ocds/records/{call_id}"), None)
            .await,
        "records",
        200,
    )
    .await;
    crate::open_data::validate_ocds("pcp-contracts-records", &records);
    let compiled = &records["records"][0]["compiledRelease"];
    let published = compiled["contracts"].as_array().expect("contracts");
    assert_eq!(published.len(), contracts.len());
    let awards: Vec<&Value> = compiled["awards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    for c in contracts {
        let p = published.iter().find(|p| p["id"] == c["id"]).unwrap();
        assert!(awards.contains(&&p["awardID"]), "{p}");
        assert_eq!(
            p["status"], "terminated",
            "completed: every deliverable accepted"
        );
        let euros = c["amount_cents"].as_i64().unwrap() as f64 / 100.0;
        assert_eq!(p["value"]["amount"].as_f64().unwrap(), euros);
        let milestones = p["implementation"]["milestones"].as_array().unwrap();
        assert!(milestones.iter().all(|m| m["status"] == "met"));
        let paid: f64 = p["implementation"]["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["value"]["amount"].as_f64().unwrap())
            .sum();
        assert!((paid - euros).abs() < 0.005, "every euro paid is published");
    }
    let release_list = releases["releases"].as_array().unwrap();
    assert!(
        release_list
            .iter()
            .any(|r| r["tag"].as_array().unwrap().contains(&json!("contract"))),
        "a release for the signatures"
    );
}

/// The contract pages carry a phase from draft to payment without a script: the officer's call
/// page shows the budget and the contracts; a refused schedule keeps what was typed; the supplier
/// hands in on its page; other suppliers are not shown the contract.
#[tokio::test]
async fn the_contract_pages_take_a_contract_from_draft_to_payment() {
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 100).await;
    let demo = crate::demo::decide_the_demo_first_phase(&app).await;
    let officer = app
        .browser_with(Some("funzionaria@regione.demo"), "demo-funzionaria-2026")
        .await;
    let (status, call_page) = officer.page(&format!("/calls/{}", demo.call_id)).await;
    assert_eq!(status, 200);
    assert!(call_page.contains("id=\"budget\""), "the budget view");
    assert!(call_page.contains("Diritti di proprietà intellettuale"));
    let doc = scraper::Html::parse_document(&call_page);
    let link = scraper::Selector::parse("#contracts a[href^='/contracts/']").unwrap();
    let contracts: Vec<String> = doc
        .select(&link)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(contracts.len(), 2, "two admitted, two drafts");
    let contract = &contracts[0];
    let (_, page) = officer.page(contract).await;
    assert!(page.contains("bozza"), "{page}");
    let csrf = crate::helpers::csrf_in(&page).unwrap();
    let id = contract.trim_start_matches("/contracts/");
    let today = chrono::Utc::now().date_naive().to_string();

    let refused = officer
        .post_form(
            &format!("/officer/contracts/{id}/schedule"),
            &[
                ("csrf", &csrf),
                ("starts_on", &today),
                ("schedule", "Rapporto; 2099-01-01; 1.000,00"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let text = refused.text().await.unwrap();
    assert!(text.contains("Riga 1 – Scadenza"), "names the line: {text}");
    assert!(
        text.contains("Rapporto; 2099-01-01; 1.000,00"),
        "keeps what was typed"
    );

    let json = app
        .get_json(
            &format!("/api/v1/contracts/{id}"),
            Some(
                &crate::demo::demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026")
                    .await,
            ),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let amount = json["amount_cents"].as_i64().unwrap();
    let half = amount / 2;
    let euros = |c: i64| format!("{},{:02}", c / 100, c % 100);
    let due = (chrono::Utc::now().date_naive() + Duration::days(10)).to_string();
    let schedule = format!(
        "Studio di fattibilità; {due}; {}\nProgetto della soluzione; {due}; {}",
        euros(half),
        euros(amount - half)
    );
    let saved = officer
        .post_form(
            &format!("/officer/contracts/{id}/schedule"),
            &[
                ("csrf", &csrf),
                ("starts_on", &today),
                ("schedule", &schedule),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let framework = json["framework"]["id"].as_str().unwrap();
    let res = officer
        .post_form(
            &format!("/officer/contracts/{id}/sign"),
            &[("csrf", &csrf), ("signed_on", &today)],
        )
        .await;
    assert_eq!(res.status(), 409, "the framework agreement comes first");
    assert!(res.text().await.unwrap().contains("accordo quadro"));
    for (path, fields) in [
        (
            format!("/officer/frameworks/{framework}/sign?contract={id}"),
            [("csrf", csrf.as_str()), ("signed_on", today.as_str())],
        ),
        (
            format!("/officer/contracts/{id}/sign"),
            [("csrf", csrf.as_str()), ("signed_on", today.as_str())],
        ),
    ] {
        let res = officer.post_form(&path, &fields).await;
        assert_eq!(res.status(), 303, "{path}");
    }

    // The supplier party hands in the first deliverable from its page.
    let mut party_browser = None;
    let mut other = None;
    for n in 1..=3 {
        let email = format!("fornitore{n}@demo.it");
        let b = app.browser_with(Some(&email), "demo-fornitore-2026").await;
        let (status, _) = b.page(contract).await;
        if status == 200 {
            party_browser = Some(b);
        } else {
            assert_eq!(status, 404, "another supplier is not shown the contract");
            other = Some(b);
        }
    }
    let (supplier, other) = (party_browser.expect("the party sees it"), other.unwrap());
    let (_, page) = supplier.page(contract).await;
    assert!(page.contains("Consegna il prodotto"), "{page}");
    assert!(
        !page.contains("Registra la firma"),
        "no officer forms for the supplier"
    );
    let deliverable = json_deliverable(&app, id).await;
    let csrf = crate::helpers::csrf_in(&page).unwrap();
    let bytes = b"%PDF studio di fattibilita".to_vec();
    let form =
        crate::helpers::page_form(&csrf).part("file", file_part("studio.pdf", bytes.clone()));
    let res = supplier
        .client
        .post(app.url(&format!("/supplier/deliverables/{deliverable}/submissions")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = supplier.page(contract).await;
    assert!(
        page.contains(&sha256_hex(&bytes)),
        "the page shows the SHA-256"
    );
    let (_, list) = supplier.page("/supplier/contracts").await;
    assert!(list.contains(contract.as_str()));
    let (_, list) = other.page("/supplier/contracts").await;
    assert!(!list.contains(contract.as_str()));

    // The officer accepts and pays it.
    let (_, page) = officer.page(contract).await;
    let csrf = crate::helpers::csrf_in(&page).unwrap();
    let res = officer
        .post_form(
            &format!("/officer/deliverables/{deliverable}/review"),
            &[("csrf", &csrf), ("decision", "accept"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = officer
        .post_form(
            &format!("/officer/deliverables/{deliverable}/payments"),
            &[
                ("csrf", &csrf),
                ("amount", &euros(half + 1)),
                ("paid_on", &today),
            ],
        )
        .await;
    assert_eq!(res.status(), 422, "not more than scheduled");
    let res = officer
        .post_form(
            &format!("/officer/deliverables/{deliverable}/payments"),
            &[
                ("csrf", &csrf),
                ("amount", &euros(half)),
                ("paid_on", &today),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, call_page) = officer.page(&format!("/calls/{}", demo.call_id)).await;
    let paid = pcp_desk::domain::money::format_euro(half, pcp_desk::domain::lang::Lang::It);
    assert!(call_page.contains(&paid), "the budget shows {paid} paid");

    // Its PDF states the amount and the IPR terms, and is verifiable.
    let pdf = officer.get(&format!("{contract}/contract.pdf")).await;
    assert_eq!(pdf.status(), 200);
    let bytes = pdf.bytes().await.unwrap();
    if let Some(text) = crate::records::pdf_text(&bytes) {
        let amount = pcp_desk::domain::money::format_euro(amount, pcp_desk::domain::lang::Lang::It);
        assert!(text.contains(&amount), "{text}");
        assert!(text.contains("diritto di richiamo"), "{text}");
    }
    let (status, _) = other.page(&format!("{contract}/contract.pdf")).await;
    assert_eq!(status, 404);
    let verified = app
        .get_json(&format!("/api/v1/verify/{}", sha256_hex(&bytes)), None)
        .await;
    assert_eq!(verified.status(), 200, "the contract PDF is verifiable");
}

async fn json_deliverable(app: &TestApp, contract: &str) -> String {
    let token =
        crate::demo::demo_token(app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let c: Value = app
        .get_json(&format!("/api/v1/contracts/{contract}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    c["deliverables"][0]["id"].as_str().unwrap().to_string()
}

/// The next phase sees the previous one: the committee of the demo's running PCP read, for each
/// bidder of the second phase, the deliverables it had accepted in the first; nobody else may.
#[tokio::test]
async fn the_next_committee_reads_the_accepted_work_of_the_phase_before() {
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 100).await;
    let blobs = app.state.blobs.clone();
    app.state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    let calls: Value = app
        .get_json("/api/v1/calls?q=Teleriabilitazione", None)
        .await
        .json()
        .await
        .unwrap();
    let call_id = calls["items"][0]["id"].as_str().unwrap();
    let call: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let second = call["phases"][1]["id"].as_str().unwrap();
    let chair =
        crate::demo::demo_token(&app, "valutatore1@regione.demo", "demo-valutatore-2026").await;
    let board = body(
        app.get_json(&format!("/api/v1/phases/{second}/board"), Some(&chair))
            .await,
        "board",
        200,
    )
    .await;
    let proposals = board["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 3);
    let mut urls = Vec::new();
    for p in proposals {
        let work = p["previous_work"].as_array().unwrap();
        assert_eq!(work.len(), 2, "both accepted deliverables of phase 1: {p}");
        assert!(
            p["previous_rank"].as_u64().is_some(),
            "its phase-1 rank: {p}"
        );
        assert!(
            p["previous_total"].as_str().is_some(),
            "its phase-1 total: {p}"
        );
        urls.extend(work.iter().map(|w| w["url"].as_str().unwrap().to_string()));
    }
    let first = &urls[0];
    let res = app.get_json(first, Some(&chair)).await;
    assert_eq!(res.status(), 200, "the committee reads it");
    let sha = res
        .headers()
        .get("x-content-sha256")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(sha256_hex(&res.bytes().await.unwrap()), sha);
    let (_, html) = app
        .browser_with(Some("valutatore1@regione.demo"), "demo-valutatore-2026")
        .await
        .page(&format!("/evaluator/phases/{second}"))
        .await;
    assert!(
        html.contains("Prodotto accettato nella fase precedente"),
        "the board lists it"
    );
    assert!(html.contains("Fase precedente: "), "and the phase-1 result");
    // The same file is sealed to every supplier but its author, and to the administrator.
    let mut refused = 0;
    for email in [
        "fornitore1@demo.it",
        "fornitore2@demo.it",
        "fornitore3@demo.it",
    ] {
        let token = crate::demo::demo_token(&app, email, "demo-fornitore-2026").await;
        let status = app.get_json(first, Some(&token)).await.status();
        if status == 404 {
            refused += 1;
        }
    }
    assert_eq!(refused, 2, "two suppliers out of three may not read it");
    let admin = crate::demo::demo_token(&app, "admin@pcp-desk.demo", "demo-admin-2026").await;
    assert_eq!(app.get_json(first, Some(&admin)).await.status(), 404);
}

/// Every contract route against every demo role, on a running phase-2 contract of the demo: the
/// authority acts; the supplier party reads and hands in (403 on the authority's acts); another
/// supplier, an evaluator and the administrator learn nothing (404); a visitor must sign in (401).
#[tokio::test]
async fn every_contract_route_serves_only_the_authority_and_the_party() {
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 100).await;
    let blobs = app.state.blobs.clone();
    app.state
        .db(move |conn| pcp_desk::demo::load(conn, &blobs, chrono::Utc::now()))
        .await
        .unwrap();
    let officer =
        crate::demo::demo_token(&app, "funzionaria@regione.demo", "demo-funzionaria-2026").await;
    let calls: Value = app
        .get_json("/api/v1/calls?q=Teleriabilitazione", None)
        .await
        .json()
        .await
        .unwrap();
    let call = calls["items"][0]["id"].as_str().unwrap().to_string();
    let all = body(
        app.get_json(&format!("/api/v1/calls/{call}/contracts"), Some(&officer))
            .await,
        "contracts",
        200,
    )
    .await;
    let c = all["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["phase_number"] == 2 && c["status"] == "running")
        .unwrap()
        .clone();
    let (id, org) = (
        c["id"].as_str().unwrap(),
        c["organisation_id"].as_str().unwrap(),
    );
    let due = c["deliverables"][1]["id"].as_str().unwrap();
    let file = c["deliverables"][0]["submissions"][0]["id"]
        .as_str()
        .unwrap();
    let framework = c["framework"]["id"].as_str().unwrap();

    let mut party = None;
    let mut other = None;
    for n in 1..=3 {
        let token = crate::demo::demo_token(
            &app,
            &format!("fornitore{n}@demo.it"),
            "demo-fornitore-2026",
        )
        .await;
        let mine: Value = app
            .get_json("/api/v1/contracts", Some(&token))
            .await
            .json()
            .await
            .unwrap();
        let theirs = mine.as_array().unwrap();
        let ids: std::collections::BTreeSet<&str> =
            theirs.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), theirs.len(), "each contract once");
        assert!(
            theirs
                .iter()
                .all(|c| c["organisation_id"] == theirs[0]["organisation_id"])
        );
        if theirs.iter().any(|c| c["organisation_id"] == org) {
            party = Some(token);
        } else if theirs.iter().all(|c| c["phase_number"] == 1) {
            other = Some(token);
        }
    }
    let (party, other) = (party.unwrap(), other.unwrap());
    let evaluator =
        crate::demo::demo_token(&app, "valutatore1@regione.demo", "demo-valutatore-2026").await;
    let admin = crate::demo::demo_token(&app, "admin@pcp-desk.demo", "demo-admin-2026").await;
    let today = chrono::Utc::now().date_naive().to_string();

    // (method, path, body, officer, party): everyone else gets 404, a visitor 401.
    let routes: Vec<(&str, String, Value, u16, u16)> = vec![
        (
            "GET",
            format!("/api/v1/calls/{call}/budget"),
            Value::Null,
            200,
            404,
        ),
        (
            "GET",
            format!("/api/v1/contracts/{id}"),
            Value::Null,
            200,
            200,
        ),
        (
            "GET",
            format!("/api/v1/contracts/{id}/contract.pdf"),
            Value::Null,
            200,
            200,
        ),
        (
            "GET",
            format!("/api/v1/frameworks/{framework}/agreement.pdf"),
            Value::Null,
            200,
            200,
        ),
        (
            "GET",
            format!("/api/v1/deliverable-files/{file}"),
            Value::Null,
            200,
            200,
        ),
        (
            "PUT",
            format!("/api/v1/contracts/{id}"),
            json!({"starts_on": today, "deliverables": []}),
            409,
            403,
        ),
        (
            "POST",
            format!("/api/v1/contracts/{id}/sign"),
            json!({"signed_on": today}),
            409,
            403,
        ),
        (
            "POST",
            format!("/api/v1/frameworks/{framework}/sign"),
            json!({"signed_on": today}),
            409,
            403,
        ),
        (
            "POST",
            format!("/api/v1/deliverables/{due}/review"),
            json!({"accepted": true}),
            409,
            403,
        ),
        (
            "POST",
            format!("/api/v1/deliverables/{due}/payments"),
            json!({"amount_cents": 1, "paid_on": today}),
            409,
            403,
        ),
        (
            "POST",
            format!("/api/v1/contracts/{id}/terminate"),
            json!({"reason": ""}),
            422,
            403,
        ),
        (
            "MULTIPART",
            format!("/api/v1/deliverables/{due}/submissions"),
            Value::Null,
            403,
            201,
        ),
    ];
    let send = |method: &'static str, path: String, json: Value, token: Option<String>| {
        let app = &app;
        async move {
            let url = app.url(&path);
            let req = match method {
                "GET" => app.api.get(url),
                "PUT" => app.api.put(url).json(&json),
                "POST" => app.api.post(url).json(&json),
                _ => app
                    .api
                    .post(url)
                    .multipart(reqwest::multipart::Form::new().part(
                        "file",
                        file_part("rapporto-finale.pdf", b"%PDF finale".to_vec()),
                    )),
            };
            let req = match token {
                Some(t) => req.bearer_auth(t),
                None => req,
            };
            req.send().await.unwrap().status().as_u16()
        }
    };
    for (method, path, json, as_officer, as_party) in routes {
        for (who, token, expected) in [
            ("visitor", None, 401),
            ("admin", Some(admin.clone()), 404),
            ("evaluator", Some(evaluator.clone()), 404),
            ("another supplier", Some(other.clone()), 404),
            ("the party", Some(party.clone()), as_party),
            ("the officer", Some(officer.clone()), as_officer),
        ] {
            let got = send(method, path.clone(), json.clone(), token).await;
            assert_eq!(got, expected, "{who}: {method} {path}");
        }
    }
    // Lists: the party and the other supplier each see their own, the evaluator nothing.
    for (token, sees) in [(&party, true), (&other, false)] {
        let list = body(
            app.get_json(&format!("/api/v1/calls/{call}/contracts"), Some(token))
                .await,
            "list",
            200,
        )
        .await;
        let has = list["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id);
        assert_eq!(has, sees);
    }
    for token in [&evaluator, &admin] {
        let status = app
            .get_json(&format!("/api/v1/calls/{call}/contracts"), Some(token))
            .await
            .status();
        assert_eq!(status, 404);
    }

    // Terminated with a reason, the contract commits only what was paid under it, and its open
    // data says so.
    let before = body(
        app.get_json(&format!("/api/v1/calls/{call}/budget"), Some(&officer))
            .await,
        "budget",
        200,
    )
    .await;
    let reason = "Il fornitore ha comunicato la cessazione dell'attività.";
    let ended = body(
        app.post_json(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&officer),
            &json!({"reason": reason}),
        )
        .await,
        "terminate",
        200,
    )
    .await;
    assert_eq!(ended["status"], "terminated");
    let again = body(
        app.post_json(
            &format!("/api/v1/contracts/{id}/terminate"),
            Some(&officer),
            &json!({"reason": reason}),
        )
        .await,
        "terminate twice",
        409,
    )
    .await;
    assert_eq!(again["error"], "not_terminable");
    let after = body(
        app.get_json(&format!("/api/v1/calls/{call}/budget"), Some(&officer))
            .await,
        "budget",
        200,
    )
    .await;
    let unpaid = c["amount_cents"].as_i64().unwrap() - ended["paid_cents"].as_i64().unwrap();
    assert_eq!(
        before["phases"][1]["contracted_cents"].as_i64().unwrap() - unpaid,
        after["phases"][1]["contracted_cents"].as_i64().unwrap(),
        "the unpaid part goes back to the phase's budget"
    );
    let handed = deliver(&app, &party, due, b"%PDF dopo").await;
    assert_eq!(
        handed.status(),
        409,
        "nothing is handed in under a terminated contract"
    );
    let records: Value = app
        .get_json(&format!("/ocds/records/{call}"), None)
        .await
        .json()
        .await
        .unwrap();
    let published = records["records"][0]["compiledRelease"]["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(published["status"], "terminated");
    assert_eq!(published["description"], reason);
    crate::open_data::validate_ocds("terminated-contract", &records);
}
