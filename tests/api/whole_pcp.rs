//! A whole PCP through the API, with the budgets and funnel of a real one (EUR 380,000 for 8
//! contracts, EUR 1,520,000 for 4, EUR 1,900,000 for 2): every phase's outcome must equal what the
//! reference scorer computes from the same scores and prices.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, TestClock, pcp_call_closing_in, proposal_form, publish, register_supplier,
    spawn_app_at, submit,
};
use crate::procedure::{
    appoint_declare_open, assert_as_reference, committee, consensus_of_means, decide, ok,
    score_and_submit,
};
use crate::reference;

/// One supplier's proposal in a phase: its three members' scores on the two quality criteria
/// (out of 50 and 30) and its price.
pub(crate) struct Bid {
    pub supplier: usize,
    pub scores: [[&'static str; 2]; 3],
    pub price_cents: i64,
}

/// A valid Italian VAT number (partita IVA): ten digits and their check digit.
pub fn vat_number(n: usize) -> String {
    let base = format!("{:07}{:03}", 1_234_500 + n, 370);
    let sum: u32 = base
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        })
        .sum();
    format!("{base}{}", (10 - sum % 10) % 10)
}

fn hundredths(s: &str) -> i64 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap()
}

fn reference_rules(budget: i64, contracts: usize) -> reference::Rules {
    reference::Rules {
        criteria: vec![
            reference::Criterion {
                price: false,
                weight: 50,
                max: 50,
                threshold: Some(20),
            },
            reference::Criterion {
                price: false,
                weight: 30,
                max: 30,
                threshold: None,
            },
            reference::Criterion {
                price: true,
                weight: 20,
                max: 20,
                threshold: None,
            },
        ],
        linear: false,
        base: Some(budget / contracts as i64),
        min_quality: None,
        admits: Some(contracts),
        budget: Some(budget),
        low_percent: 80,
    }
}

pub(crate) struct People {
    pub admin: String,
    pub officer: String,
    pub suppliers: Vec<String>,
    pub organisations: Vec<String>,
}

impl People {
    /// Carries out the contracts of a decided phase and returns them.
    pub async fn run_contracts(
        &self,
        app: &TestApp,
        call_id: &str,
        phase_id: &str,
        clock: &TestClock,
        first_phase: bool,
    ) -> Vec<Value> {
        let mut tokens = BTreeMap::new();
        for (org, email) in self.organisations.iter().zip(&self.suppliers) {
            tokens.insert(org.clone(), app.token(email).await);
        }
        let officer = app.token(&self.officer).await;
        // Supplier 0 was excluded at the first phase: it has no contract to see.
        let outsiders = [tokens[&self.organisations[0]].clone()];
        let parties = crate::contracts::Parties {
            officer: &officer,
            suppliers: &tokens,
            outsiders: &outsiders,
        };
        crate::contracts::carry_out(app, &parties, call_id, phase_id, clock.today(), first_phase)
            .await
    }
}

pub(crate) struct Phase<'a> {
    pub id: String,
    pub budget: i64,
    pub contracts: usize,
    pub bids: Vec<Bid>,
    /// Verdicts the officer records on abnormally low offers, by supplier.
    pub verdicts: &'a [(usize, bool)],
}

/// Submits, evaluates and decides one phase; checks the outcome against the reference and
/// returns the admitted suppliers.
/// Tokens are taken at each step: months pass between the phases, and sessions end.
pub(crate) async fn run_phase(
    app: &TestApp,
    people: &People,
    committee_prefix: &str,
    phase: Phase<'_>,
    clock: &TestClock,
    until_deadline: Duration,
) -> BTreeSet<usize> {
    let mut proposal_of = BTreeMap::new();
    for bid in &phase.bids {
        let token = app.token(&people.suppliers[bid.supplier]).await;
        let res = submit(
            app,
            &token,
            &phase.id,
            proposal_form(
                format!("%PDF proposta {}", bid.supplier).as_bytes(),
                bid.price_cents,
            ),
        )
        .await;
        let receipt = ok(res, "submit").await;
        proposal_of.insert(
            bid.supplier,
            receipt["proposal_id"].as_str().unwrap().to_string(),
        );
    }
    clock.advance(until_deadline);
    let officer = &app.token(&people.officer).await;
    let admin = app.token(&people.admin).await;
    let c = &committee(app, &admin, officer, committee_prefix, 3).await;
    appoint_declare_open(app, officer, &phase.id, c).await;
    let scores: Vec<(String, Vec<Vec<String>>)> = phase
        .bids
        .iter()
        .map(|b| {
            (
                proposal_of[&b.supplier].clone(),
                b.scores
                    .iter()
                    .map(|m| m.iter().map(|s| s.to_string()).collect())
                    .collect(),
            )
        })
        .collect();
    score_and_submit(app, &phase.id, c, &[0, 1], &scores).await;
    let ids: Vec<String> = proposal_of.values().cloned().collect();
    consensus_of_means(app, &phase.id, c, &[0, 1], &ids).await;

    let early = app
        .post_json(
            &format!("/api/v1/phases/{}/decision", phase.id),
            Some(officer),
            &json!({"text": "Esito"}),
        )
        .await;
    if !phase.verdicts.is_empty() {
        assert_eq!(
            early.status(),
            409,
            "an abnormally low offer is verified first"
        );
    }
    for (supplier, accepted) in phase.verdicts {
        let res = app
            .api
            .put(app.url(&format!(
                "/api/v1/phases/{}/proposals/{}/price-verification",
                phase.id, proposal_of[supplier]
            )))
            .bearer_auth(officer)
            .json(&json!({
                "requested_at": Utc::now() - Duration::days(20),
                "answered_at": Utc::now() - Duration::days(3),
                "accepted": accepted,
                "reason": "Costi del personale documentati e coerenti con il CCNL."
            }))
            .send()
            .await
            .unwrap();
        ok(res, "price verification").await;
    }
    let lines = if phase.verdicts.is_empty() && early.status().is_success() {
        early.json::<Vec<Value>>().await.unwrap()
    } else {
        decide(app, officer, &phase.id).await
    };

    let supplier_of: BTreeMap<String, usize> =
        proposal_of.iter().map(|(s, p)| (p.clone(), *s)).collect();
    let offers: Vec<reference::Offer> = phase
        .bids
        .iter()
        .enumerate()
        .map(|(i, b)| reference::Offer {
            id: proposal_of[&b.supplier].clone(),
            receipt: i,
            scores: b
                .scores
                .iter()
                .map(|m| vec![hundredths(m[0]), hundredths(m[1]), 0])
                .collect(),
            price: Some(b.price_cents),
            verdict: phase
                .verdicts
                .iter()
                .find(|(s, _)| *s == b.supplier)
                .map(|(_, a)| *a),
            failed_selection: false,
        })
        .collect();
    let expected = reference::score(&reference_rules(phase.budget, phase.contracts), &offers);
    let admitted = assert_as_reference(&lines, &expected);
    admitted.iter().map(|p| supplier_of[p]).collect()
}

#[tokio::test]
async fn a_pcp_of_ten_suppliers_narrows_eight_four_two_exactly_as_the_reference() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = pcp_call_closing_in("PCP-ER-2027-10", 2);
    call["budget_cents"] = json!(380_000_000);
    call["nuts"] = json!(" ith55 ");
    call["cig"] = json!("a0123456b7");
    let criteria = json!([
        {"name": "Qualità tecnica e innovatività", "kind": "quality", "weight": 50, "max_points": 50, "min_threshold": 20},
        {"name": "Impatto e fattibilità", "kind": "quality", "weight": 30, "max_points": 30},
        {"name": "Prezzo", "kind": "price", "weight": 20, "max_points": 20}
    ]);
    for (i, (budget, contracts)) in [(38_000_000, 8), (152_000_000, 4), (190_000_000, 2)]
        .into_iter()
        .enumerate()
    {
        call["phases"][i]["budget_cents"] = json!(budget);
        call["phases"][i]["max_contracts"] = json!(contracts);
        call["phases"][i]["criteria"] = criteria.clone();
    }
    let (call_id, first) = publish(&app, &officer, &call).await;
    let published: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let phase_id = |i: usize| published["phases"][i]["id"].as_str().unwrap().to_string();
    assert_eq!(
        (&published["nuts"], &published["cig"]),
        (&json!("ITH55"), &json!("A0123456B7"))
    );
    assert_eq!(
        published["phases"][0]["scoring"]["base_price_cents"],
        4_750_000
    );
    assert_eq!(
        published["phases"][0]["scoring"]["price_formula"],
        "proportional"
    );
    // Every rule that decides the outcome is public from publication: page, API and open data.
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{call_id}"))
        .await;
    for rule in [
        "Regole di valutazione",
        "Prezzo base",
        "€ 47.500,00",
        "Il presidente registra",
        "prevale il punteggio tecnico più alto, poi la ricezione anteriore",
        "80 % della media delle offerte valide",
    ] {
        assert!(page.contains(rule), "the call page states {rule:?}");
    }
    let releases: Value = app
        .get_json(&format!("/ocds/releases/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let details = releases["releases"][0]["tender"]["awardCriteriaDetails"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        details.contains("Prezzo base") && details.contains("€ 47.500,00"),
        "the OCDS tender states the rules: {details}"
    );

    let (mut suppliers, mut organisations) = (Vec::new(), Vec::new());
    for i in 0..10 {
        let (org, email) = register_supplier(&app, &format!("Impresa {i}"), &vat_number(i)).await;
        suppliers.push(email);
        organisations.push(org);
    }
    let people = People {
        admin: accounts.admin.clone(),
        officer: accounts.officer.clone(),
        suppliers,
        organisations,
    };

    // Phase 1: 10 bids. 0 has the lowest price but falls below the threshold of 20; 1 asks more
    // than the cap of EUR 47,500; 2 is abnormally low and its explanations are accepted.
    let m = |a: [&'static str; 2], b: [&'static str; 2], c: [&'static str; 2]| [a, b, c];
    let phase1 = vec![
        Bid {
            supplier: 0,
            scores: m(["15", "25"], ["18", "26"], ["20", "24"]),
            price_cents: 1_000_000,
        },
        Bid {
            supplier: 1,
            scores: m(["48", "29"], ["47", "28"], ["49", "29"]),
            price_cents: 4_800_000,
        },
        Bid {
            supplier: 2,
            scores: m(["30", "20"], ["32", "21"], ["31", "19"]),
            price_cents: 2_500_000,
        },
        Bid {
            supplier: 3,
            scores: m(["41", "22"], ["42", "23"], ["42.5", "22"]),
            price_cents: 4_000_000,
        },
        Bid {
            supplier: 4,
            scores: m(["42.5", "23"], ["41", "22"], ["42", "22"]),
            price_cents: 4_000_000,
        },
        Bid {
            supplier: 5,
            scores: m(["35", "20"], ["36", "21"], ["34", "19"]),
            price_cents: 4_200_000,
        },
        Bid {
            supplier: 6,
            scores: m(["38", "24"], ["39", "25"], ["40", "23"]),
            price_cents: 4_500_000,
        },
        Bid {
            supplier: 7,
            scores: m(["44", "26"], ["45", "27"], ["43", "25"]),
            price_cents: 4_700_000,
        },
        Bid {
            supplier: 8,
            scores: m(["28", "18"], ["29", "17"], ["30", "19"]),
            price_cents: 3_900_000,
        },
        Bid {
            supplier: 9,
            scores: m(["33", "21"], ["34", "22"], ["32", "20"]),
            price_cents: 4_100_000,
        },
    ];
    let admitted1 = run_phase(
        &app,
        &people,
        "f1m",
        Phase {
            id: first,
            budget: 38_000_000,
            contracts: 8,
            bids: phase1,
            verdicts: &[(2, true)],
        },
        &clock,
        Duration::hours(2) + Duration::seconds(1),
    )
    .await;
    assert_eq!(
        admitted1,
        (2..10).collect(),
        "eight contracts: all but the two excluded"
    );
    let mut contracts = people
        .run_contracts(&app, &call_id, &phase_id(0), &clock, true)
        .await;
    assert_eq!(contracts.len(), 8);

    // Phase 2: the eight admitted; 3 and 4 tie exactly at the cut-off of four (same means, same
    // price): the earlier receipt (3) goes on.
    let phase2 = vec![
        Bid {
            supplier: 3,
            scores: m(["41", "22"], ["42", "23"], ["42.5", "22"]),
            price_cents: 30_000_000,
        },
        Bid {
            supplier: 4,
            scores: m(["42.5", "23"], ["41", "22"], ["42", "22"]),
            price_cents: 30_000_000,
        },
        Bid {
            supplier: 2,
            scores: m(["30", "20"], ["31", "21"], ["29", "19"]),
            price_cents: 33_000_000,
        },
        Bid {
            supplier: 5,
            scores: m(["36", "20"], ["36", "21"], ["35", "19"]),
            price_cents: 31_000_000,
        },
        Bid {
            supplier: 6,
            scores: m(["46", "27"], ["45", "26"], ["47", "28"]),
            price_cents: 36_000_000,
        },
        Bid {
            supplier: 7,
            scores: m(["45", "28"], ["46", "27"], ["44", "26"]),
            price_cents: 35_000_000,
        },
        Bid {
            supplier: 8,
            scores: m(["44", "27"], ["45", "27"], ["46", "28"]),
            price_cents: 37_000_000,
        },
        Bid {
            supplier: 9,
            scores: m(["30", "18"], ["31", "19"], ["32", "17"]),
            price_cents: 32_000_000,
        },
    ];
    let admitted2 = run_phase(
        &app,
        &people,
        "f2m",
        Phase {
            id: phase_id(1),
            budget: 152_000_000,
            contracts: 4,
            bids: phase2,
            verdicts: &[],
        },
        &clock,
        Duration::days(151),
    )
    .await;
    assert_eq!(admitted2.len(), 4);
    assert!(
        admitted2.contains(&3) && !admitted2.contains(&4),
        "the tie goes to the earlier receipt"
    );
    contracts.extend(
        people
            .run_contracts(&app, &call_id, &phase_id(1), &clock, false)
            .await,
    );

    // Phase 3: the four admitted, two contracts within EUR 1,900,000.
    let phase3: Vec<Bid> = admitted2
        .iter()
        .zip([
            m(["44", "27"], ["45", "28"], ["46", "26"]),
            m(["47", "28"], ["46", "29"], ["48", "27"]),
            m(["40", "22"], ["41", "23"], ["39", "21"]),
            m(["43", "25"], ["44", "26"], ["42", "24"]),
        ])
        .zip([90_000_000, 95_000_000, 80_000_000, 85_000_000])
        .map(|((s, scores), price_cents)| Bid {
            supplier: *s,
            scores,
            price_cents,
        })
        .collect();
    let admitted3 = run_phase(
        &app,
        &people,
        "f3m",
        Phase {
            id: phase_id(2),
            budget: 190_000_000,
            contracts: 2,
            bids: phase3,
            verdicts: &[],
        },
        &clock,
        Duration::days(181),
    )
    .await;
    assert_eq!(admitted3.len(), 2);
    contracts.extend(
        people
            .run_contracts(&app, &call_id, &phase_id(2), &clock, false)
            .await,
    );
    assert_eq!(contracts.len(), 8 + 4 + 2);
    let officer = app.token(&accounts.officer).await;
    crate::contracts::assert_budget(&app, &officer, &call_id, &contracts).await;
    crate::contracts::assert_open_data(&app, &call_id, &contracts).await;

    let results: Value = app
        .get_json(&format!("/api/v1/phases/{}/results", phase_id(0)), None)
        .await
        .json()
        .await
        .unwrap();
    let excluded_price = results["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["excluded"]["reason"] == "below_threshold")
        .unwrap()["price_cents"]
        .clone();
    assert!(
        excluded_price.is_null(),
        "the excluded lowest price is never published"
    );

    // The award of the last phase, valid against the eForms SDK. This call closed two hours
    // after publication, and eForms wants the deadline on a later day than the contract notice
    // (BR-BT-00131-0151): that notice is served only when the two hours cross midnight in Rome.
    let notices = crate::eforms::notices_of(&app, &call_id).await;
    let deadline = published["phases"][0]["deadline"].as_str().unwrap();
    let deadline: chrono::DateTime<chrono::Utc> = deadline.parse().unwrap();
    let published_at: chrono::DateTime<chrono::Utc> =
        published["published_at"].as_str().unwrap().parse().unwrap();
    let next_day = pcp_desk::domain::time::rome_date(deadline)
        > pcp_desk::domain::time::rome_date(published_at);
    assert_eq!(notices.len(), 1 + usize::from(next_day), "{next_day}");
    let award: Vec<_> = notices
        .into_iter()
        .filter(|n| n.1.contains(">E4</cbc:SubTypeCode>"))
        .collect();
    assert_eq!(award.len(), 1);
    assert_eq!(
        award[0].1.matches("<efac:SettledContract>").count(),
        2 * 2,
        "two winners"
    );
    crate::eforms::assert_valid(&award);

    // The documents state the rules, the prices and the totals the results page shows.
    let visitor = app.browser(None).await;
    let (_, page) = visitor.page(&format!("/calls/{call_id}")).await;
    for path in [
        format!("/phases/{}/minutes/evaluation.pdf", phase_id(0)),
        format!("/phases/{}/outcome.pdf", phase_id(0)),
        format!("/calls/{call_id}/report.pdf"),
    ] {
        let res = visitor.get(&path).await;
        assert_eq!(res.status(), 200, "{path}");
        let Some(text) = crate::records::pdf_text(&res.bytes().await.unwrap()) else {
            return;
        };
        for stated in ["€ 47.500,00", "€ 380.000,00", "€ 40.000,00", "€ 25.000,00"] {
            assert!(text.contains(stated), "{path} states {stated}:\n{text}");
            assert!(page.contains(stated), "the page states {stated}");
        }
        assert!(
            text.contains("Ammessi al massimo"),
            "{path} states the contracts"
        );
        if path.ends_with("report.pdf") {
            assert!(
                text.contains("art. 135 c.2 D.Lgs. 36/2023") && !text.contains("art. 84"),
                "a PCP's report is not an art. 84 report"
            );
            // Phase by phase: the contracts, their amounts, the deliverables accepted and paid.
            for stated in [
                "Contratti specifici per fase",
                "Stanziato: € 380.000,00",
                "2 / 2",
            ] {
                assert!(
                    text.contains(stated),
                    "the report states {stated:?}:\n{text}"
                );
            }
        }
        assert!(
            !text.contains("€ 10.000,00"),
            "{path}: the sealed price stays out"
        );
        for line in results["lines"].as_array().unwrap() {
            let total = crate::reference::italian_two_decimals(line["total"].as_str().unwrap());
            assert!(text.contains(&total), "{path} has the total {total}");
            assert!(page.contains(&total), "the page has the total {total}");
        }
    }
}
