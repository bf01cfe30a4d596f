use serde_json::{Value, json};

use crate::helpers::{dialogue_call, pcp_call, rome_noon_in, spawn_app};

#[tokio::test]
async fn an_officer_creates_a_draft_with_the_procedures_phase_template() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app
        .create_call(
            &token,
            &json!({"procedure": "competitive_dialogue", "reference": "DC-1", "title": "Dialogo"}),
        )
        .await;
    let call: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(call["status"], "draft");
    assert_eq!(call["authority_id"], accounts.authority_id.as_str());
    let kinds: Vec<&str> = call["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "requests_to_participate",
            "selection",
            "dialogue",
            "final_tenders",
            "award",
            "standstill"
        ]
    );
    assert_eq!(call["phases"][1]["min_candidates"], 3);
    assert_eq!(call["phases"][5]["standstill_days"], 32);
}

#[tokio::test]
async fn a_draft_is_seen_only_by_officers_of_its_authority() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-1")).await;
    let path = format!("/api/v1/calls/{id}");
    assert_eq!(app.get_json(&path, Some(&token)).await.status(), 200);
    assert_eq!(app.get_json(&path, None).await.status(), 404);
    for other in [
        &accounts.other_officer,
        &accounts.admin,
        &accounts.supplier,
        &accounts.evaluator,
    ] {
        let other_token = app.token(other).await;
        assert_eq!(
            app.get_json(&path, Some(&other_token)).await.status(),
            404,
            "{other}"
        );
    }
    let list: Value = app
        .get_json("/api/v1/calls", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn publishing_reports_every_date_violation_at_once_with_its_field() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut body = pcp_call("PCP-2");
    body["phases"][0]["deadline"] = json!("2020-01-15T12:00:00+01:00");
    body["phases"][2]["deadline"] = json!(rome_noon_in(100));
    let id = app.create_call(&token, &body).await;

    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    let fields: Vec<(&str, &str)> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("phases.0.deadline", "in_past"),
            ("phases.2.deadline", "not_after_previous")
        ]
    );
    assert!(
        err["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("già passata")
    );

    let call: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(call["status"], "draft", "nothing changed");
}

#[tokio::test]
async fn a_published_call_is_public_and_can_no_longer_be_edited() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-3")).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let published: Value = res.json().await.unwrap();
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].is_string());

    let public: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["reference"], "PCP-3");
    assert_eq!(public["phases"][0]["criteria"][0]["weight"], 80);
    let list: Value = app
        .get_json("/api/v1/calls", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());

    let res = app
        .api
        .put(app.url(&format!("/api/v1/calls/{id}")))
        .bearer_auth(&token)
        .json(&pcp_call("PCP-3b"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "not_allowed_in_this_state");
    let again = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn deadlines_typed_in_rome_are_stored_in_utc_and_shown_in_rome() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut body = pcp_call("PCP-4");
    // 29 March 2027 is the day after summer time starts: noon in Rome is 10:00 UTC.
    body["phases"][0]["deadline"] = json!("2027-03-29T12:00:00+02:00");
    let id = app.create_call(&token, &body).await;
    let call: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(call["phases"][0]["deadline"], "2027-03-29T10:00:00Z");
    assert_eq!(
        call["phases"][0]["deadline_rome"],
        "29/03/2027 12:00 (CEST)"
    );
}

#[tokio::test]
async fn a_wrong_cpv_code_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut body = pcp_call("PCP-5");
    body["cpv_codes"] = json!(["73000000-9"]);
    let res = app.post_json("/api/v1/calls", Some(&token), &body).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "cpv_codes");
    assert_eq!(err["fields"][0]["code"], "invalid_cpv");
    let authority_id = accounts.authority_id.clone();
    let ids: Vec<String> = app
        .state
        .db(move |conn| {
            let filter = pcp_desk::db::calls::CallFilter {
                authority_id: Some(authority_id),
                ..Default::default()
            };
            Ok(pcp_desk::db::calls::list(conn, &filter, 0, 10)?
                .0
                .into_iter()
                .map(|c| c.id)
                .collect())
        })
        .await
        .unwrap();
    assert!(ids.is_empty());
}

#[tokio::test]
async fn requests_to_participate_need_thirty_days_from_publication() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &dialogue_call("DC-2", 20)).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "phases.0.deadline");
    assert_eq!(err["fields"][0]["code"], "too_soon_after_publication");

    let ok = app.create_call(&token, &dialogue_call("DC-3", 31)).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{ok}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_award_without_a_price_criterion_cannot_be_published() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let mut body = dialogue_call("DC-4", 40);
    body["phases"][4]["criteria"] =
        json!([{"name": "Qualità", "kind": "quality", "weight": 100, "max_points": 100}]);
    let id = app.create_call(&token, &body).await;
    let err: Value = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(err["fields"][0]["field"], "phases.4.criteria");
    assert_eq!(err["fields"][0]["code"], "award_needs_quality_and_price");
}

#[tokio::test]
async fn cancelling_needs_a_reason_which_is_then_public() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-6")).await;
    app.post_json(
        &format!("/api/v1/calls/{id}/publish"),
        Some(&token),
        &json!({}),
    )
    .await;

    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/cancel"),
            Some(&token),
            &json!({"reason": "  "}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/cancel"),
            Some(&token),
            &json!({"reason": "Fondi revocati con DGR 123/2026"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let public: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["status"], "cancelled");
    assert_eq!(public["cancel_reason"], "Fondi revocati con DGR 123/2026");
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/cancel"),
            Some(&token),
            &json!({"reason": "di nuovo"}),
        )
        .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn officers_of_another_authority_cannot_touch_a_call() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-7")).await;
    app.post_json(
        &format!("/api/v1/calls/{id}/publish"),
        Some(&token),
        &json!({}),
    )
    .await;
    let other = app.token(&accounts.other_officer).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/cancel"),
            Some(&other),
            &json!({"reason": "no"}),
        )
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_public_list_filters_by_procedure_status_and_cpv_and_paginates() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    for i in 0..3 {
        let id = app
            .create_call(&token, &pcp_call(&format!("PCP-L{i}")))
            .await;
        app.post_json(
            &format!("/api/v1/calls/{id}/publish"),
            Some(&token),
            &json!({}),
        )
        .await;
    }
    let dc = app.create_call(&token, &dialogue_call("DC-L", 40)).await;
    app.post_json(
        &format!("/api/v1/calls/{dc}/publish"),
        Some(&token),
        &json!({}),
    )
    .await;
    app.post_json(
        &format!("/api/v1/calls/{dc}/cancel"),
        Some(&token),
        &json!({"reason": "test"}),
    )
    .await;
    app.create_call(&token, &pcp_call("PCP-DRAFT")).await;

    let total = |v: Value| v["total"].as_i64().unwrap();
    let get = |q: &'static str| app.get_json(q, None);
    assert_eq!(total(get("/api/v1/calls").await.json().await.unwrap()), 4);
    assert_eq!(
        total(
            get("/api/v1/calls?procedure=pcp")
                .await
                .json()
                .await
                .unwrap()
        ),
        3
    );
    assert_eq!(
        total(
            get("/api/v1/calls?status=cancelled")
                .await
                .json()
                .await
                .unwrap()
        ),
        1
    );
    assert_eq!(
        total(get("/api/v1/calls?cpv=7221").await.json().await.unwrap()),
        1
    );
    let page: Value = get("/api/v1/calls?per_page=3&page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let bad = get("/api/v1/calls?procedure=open").await;
    assert_eq!(bad.status(), 422);

    let browser = app.browser(None).await;
    let (_, html) = browser.page("/calls?procedure=competitive_dialogue").await;
    assert!(html.contains("Mobilità integrata"));
    assert!(!html.contains("Telemonitoraggio"));
    assert!(!html.contains("PCP-DRAFT"));
}

#[tokio::test]
async fn a_draft_cancelled_before_publication_stays_private() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-NEVER")).await;
    let res = app
        .post_json(
            &format!("/api/v1/calls/{id}/cancel"),
            Some(&token),
            &json!({"reason": "Bozza abbandonata"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.get_json(&format!("/api/v1/calls/{id}"), None)
            .await
            .status(),
        404,
        "never published, so never public"
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/calls/{id}"), Some(&token))
            .await
            .status(),
        200,
        "its authority still reads it"
    );
    let list = app
        .get_json("/api/v1/calls", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains(&id), "not listed");
    let (status, _) = app.browser(None).await.page(&format!("/calls/{id}")).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.get_json(&format!("/ocds/releases/{id}"), None)
            .await
            .status(),
        404
    );
    let bulk = app
        .get_json("/ocds/releases", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!bulk.contains(&id), "nor in the open data");
}
