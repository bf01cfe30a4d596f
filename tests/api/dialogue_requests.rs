//! A request to participate's structured self-declaration and its check against the selection
//! criteria, through the API and the pages: bad input names its field, nothing changes after the
//! deadline, and a request that fails a criterion is not invited whatever its score.

use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestClock, dialogue_call, file_part, publish, register_supplier, spawn_app_at,
};
use crate::procedure::{consensus_of_means, decide, ok, score_and_submit};
use crate::whole_dialogue::typed;
use crate::whole_pcp::vat_number;

fn declaration(applies: Option<&str>) -> Value {
    let grounds: Vec<Value> = [
        "conviction",
        "anti_mafia",
        "insolvency",
        "taxes_and_contributions",
        "safety_and_labour_law",
        "conflict_of_interest",
        "prior_involvement",
        "professional_misconduct",
        "pending_tax_breaches",
    ]
    .iter()
    .map(|g| {
        let yes = applies == Some(*g);
        json!({"ground": g, "applies": yes,
               "explanation": if yes { "Rateizzazione concordata e in regola (art. 96 c.6)." } else { "" }})
    })
    .collect();
    json!({
        "exclusion_grounds": grounds,
        "turnover_cents": [250_000_000, 230_000_000, 210_000_000],
        "similar_services": [{"client": "Comune di Modena", "description": "Bigliettazione elettronica",
                              "year": 2025, "amount_cents": 45_000_000}],
        "certifications": ["ISO 9001", "ISO 27001"]
    })
}

#[tokio::test]
async fn a_request_carries_a_self_declaration_and_failing_a_selection_criterion_excludes_it() {
    use crate::helpers::submit;
    use crate::procedure::{appoint_declare_open, committee};
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = dialogue_call("DC-ER-2027-13", 31);
    call["phases"][1]["max_candidates"] = json!(3);
    let (_, requests) = publish(&app, &officer, &call).await;
    let mut proposals = std::collections::BTreeMap::new();
    let (mut tokens, mut emails) = (Vec::new(), Vec::new());
    for i in 0..5 {
        let (_, email) =
            register_supplier(&app, &format!("Richiedente {i}"), &vat_number(60 + i)).await;
        let token = app.token(&email).await;
        emails.push(email);
        let form = reqwest::multipart::Form::new()
            .part(
                "administrative",
                file_part("dgue.pdf", b"%PDF dgue".to_vec()),
            )
            .part("technical", file_part("capacita.pdf", b"%PDF cap".to_vec()));
        let receipt = ok(submit(&app, &token, &requests, form).await, "request").await;
        proposals.insert(i, receipt["proposal_id"].as_str().unwrap().to_string());
        tokens.push(token);
    }
    let path = |i: usize| format!("/api/v1/proposals/{}/declaration", proposals[&i]);

    // Each ground answered, explained where it applies; bad input names the field.
    let mut missing = declaration(None);
    missing["exclusion_grounds"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    missing["exclusion_grounds"][2]["applies"] = json!(true);
    let refused = app.put_json(&path(0), Some(&tokens[0]), &missing).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "exclusion_grounds.conviction",
            "exclusion_grounds.taxes_and_contributions.explanation"
        ],
        "{body}"
    );
    for (i, token) in tokens.iter().enumerate() {
        let d = declaration((i == 3).then_some("pending_tax_breaches"));
        ok(app.put_json(&path(i), Some(token), &d).await, "declare").await;
    }
    assert_eq!(
        app.put_json(&path(0), Some(&tokens[1]), &declaration(None))
            .await
            .status(),
        404,
        "another candidate's request does not exist for it"
    );
    assert_eq!(app.get_json(&path(0), Some(&tokens[1])).await.status(), 404);
    let own: Value = ok(app.get_json(&path(3), Some(&tokens[3])).await, "own").await;
    assert_eq!(own["exclusion_grounds"][8]["applies"], true);

    // After the deadline nothing changes; the committee reads the declarations once opened.
    clock.advance(Duration::days(32));
    for (t, e) in tokens.iter_mut().zip(&emails) {
        *t = app.token(e).await;
    }
    assert_eq!(
        app.put_json(&path(0), Some(&tokens[0]), &declaration(None))
            .await
            .status(),
        409,
        "the deadline has passed"
    );
    let officer = app.token(&accounts.officer).await;
    let admin = app.token(&accounts.admin).await;
    let c = committee(&app, &admin, &officer, "dd", 3).await;
    appoint_declare_open(&app, &officer, &requests, &c).await;
    let read: Value = ok(app.get_json(&path(3), Some(c.chair())).await, "committee").await;
    assert_eq!(read["turnover_cents"][0], 250_000_000);

    // The chair checks each request against the selection criterion; candidate 4 fails it.
    let check = |i: usize, passed: bool| {
        let path = format!("/api/v1/proposals/{}/selection-check", proposals[&i]);
        let chair = c.chair().to_string();
        let app = &app;
        async move {
            app.put_json(
                &path,
                Some(&chair),
                &json!({"checks": [{"criterion": 0, "passed": passed,
                    "reason": if passed { "Servizi analoghi adeguati." } else { "Nessun servizio analogo negli ultimi tre anni." }}]}),
            )
            .await
        }
    };
    let incomplete = app
        .put_json(
            &format!("/api/v1/proposals/{}/selection-check", proposals[&0]),
            Some(c.chair()),
            &json!({"checks": []}),
        )
        .await;
    assert_eq!(incomplete.status(), 422, "every criterion, with a reason");
    for i in 0..5 {
        ok(check(i, i != 4).await, "check").await;
    }
    let seen: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{}/selection-check", proposals[&4]),
            Some(&tokens[4]),
        )
        .await,
        "own check",
    )
    .await;
    assert_eq!(seen[0]["passed"], false);
    let scores = [
        (0, ["60", "62", "61"], None),
        (1, ["70", "71", "72"], None),
        (2, ["80", "82", "81"], None),
        (3, ["50", "51", "52"], None),
        (4, ["90", "88", "89"], None),
    ];
    score_and_submit(&app, &requests, &c, &[0], &typed(&proposals, &scores)).await;
    let ids: Vec<String> = proposals.values().cloned().collect();
    consensus_of_means(&app, &requests, &c, &[0], &ids).await;
    let lines = decide(&app, &officer, &requests).await;
    let line = |i: usize| {
        lines
            .iter()
            .find(|l| l["proposal_id"] == proposals[&i].as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(line(4)["excluded"]["reason"], "failed_selection");
    assert_eq!(
        line(4)["admitted"],
        false,
        "the best score, but not selected"
    );
    let invited: Vec<usize> = (0..5).filter(|i| line(*i)["admitted"] == true).collect();
    assert_eq!(invited, [0, 1, 2], "its place goes to the next best");
    assert_eq!(
        check(0, false).await.status(),
        409,
        "checks do not change after the outcome"
    );
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

#[tokio::test]
async fn the_self_declaration_and_the_selection_check_have_their_pages() {
    use crate::helpers::{form_pairs, set_pair, submit};
    use crate::procedure::{appoint_declare_open, committee};
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 1000, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, requests) = publish(&app, &officer, &dialogue_call("DC-ER-2027-14", 31)).await;
    let (_, email) = register_supplier(&app, "Richiedente Pagine", &vat_number(70)).await;
    let token = app.token(&email).await;
    let form = reqwest::multipart::Form::new()
        .part(
            "administrative",
            file_part("dgue.pdf", b"%PDF dgue".to_vec()),
        )
        .part("technical", file_part("capacita.pdf", b"%PDF cap".to_vec()));
    let receipt = ok(submit(&app, &token, &requests, form).await, "request").await;
    let proposal = receipt["proposal_id"].as_str().unwrap().to_string();
    let page = format!("/proposals/{proposal}/declaration");

    let candidate = app.browser(Some(&email)).await;
    let (_, receipt_page) = candidate
        .page(&format!("/supplier/proposals/{proposal}"))
        .await;
    assert!(receipt_page.contains(&format!("href=\"{page}\"")));
    let (status, html) = candidate.page(&page).await;
    assert_eq!(status, 200);
    let mut pairs = form_pairs(&html, "#declaration");
    let res = candidate.post_form(&page, &as_refs(&pairs)).await;
    assert_eq!(res.status(), 422, "no ground answered");
    let refused = res.text().await.unwrap();
    assert!(
        refused.contains("exclusion_grounds.conviction"),
        "{refused}"
    );
    for g in [
        "conviction",
        "anti_mafia",
        "insolvency",
        "taxes_and_contributions",
        "safety_and_labour_law",
        "conflict_of_interest",
        "prior_involvement",
        "professional_misconduct",
        "pending_tax_breaches",
    ] {
        set_pair(&mut pairs, &format!("ground.{g}"), "no");
    }
    set_pair(&mut pairs, "ground.professional_misconduct", "yes");
    set_pair(
        &mut pairs,
        "explanation.professional_misconduct",
        "Penale contrattuale del 2023, misure organizzative adottate.",
    );
    set_pair(&mut pairs, "turnover.0", "1.250.000,00");
    set_pair(&mut pairs, "service.0.client", "Comune di Ferrara");
    set_pair(&mut pairs, "service.0.description", "Portale dei servizi");
    set_pair(&mut pairs, "service.0.year", "2024");
    set_pair(&mut pairs, "service.0.amount", "80.000,00");
    set_pair(&mut pairs, "certifications", "ISO 9001\nISO 27001\n");
    let saved = candidate.post_form(&page, &as_refs(&pairs)).await;
    assert_eq!(saved.status(), 303);
    let stored: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{proposal}/declaration"),
            Some(&token),
        )
        .await,
        "stored",
    )
    .await;
    assert_eq!(stored["turnover_cents"], json!([125_000_000]));
    assert_eq!(stored["similar_services"][0]["amount_cents"], 8_000_000);
    assert_eq!(stored["certifications"], json!(["ISO 9001", "ISO 27001"]));
    assert_eq!(stored["exclusion_grounds"][7]["applies"], true);

    // The officer reads it once the requests are opened and records the check on the page.
    clock.advance(Duration::days(32));
    let officer = app.token(&accounts.officer).await;
    let admin = app.token(&accounts.admin).await;
    let c = committee(&app, &admin, &officer, "dp", 3).await;
    appoint_declare_open(&app, &officer, &requests, &c).await;
    let authority = app.browser(Some(&accounts.officer)).await;
    let (_, board) = authority.page(&format!("/officer/phases/{requests}")).await;
    assert!(board.contains(&format!("href=\"{page}\"")));
    let (status, html) = authority.page(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Penale contrattuale del 2023"));
    let mut pairs = form_pairs(&html, "#selection-check");
    set_pair(&mut pairs, "passed.0", "no");
    set_pair(
        &mut pairs,
        "reason.0",
        "Nessun servizio analogo di importo adeguato.",
    );
    let checked = authority
        .post_form(
            &format!("/proposals/{proposal}/selection-check"),
            &as_refs(&pairs),
        )
        .await;
    assert_eq!(checked.status(), 303);
    let checks: Value = ok(
        app.get_json(
            &format!("/api/v1/proposals/{proposal}/selection-check"),
            Some(&officer),
        )
        .await,
        "checks",
    )
    .await;
    assert_eq!(checks[0]["passed"], false);
    let other = app.browser(Some(&accounts.supplier)).await;
    assert_eq!(other.page(&page).await.0, 404);
}
