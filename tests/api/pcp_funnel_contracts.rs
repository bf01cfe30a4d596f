//! The whole PCP with contracts: 6 → 3 → 2. Each phase's outcome is checked against the
//! reference scorer; then every contract of the phase is signed under its framework agreement,
//! its deliverables handed in, reviewed, accepted and paid; at the end every euro contracted and
//! paid is accounted for against the phase budgets, in the budget view, the open data and the
//! procurement report.

use serde_json::{Value, json};

use crate::helpers::{TestClock, pcp_call_closing_in, publish, register_supplier, spawn_app_at};
use crate::whole_pcp::{Bid, People, Phase, run_phase, vat_number};
use chrono::Duration;

#[tokio::test]
async fn a_pcp_of_six_three_two_contracts_is_carried_out_and_accounted_for() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = pcp_call_closing_in("PCP-ER-2027-632", 2);
    call["budget_cents"] = json!(366_000_000);
    call["ipr_exploitation_months"] = json!(30);
    let criteria = json!([
        {"name": "Qualità tecnica e innovatività", "kind": "quality", "weight": 50, "max_points": 50, "min_threshold": 20},
        {"name": "Impatto e fattibilità", "kind": "quality", "weight": 30, "max_points": 30},
        {"name": "Prezzo", "kind": "price", "weight": 20, "max_points": 20}
    ]);
    let funnel = [(36_000_000, 6), (150_000_000, 3), (180_000_000, 2)];
    for (i, (budget, contracts)) in funnel.into_iter().enumerate() {
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
    let (mut suppliers, mut organisations) = (Vec::new(), Vec::new());
    for i in 0..7 {
        let (org, email) =
            register_supplier(&app, &format!("Sviluppo {i}"), &vat_number(40 + i)).await;
        suppliers.push(email);
        organisations.push(org);
    }
    let people = People {
        admin: accounts.admin.clone(),
        officer: accounts.officer.clone(),
        // Supplier 0 falls below the threshold at the first phase: the outsider of every phase.
        suppliers,
        organisations,
    };
    let marks: [[[&'static str; 2]; 3]; 7] = [
        [["15", "20"], ["16", "21"], ["14", "19"]],
        [["45", "27"], ["46", "28"], ["44", "26"]],
        [["42", "25"], ["43", "24"], ["41", "26"]],
        [["40", "22"], ["39", "23"], ["41", "21"]],
        [["37", "20"], ["38", "21"], ["36", "22"]],
        [["34", "19"], ["35", "18"], ["33", "20"]],
        [["31", "17"], ["30", "18"], ["32", "16"]],
    ];
    let bids = |who: &[usize], prices: &[i64]| -> Vec<Bid> {
        who.iter()
            .zip(prices)
            .map(|(s, p)| Bid {
                supplier: *s,
                scores: marks[*s],
                price_cents: *p,
            })
            .collect()
    };
    let admitted1 = run_phase(
        &app,
        &people,
        "s1m",
        Phase {
            id: first,
            budget: 36_000_000,
            contracts: 6,
            bids: bids(
                &[0, 1, 2, 3, 4, 5, 6],
                &[
                    4_800_000, 5_900_000, 5_600_000, 5_500_000, 5_200_000, 5_000_000, 5_300_000,
                ],
            ),
            verdicts: &[],
        },
        &clock,
        Duration::hours(2) + Duration::seconds(1),
    )
    .await;
    assert_eq!(
        admitted1,
        (1..7).collect(),
        "six: all but the one below the threshold"
    );
    let mut contracts = people
        .run_contracts(&app, &call_id, &phase_id(0), &clock, true)
        .await;
    assert_eq!(contracts.len(), 6);

    let second: Vec<usize> = admitted1.iter().copied().collect();
    let admitted2 = run_phase(
        &app,
        &people,
        "s2m",
        Phase {
            id: phase_id(1),
            budget: 150_000_000,
            contracts: 3,
            bids: bids(
                &second,
                &[
                    48_000_000, 46_000_000, 45_000_000, 43_000_000, 42_000_000, 40_000_000,
                ],
            ),
            verdicts: &[],
        },
        &clock,
        Duration::days(151),
    )
    .await;
    assert_eq!(admitted2.len(), 3);
    contracts.extend(
        people
            .run_contracts(&app, &call_id, &phase_id(1), &clock, false)
            .await,
    );

    let third: Vec<usize> = admitted2.iter().copied().collect();
    let admitted3 = run_phase(
        &app,
        &people,
        "s3m",
        Phase {
            id: phase_id(2),
            budget: 180_000_000,
            contracts: 2,
            bids: bids(&third, &[88_000_000, 85_000_000, 80_000_000]),
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
    assert_eq!(contracts.len(), 6 + 3 + 2);
    assert!(
        contracts.iter().all(|c| c["ipr_exploitation_months"] == 30),
        "the call's IPR terms in every contract"
    );

    let officer = app.token(&accounts.officer).await;
    crate::contracts::assert_budget(&app, &officer, &call_id, &contracts).await;
    crate::contracts::assert_open_data(&app, &call_id, &contracts).await;
    let report = app
        .browser(None)
        .await
        .get(&format!("/calls/{call_id}/report.pdf"))
        .await;
    assert_eq!(report.status(), 200);
    if let Some(text) = crate::records::pdf_text(&report.bytes().await.unwrap()) {
        for stated in [
            "Stanziato: € 360.000,00",
            "Stanziato: € 1.500.000,00",
            "Stanziato: € 1.800.000,00",
        ] {
            assert!(text.contains(stated), "{stated}:\n{text}");
        }
    }
}
