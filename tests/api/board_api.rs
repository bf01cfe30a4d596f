//! The committee's board through the API: the same proposals, labels, files and progress as the
//! board page, and nothing more.

use chrono::Duration;
use serde_json::Value;

use crate::helpers::{
    TestClock, pcp_call_closing_in, proposal_form, publish, register_supplier, spawn_app_at, submit,
};
use crate::procedure::{appoint_declare_open, committee};

#[tokio::test]
async fn a_committee_member_lists_the_proposals_under_their_labels_and_follows_the_board() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let admin = app.token(&accounts.admin).await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call_closing_in("PCP-BOARD", 2)).await;
    let mut suppliers = Vec::new();
    for (name, vat) in [("Alfa", "03841571205"), ("Beta", "02987654320")] {
        let (_, email) = register_supplier(&app, name, vat).await;
        let token = app.token(&email).await;
        let form = proposal_form(format!("%PDF {name}").as_bytes(), 100_000);
        assert_eq!(submit(&app, &token, &phase, form).await.status(), 201);
        suppliers.push(token);
    }
    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let c = committee(&app, &admin, &officer, "board", 3).await;
    let member = &c.members[1].1;
    let board = |token: String| {
        let app = &app;
        let phase = phase.clone();
        async move {
            app.get_json(&format!("/api/v1/phases/{phase}/board"), Some(&token))
                .await
        }
    };

    let before: Value = board(officer.clone()).await.json().await.unwrap();
    assert_eq!(before["progress"]["opened"], false);
    assert_eq!(
        before["proposals"],
        serde_json::json!([]),
        "sealed before the opening"
    );

    appoint_declare_open(&app, &officer, &phase, &c).await;
    let res = board(member.clone()).await;
    assert_eq!(res.status(), 200);
    let seen: Value = res.json().await.unwrap();
    assert_eq!(seen["progress"]["opened"], true);
    assert_eq!(seen["progress"]["committee_complete"], true);
    assert_eq!(seen["members"].as_array().unwrap().len(), 3);
    assert_eq!(seen["proposal_count"], 2);
    let proposals = seen["proposals"].as_array().unwrap();
    let labels: Vec<&str> = proposals
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Proposta A", "Proposta B"],
        "anonymised, in receipt order"
    );
    for p in proposals {
        assert_eq!(p["receipt_number"], "");
        assert!(
            p["price_cents"].is_null(),
            "no price before the scores are final"
        );
        let files = p["files"].as_array().unwrap();
        assert!(files.iter().all(|f| f["envelope"] == "technical"), "{p}");
        let url = files[0]["url"].as_str().unwrap();
        let download = app.get_json(url, Some(member)).await;
        assert_eq!(download.status(), 200, "a listed file opens");
    }

    let outsider = board(suppliers[0].clone()).await;
    assert_eq!(outsider.status(), 403, "a supplier has no board");
}
