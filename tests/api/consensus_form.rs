//! The chair's consensus form: the members' scores side by side, the mean prefilled and accepted
//! as it is shown, a reason only for another value, and errors that name their field.

use chrono::Duration;
use serde_json::Value;

use crate::helpers::{
    TestClock, form_pairs, pcp_call_closing_in, proposal_form, publish, register_supplier,
    set_pair, spawn_app_at, submit,
};
use crate::procedure::{appoint_declare_open, committee, ok, score_and_submit};

#[tokio::test]
async fn the_chair_accepts_the_prefilled_mean_and_a_different_value_needs_a_named_reason() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let admin = app.token(&accounts.admin).await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call_closing_in("PCP-CONS", 2)).await;
    let mut proposals = Vec::new();
    for (name, vat) in [("Alfa", "03841571205"), ("Beta", "02987654320")] {
        let (_, email) = register_supplier(&app, name, vat).await;
        let token = app.token(&email).await;
        let receipt = ok(
            submit(
                &app,
                &token,
                &phase,
                proposal_form(format!("%PDF {name}").as_bytes(), 5_000_000),
            )
            .await,
            "submit",
        )
        .await;
        proposals.push(receipt["proposal_id"].as_str().unwrap().to_string());
    }
    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let c = committee(&app, &admin, &officer, "cf", 3).await;
    appoint_declare_open(&app, &officer, &phase, &c).await;
    // Means of 253/6 = 42.1666… and 61/1.
    let scores = vec![
        (
            proposals[0].clone(),
            vec![
                vec!["42".to_string()],
                vec!["42".into()],
                vec!["42.5".into()],
            ],
        ),
        (
            proposals[1].clone(),
            vec![vec!["61".to_string()], vec!["60".into()], vec!["62".into()]],
        ),
    ];
    score_and_submit(&app, &phase, &c, &[0], &scores).await;

    let chair = app.browser(Some("cf0@test.it")).await;
    let board = format!("/evaluator/phases/{phase}");
    let (status, html) = chair.page(&board).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("cf1@test.it") && html.contains("Motivazione del punteggio."),
        "every member's score and justification, side by side"
    );
    let form = |proposal: &str| format!("form[action$='/proposals/{proposal}/consensus']");
    let first = form_pairs(&html, &form(&proposals[0]));
    assert!(
        first.iter().any(|(k, v)| k == "points.0" && v == "42,17"),
        "the mean, as shown: {first:?}"
    );
    let action = format!(
        "/evaluator/phases/{phase}/proposals/{}/consensus",
        proposals[0]
    );
    assert_eq!(
        chair.post_pairs(&action, &first).await.status(),
        303,
        "accepted as it is"
    );

    // Another value without a reason: refused, and the message names the field.
    let (_, html) = chair.page(&board).await;
    let mut second = form_pairs(&html, &form(&proposals[1]));
    set_pair(&mut second, "points.0", "55");
    let action = format!(
        "/evaluator/phases/{phase}/proposals/{}/consensus",
        proposals[1]
    );
    let refused = chair.post_pairs(&action, &second).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Motivazione se diverso dalla media (Criterio 1)"),
        "the error names its field"
    );
    set_pair(
        &mut second,
        "reason.0",
        "La commissione ritiene il piano di lavoro sovrastimato.",
    );
    assert_eq!(chair.post_pairs(&action, &second).await.status(), 303);

    // The exact mean was recorded: 253/6, not 42.17, and the minutes say so in Italian.
    let lines: Vec<Value> = crate::procedure::decide(&app, &officer, &phase).await;
    let alfa = lines
        .iter()
        .find(|l| l["proposal_id"] == proposals[0].as_str())
        .unwrap();
    assert_eq!(alfa["points"][0], "253/6");
    let res = app
        .browser(None)
        .await
        .get(&format!("/phases/{phase}/minutes/evaluation.pdf"))
        .await;
    if let Some(text) = crate::records::pdf_text(&res.bytes().await.unwrap()) {
        assert!(text.contains("media dei punteggi dei commissari"), "{text}");
        assert!(
            !text.contains("mean of the members"),
            "no English in an Italian document"
        );
        assert!(text.contains("42,17"));
    }
}
