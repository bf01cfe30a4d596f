use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, TestClock, pcp_call_closing_in, proposal_form, publish, register_supplier,
    spawn_app_at, submit,
};

async fn put_json(
    app: &crate::helpers::TestApp,
    path: &str,
    token: &str,
    body: &Value,
) -> reqwest::Response {
    app.api
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn scores(quality: [&str; 2], justification: &str) -> Value {
    json!({"scores": [
        {"criterion": 0, "points": quality[0], "justification": justification},
        {"criterion": 1, "points": quality[1], "justification": justification}
    ]})
}

#[tokio::test]
async fn a_pcp_phase_goes_from_deadline_to_opening_scoring_consensus_decision_and_the_next_phase() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 100, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let admin = app.token(&accounts.admin).await;
    for email in [
        "eval2@test.it",
        "eval3@test.it",
        "eval4@test.it",
        "outsider@test.it",
    ] {
        let res = app
            .post_json("/api/v1/users", Some(&admin), &json!({"email": email, "password": PASSWORD, "role": "evaluator", "display_name": email}))
            .await;
        assert_eq!(res.status(), 201);
    }
    let officer = app.token(&accounts.officer).await;
    let mut call = pcp_call_closing_in("PCP-E1", 2);
    for i in 0..3 {
        call["phases"][i]["max_contracts"] = json!(2);
        call["phases"][i]["criteria"] = json!([
            {"name": "Qualità tecnica e innovatività", "kind": "quality", "weight": 50, "max_points": 50},
            {"name": "Impatto e fattibilità", "kind": "quality", "weight": 30, "max_points": 30},
            {"name": "Prezzo", "kind": "price", "weight": 20, "max_points": 20}
        ]);
    }
    let (call_id, phase) = publish(&app, &officer, &call).await;
    let call_json: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let next_phase = call_json["phases"][1]["id"].as_str().unwrap().to_string();

    let mut suppliers = Vec::new();
    for (name, vat, price) in [
        ("Alfa", "03841571205", 3_000_000),
        ("Beta", "02987654320", 2_500_000),
        ("Gamma", "04172635486", 2_000_000),
    ] {
        let (_, email) = register_supplier(&app, name, vat).await;
        let token = app.token(&email).await;
        let receipt: Value = submit(
            &app,
            &token,
            &phase,
            proposal_form(format!("%PDF {name}").as_bytes(), price),
        )
        .await
        .json()
        .await
        .unwrap();
        suppliers.push((
            name,
            token,
            receipt["proposal_id"].as_str().unwrap().to_string(),
        ));
    }

    let evaluators: Value = app
        .get_json("/api/v1/evaluators", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let id_of = |email: &str| {
        evaluators
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["display_name"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (e1, e2, e3, e4) = (
        id_of("evaluator@test.it"),
        id_of("eval2@test.it"),
        id_of("eval3@test.it"),
        id_of("eval4@test.it"),
    );
    let committee = json!({"members": [e1, e2, e3], "chair": e1});
    let early = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &committee,
        )
        .await;
    assert_eq!(early.status(), 422, "no committee before the deadline");
    let early: Value = early.json().await.unwrap();
    assert_eq!(early["fields"][0]["code"], "before_deadline");

    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let outsider_id = id_of("outsider@test.it");
    let five = json!({"members": [e1, e2, e3, e4, outsider_id], "chair": e1});
    let too_many = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &five,
        )
        .await;
    assert_eq!(too_many.status(), 422, "the call allows three members");
    let too_many: Value = too_many.json().await.unwrap();
    assert_eq!(too_many["fields"][0]["code"], "at_most");
    let even = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &json!({"members": [e1, e2], "chair": e1}),
        )
        .await;
    assert_eq!(even.status(), 422);
    let res = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&officer),
            &committee,
        )
        .await;
    assert_eq!(res.status(), 204);
    let supplier_try = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee"),
            Some(&suppliers[0].1),
            &committee,
        )
        .await;
    assert_eq!(supplier_try.status(), 403);

    let t1 = app.token("evaluator@test.it").await;
    let t2 = app.token("eval2@test.it").await;
    let t3 = app.token("eval3@test.it").await;
    let t4 = app.token("eval4@test.it").await;
    let declaration = json!({"conflict": false, "statement": "Dichiaro l'assenza di conflitti di interesse (art. 7 DPR 62/2013)."});
    let open = || async {
        app.post_json(
            &format!("/api/v1/phases/{phase}/open"),
            Some(&officer),
            &json!({}),
        )
        .await
        .status()
    };
    assert_eq!(
        open().await,
        409,
        "every member declares before the opening"
    );
    let (p_alfa, p_beta, p_gamma) = (
        suppliers[0].2.clone(),
        suppliers[1].2.clone(),
        suppliers[2].2.clone(),
    );
    let not_declared = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &t1,
        &scores(["40", "20"], "Buona"),
    )
    .await;
    assert_eq!(not_declared.status(), 409, "nothing before the declaration");

    for t in [&t1, &t3] {
        assert_eq!(
            app.post_json(
                &format!("/api/v1/phases/{phase}/declaration"),
                Some(t),
                &declaration
            )
            .await
            .status(),
            204
        );
    }
    let conflict =
        json!({"conflict": true, "statement": "Ho collaborato con Beta negli ultimi tre anni."});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/declaration"),
            Some(&t2),
            &conflict
        )
        .await
        .status(),
        204
    );
    let gone = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &t2,
        &scores(["40", "20"], "x"),
    )
    .await;
    assert_eq!(
        gone.status(),
        403,
        "a member with a conflict has left the committee"
    );
    let res = app
        .post_json(
            &format!("/api/v1/phases/{phase}/committee/replacements"),
            Some(&officer),
            &json!({"user_id": e4}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        open().await,
        409,
        "an even committee, with a seat awaiting its replacement's declaration, opens nothing"
    );
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/declaration"),
            Some(&t4),
            &declaration
        )
        .await
        .status(),
        204
    );
    assert_eq!(open().await, 204);

    let seen: Value = app
        .get_json(&format!("/api/v1/proposals/{p_alfa}"), Some(&t1))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        seen["organisation_name"], "Proposta A",
        "anonymised for the committee"
    );
    assert!(
        seen["price_cents"].is_null(),
        "the price stays sealed until the technical scores are final"
    );
    assert!(
        seen["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["envelope"] != "financial")
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/proposals/{p_alfa}"), Some(&t2))
            .await
            .status(),
        404,
        "not for who left"
    );

    let outsider = app.token("outsider@test.it").await;
    assert_eq!(
        app.get_json(&format!("/api/v1/proposals/{p_alfa}"), Some(&outsider))
            .await
            .status(),
        404,
        "not on the committee"
    );
    let res = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &outsider,
        &scores(["40", "20"], "x"),
    )
    .await;
    assert_eq!(res.status(), 403);
    let outsider_page = app.browser(Some("outsider@test.it")).await;
    assert_eq!(
        outsider_page
            .page(&format!("/evaluator/phases/{phase}"))
            .await
            .0,
        403
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/proposals/{p_alfa}"), Some(&admin))
            .await
            .status(),
        404,
        "nor admins"
    );

    let marks = [
        (&t1, [("40", "20"), ("45", "25"), ("30", "15")]),
        (&t3, [("42", "22"), ("44", "24"), ("31", "16")]),
        (&t4, [("44", "24"), ("46", "26"), ("29", "14")]),
    ];
    let missing = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &t1,
        &scores(["40", "20"], " "),
    )
    .await;
    assert_eq!(missing.status(), 422, "a justification is required");
    let too_high = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &t1,
        &scores(["51", "20"], "Ottima"),
    )
    .await;
    assert_eq!(too_high.status(), 422);
    for (token, values) in marks {
        for (proposal, (a, b)) in [&p_alfa, &p_beta, &p_gamma].into_iter().zip(values) {
            let res = put_json(
                &app,
                &format!("/api/v1/phases/{phase}/proposals/{proposal}/scores"),
                token,
                &scores([a, b], "Motivazione"),
            )
            .await;
            assert_eq!(res.status(), 204);
        }
        assert_eq!(
            app.post_json(
                &format!("/api/v1/phases/{phase}/scores/submit"),
                Some(token),
                &json!({})
            )
            .await
            .status(),
            204
        );
    }
    let locked = put_json(
        &app,
        &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/scores"),
        &t1,
        &scores(["1", "1"], "ripensamento"),
    )
    .await;
    assert_eq!(locked.status(), 409, "no change after submission");

    let consensus = |points: [&str; 2], reason: &str| {
        json!({"scores": [
            {"criterion": 0, "points": points[0], "reason": reason},
            {"criterion": 1, "points": points[1], "reason": reason}
        ]})
    };
    let not_chair = app
        .post_json(
            &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/consensus"),
            Some(&t3),
            &consensus(["42", "22"], ""),
        )
        .await;
    assert_eq!(not_chair.status(), 403);
    let unexplained = app
        .post_json(
            &format!("/api/v1/phases/{phase}/proposals/{p_alfa}/consensus"),
            Some(&t1),
            &consensus(["43", "22"], ""),
        )
        .await;
    assert_eq!(
        unexplained.status(),
        422,
        "a change from the mean needs a reason"
    );
    for (proposal, points, reason) in [
        (&p_alfa, ["42", "22"], ""),
        (&p_beta, ["45", "25"], ""),
        (&p_gamma, ["30", "15"], "Media confermata dopo discussione"),
    ] {
        let res = app
            .post_json(
                &format!("/api/v1/phases/{phase}/proposals/{proposal}/consensus"),
                Some(&t1),
                &consensus(points, reason),
            )
            .await;
        assert_eq!(res.status(), 204, "{proposal}");
    }
    let rewrite = app
        .post_json(
            &format!("/api/v1/phases/{phase}/proposals/{p_gamma}/consensus"),
            Some(&t1),
            &consensus(["45", "25"], "Ripensamento"),
        )
        .await;
    assert_eq!(
        rewrite.status(),
        409,
        "once every consensus is recorded the scores are final"
    );

    let res = app
        .post_json(
            &format!("/api/v1/phases/{phase}/decision"),
            Some(&officer),
            &json!({"text": "Determina n. 12/2027: ammessi alla fase 2."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let results: Value = app
        .get_json(&format!("/api/v1/phases/{phase}/results"), None)
        .await
        .json()
        .await
        .unwrap();
    let lines: Vec<(&str, &str, bool)> = results["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["organisation"].as_str().unwrap(),
                l["total"].as_str().unwrap(),
                l["admitted"].as_bool().unwrap(),
            )
        })
        .collect();
    // Beta: 45 + 25 + 20 × 20/25 = 86; Alfa: 42 + 22 + 20 × 20/30 = 232/3; Gamma: 30 + 15 + 20 = 65.
    // Exact in the API; rounded only on the pages and in the documents.
    assert_eq!(
        lines,
        [
            ("Beta", "86", true),
            ("Alfa", "232/3", true),
            ("Gamma", "65", false)
        ]
    );

    let seen: Value = app
        .get_json(&format!("/api/v1/proposals/{p_alfa}"), Some(&t1))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["organisation_name"], "Alfa");
    assert_eq!(seen["price_cents"], 3_000_000);

    let alfa_next = submit(
        &app,
        &suppliers[0].1,
        &next_phase,
        proposal_form(b"%PDF fase 2", 100_000_000),
    )
    .await;
    assert_eq!(
        alfa_next.status(),
        201,
        "admitted suppliers submit in the next phase"
    );
    let gamma_next = submit(
        &app,
        &suppliers[2].1,
        &next_phase,
        proposal_form(b"%PDF fase 2", 90_000_000),
    )
    .await;
    assert_eq!(gamma_next.status(), 409, "the others cannot");

    let again = app
        .post_json(
            &format!("/api/v1/phases/{phase}/decision"),
            Some(&officer),
            &json!({"text": "bis"}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let events = app
        .state
        .db(move |conn| Ok(pcp_desk::db::audit::for_entity(conn, "phase", &phase)?))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect::<Vec<_>>();
    for expected in [
        "committee.appointed",
        "committee.conflict_declared",
        "committee.member_replaced",
        "phase.opened",
        "scores.final",
        "phase.decided",
    ] {
        assert!(
            events.iter().any(|e| e == expected),
            "{expected} missing from {events:?}"
        );
    }
}
