use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestClock, file_part, pcp_call, pcp_call_closing_in, proposal_form, publish, register_supplier,
    sha256_hex, spawn_app, spawn_app_with_clock, submit,
};

#[tokio::test]
async fn a_supplier_registers_its_organisation_and_signs_in() {
    let app = spawn_app().await;
    let (org, email) = register_supplier(&app, "Appennino Digitale", "03841571205").await;
    let token = app.token(&email).await;
    let me: Value = app
        .get_json("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "supplier");
    assert_eq!(me["organisation_id"], org.as_str());
    let mine: Value = app
        .get_json(&format!("/api/v1/organisations/{org}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["vat_number"], "03841571205");

    let bad = app
        .post_json(
            "/api/v1/organisations",
            None,
            &json!({"organisation": {"legal_name": "X", "vat_number": "03841571204", "country": "IT", "address": "Via", "email": "nope"},
                    "user": {"email": email, "password": "short", "display_name": "X"}}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let err: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["vat_number", "email", "password"]);
}

#[tokio::test]
async fn a_proposal_gets_a_receipt_whose_hashes_match_the_files() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-S1")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;

    let technical = b"%PDF-1.7 proposta tecnica ".repeat(50_000);
    let res = submit(&app, &token, &phase, proposal_form(&technical, 35_000_000)).await;
    assert_eq!(res.status(), 201);
    let receipt: Value = res.json().await.unwrap();
    assert!(
        receipt["receipt_number"]
            .as_str()
            .unwrap()
            .starts_with("PCPD-")
    );
    assert_eq!(receipt["status"], "submitted");
    assert_eq!(receipt["price_cents"], 35_000_000);
    assert!(
        receipt["received_at_rome"]
            .as_str()
            .unwrap()
            .ends_with("(CET)")
            || receipt["received_at_rome"]
                .as_str()
                .unwrap()
                .ends_with("(CEST)")
    );
    let files = receipt["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let tech = files.iter().find(|f| f["envelope"] == "technical").unwrap();
    assert_eq!(tech["sha256"], sha256_hex(&technical).as_str());
    assert_eq!(tech["size_bytes"], technical.len());
    assert_eq!(tech["file_name"], "proposta tecnica.pdf");

    let id = receipt["proposal_id"].as_str().unwrap();
    let again: Value = app
        .get_json(&format!("/api/v1/proposals/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["files"], receipt["files"]);
    let download = app
        .get_json(
            &format!(
                "/api/v1/proposals/{id}/files/{}",
                tech["id"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        sha256_hex(&download.bytes().await.unwrap()),
        sha256_hex(&technical)
    );
    let path = app.state.blobs.path_of(&sha256_hex(&technical)).unwrap();
    assert_eq!(
        std::fs::read(path).unwrap(),
        technical,
        "stored under its hash"
    );
}

#[tokio::test]
async fn replacing_supersedes_the_old_proposal_which_stays_on_record() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-S2")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;

    let first: Value = submit(&app, &token, &phase, proposal_form(b"%PDF v1", 100))
        .await
        .json()
        .await
        .unwrap();
    let res = submit(&app, &token, &phase, proposal_form(b"%PDF v2", 90)).await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    assert_eq!(second["supersedes"], first["receipt_number"]);
    let old: Value = app
        .get_json(
            &format!(
                "/api/v1/proposals/{}",
                first["proposal_id"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(old["status"], "superseded");
    let count: Value = app
        .get_json(&format!("/api/v1/phases/{phase}/proposals/count"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(count["active"], 1);
    let mine: Value = app
        .get_json("/api/v1/proposals", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_proposal_can_be_withdrawn_before_the_deadline() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-S3")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;
    let receipt: Value = submit(&app, &token, &phase, proposal_form(b"%PDF", 100))
        .await
        .json()
        .await
        .unwrap();
    let id = receipt["proposal_id"].as_str().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/proposals/{id}/withdraw"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let withdrawn: Value = res.json().await.unwrap();
    assert_eq!(withdrawn["status"], "withdrawn");
    let count: Value = app
        .get_json(&format!("/api/v1/phases/{phase}/proposals/count"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(count["active"], 0);
    let again = app
        .post_json(
            &format!("/api/v1/proposals/{id}/withdraw"),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), 409);
}

#[tokio::test]
async fn after_the_deadline_the_server_refuses_and_records_the_refusal() {
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call_closing_in("PCP-S4", 2)).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;
    let on_time: Value = submit(&app, &token, &phase, proposal_form(b"%PDF on time", 100))
        .await
        .json()
        .await
        .unwrap();

    clock.advance(Duration::hours(2) + Duration::seconds(1));
    let res = submit(&app, &token, &phase, proposal_form(b"%PDF too late", 100)).await;
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "deadline_passed");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("NON è stata presentata")
    );
    let withdraw = app
        .post_json(
            &format!(
                "/api/v1/proposals/{}/withdraw",
                on_time["proposal_id"].as_str().unwrap()
            ),
            Some(&token),
            &json!({}),
        )
        .await;
    assert_eq!(
        withdraw.status(),
        409,
        "no withdrawal after the deadline either"
    );

    let mine: Value = app
        .get_json("/api/v1/proposals", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine.as_array().unwrap().len(),
        1,
        "only the proposal made in time"
    );
    assert_eq!(mine[0]["status"], "submitted");
    assert!(
        app.state
            .blobs
            .path_of(&sha256_hex(b"%PDF too late"))
            .unwrap()
            .exists()
            .eq(&false),
        "no orphaned file"
    );
    let refusals = app
        .state
        .db(move |conn| Ok(pcp_desk::db::audit::for_entity(conn, "phase", &phase)?))
        .await
        .unwrap();
    assert_eq!(
        refusals
            .iter()
            .filter(|e| e.action == "proposal.refused_late")
            .count(),
        1
    );
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut call = pcp_call("PCP-S5");
    call["phases"][0]["max_file_mb"] = json!(1);
    call["phases"][0]["max_total_mb"] = json!(2);
    let (_, phase) = publish(&app, &officer, &call).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;
    let form = reqwest::multipart::Form::new;
    let mib = |n: usize| {
        let mut pdf = b"%PDF-1.7 ".to_vec();
        pdf.resize(n * 1024 * 1024, b'x');
        pdf
    };

    let cases: Vec<(reqwest::multipart::Form, &str, &str)> = vec![
        (
            form().part("administrative", file_part("dgue.exe", b"MZ".to_vec())),
            "administrative",
            "file_type_not_accepted",
        ),
        (
            form().part("administrative", file_part("dgue.pdf", Vec::new())),
            "administrative",
            "empty_file",
        ),
        (
            form()
                .part("technical", file_part("t.pdf", b"%PDF".to_vec()))
                .text("price_cents", "100"),
            "administrative",
            "required",
        ),
        (
            form()
                .part("administrative", file_part("a.pdf", b"%PDF".to_vec()))
                .part("technical", file_part("t.pdf", b"%PDF".to_vec())),
            "price",
            "required",
        ),
        (
            form().part("administrative", file_part("a.pdf", mib(2))),
            "administrative",
            "file_too_large",
        ),
        (
            form()
                .part("administrative", file_part("a.pdf", mib(1)))
                .part("technical", file_part("t.pdf", mib(1)))
                .part("technical", file_part("u.pdf", b"%PDF".to_vec())),
            "total",
            "file_too_large",
        ),
        (
            (0..11).fold(form(), |f, i| {
                f.part(
                    "technical",
                    file_part(&format!("t{i}.pdf"), format!("%PDF {i}").into_bytes()),
                )
            }),
            "technical",
            "at_most",
        ),
        // Control characters in a file name make the part itself unreadable.
        (
            form().part(
                "administrative",
                file_part("\u{7}\u{1b}.pdf", b"%PDF".to_vec()),
            ),
            "form",
            "malformed",
        ),
        (
            form().part("administrative", file_part("....", b"%PDF".to_vec())),
            "administrative",
            "malformed",
        ),
        // A program renamed to .pdf is not a PDF.
        (
            form().part(
                "technical",
                file_part("offerta.pdf", b"MZ\x90\x00".to_vec()),
            ),
            "technical",
            "content_not_of_type",
        ),
    ];
    for (i, (form, field, code)) in cases.into_iter().enumerate() {
        let res = submit(&app, &token, &phase, form).await;
        assert_eq!(res.status(), 422, "case {i}");
        let err: Value = res.json().await.unwrap();
        let named = err["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["field"] == field && f["code"] == code);
        assert!(named, "case {i}: expected {field}/{code} in {err}");
    }
    let garbage = app
        .api
        .post(app.url(&format!("/api/v1/phases/{phase}/proposals")))
        .bearer_auth(&token)
        .header("content-type", "multipart/form-data; boundary=XYZ")
        .body("--XYZ\r\nthis is not a part\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 422);

    let mine: Value = app
        .get_json("/api/v1/proposals", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 0);
    let blobs = app.state.settings.data_dir.join("blobs");
    let stored: Vec<_> = std::fs::read_dir(&blobs)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(stored, ["tmp"], "no file kept, not even a temporary one");
    assert_eq!(std::fs::read_dir(blobs.join("tmp")).unwrap().count(), 0);

    let res = submit(
        &app,
        &token,
        &phase,
        crate::helpers::proposal_form(b"%PDF", 100).part(
            "administrative",
            file_part("../../etc/passwd.pdf", b"%PDF x".to_vec()),
        ),
    )
    .await;
    assert_eq!(res.status(), 201);
    let receipt: Value = res.json().await.unwrap();
    let names: Vec<&str> = receipt["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"passwd.pdf"), "{names:?}");
}

#[tokio::test]
async fn later_phases_take_only_organisations_the_previous_phase_admitted() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call_id, _) = publish(&app, &officer, &pcp_call("PCP-S6")).await;
    let call: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let prototyping = call["phases"][1]["id"].as_str().unwrap().to_string();
    let (org, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let token = app.token(&email).await;

    let res = submit(&app, &token, &prototyping, proposal_form(b"%PDF", 100)).await;
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "not_admitted");

    let (phase, org_id) = (prototyping.clone(), org.clone());
    app.state
        .db(move |conn| {
            Ok(pcp_desk::db::proposals::admit(
                conn,
                &phase,
                &org_id,
                chrono::Utc::now(),
            )?)
        })
        .await
        .unwrap();
    let res = submit(&app, &token, &prototyping, proposal_form(b"%PDF", 100)).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn proposals_are_sealed_for_every_other_role_and_route_until_the_opening() {
    let app = crate::helpers::spawn_app_with(|s| s.login_burst = 100).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call_id, phase) = publish(&app, &officer, &pcp_call("PCP-S7")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let owner = app.token(&email).await;
    let receipt: Value = submit(
        &app,
        &owner,
        &phase,
        proposal_form(b"%PDF secret solution", 123_456),
    )
    .await
    .json()
    .await
    .unwrap();
    let id = receipt["proposal_id"].as_str().unwrap().to_string();
    let file = receipt["files"][0]["id"].as_str().unwrap().to_string();

    let api_routes = [
        format!("/api/v1/proposals/{id}"),
        format!("/api/v1/proposals/{id}/files/{file}"),
    ];
    let page_routes = [
        format!("/supplier/proposals/{id}"),
        format!("/supplier/proposals/{id}/files/{file}"),
    ];
    let others = [
        accounts.admin.clone(),
        accounts.officer.clone(),
        accounts.other_officer.clone(),
        accounts.evaluator.clone(),
        accounts.supplier.clone(),
    ];
    for path in &api_routes {
        assert_eq!(
            app.get_json(path, None).await.status(),
            401,
            "{path} anonymous"
        );
        for who in &others {
            let token = app.token(who).await;
            assert_eq!(
                app.get_json(path, Some(&token)).await.status(),
                404,
                "{path} as {who}"
            );
        }
    }
    for path in &page_routes {
        for who in others.iter().map(Some).chain([None]) {
            let browser = app.browser(who.map(String::as_str)).await;
            let (status, html) = browser.page(path).await;
            assert!(
                [401, 403, 404].contains(&status),
                "{path} as {who:?}: {status}"
            );
            assert!(
                !html.contains("secret") && !html.contains("1.234,56"),
                "{path} as {who:?} leaks"
            );
        }
    }
    for who in [&accounts.officer, &accounts.admin] {
        let token = app.token(who).await;
        let listing = app.get_json("/api/v1/proposals", Some(&token)).await;
        assert_eq!(listing.status(), 403, "{who} has no list of proposals");
    }
    let officer_browser = app.browser(Some(&accounts.officer)).await;
    let (_, page) = officer_browser.page(&format!("/calls/{call_id}")).await;
    assert!(
        page.contains("Proposte ricevute: <strong>1</strong>"),
        "the count is public"
    );
    assert!(
        !page.contains("Lab Emilia") && !page.contains("proposta"),
        "but nothing else"
    );
    let call_json = app
        .get_json(&format!("/api/v1/calls/{call_id}"), Some(&officer))
        .await
        .text()
        .await
        .unwrap();
    assert!(!call_json.contains(&id) && !call_json.contains("123456"));

    // The opening (the evaluation's step) unseals them for the authority's officers only.
    let phase_id = phase.clone();
    app.state
        .db(move |conn| {
            use diesel::prelude::*;
            diesel::update(pcp_desk::db::schema::phases::table.find(phase_id))
                .set(
                    pcp_desk::db::schema::phases::opened_at
                        .eq(Some(chrono::Utc::now().naive_utc())),
                )
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        app.get_json(&api_routes[0], Some(&officer)).await.status(),
        200
    );
    let other = app.token(&accounts.other_officer).await;
    assert_eq!(
        app.get_json(&api_routes[0], Some(&other)).await.status(),
        404
    );
    let competitor = app.token(&accounts.supplier).await;
    assert_eq!(
        app.get_json(&api_routes[0], Some(&competitor))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn questions_are_answered_publicly_without_the_askers_name() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call_id, _) = publish(&app, &officer, &pcp_call("PCP-S8")).await;
    let supplier = app.token(&accounts.supplier).await;
    let path = format!("/api/v1/calls/{call_id}/clarifications");
    let res = app
        .post_json(
            &path,
            Some(&supplier),
            &json!({"question": "Il prototipo può usare componenti open source?"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let qid = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let public: Value = app.get_json(&path, None).await.json().await.unwrap();
    assert_eq!(
        public.as_array().unwrap().len(),
        0,
        "unanswered questions are private"
    );
    let for_officer: Value = app
        .get_json(&path, Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    assert!(for_officer[0]["organisation_id"].is_string());

    let res = app
        .post_json(
            &format!("/api/v1/clarifications/{qid}/answer"),
            Some(&officer),
            &json!({"answer": "Sì, con licenza compatibile."}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let public: Value = app.get_json(&path, None).await.json().await.unwrap();
    assert_eq!(public[0]["answer"], "Sì, con licenza compatibile.");
    let inbox: Value = app
        .get_json("/api/v1/communications", Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    let told: Vec<&Value> = inbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "clarification_answered")
        .collect();
    assert_eq!(told.len(), 1, "the asker is told: {inbox}");
    assert!(
        told[0]["body"]
            .as_str()
            .unwrap()
            .contains("licenza compatibile")
    );
    assert!(
        public[0]["organisation_id"].is_null(),
        "published anonymously"
    );
    let again = app
        .post_json(
            &format!("/api/v1/clarifications/{qid}/answer"),
            Some(&officer),
            &json!({"answer": "No"}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let other = app.token(&accounts.other_officer).await;
    let res = app
        .post_json(
            &format!("/api/v1/clarifications/{qid}/answer"),
            Some(&other),
            &json!({"answer": "x"}),
        )
        .await;
    assert_eq!(res.status(), 403);

    let browser = app.browser(None).await;
    let (_, html) = browser.page(&format!("/calls/{call_id}")).await;
    assert!(html.contains("Il prototipo può usare componenti open source?"));
    assert!(!html.contains("Appennino"));
}

#[tokio::test]
async fn after_an_addendum_suppliers_confirm_or_replace_their_proposal() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call_id, phase) = publish(&app, &officer, &pcp_call("PCP-S9")).await;
    let supplier = app.token(&accounts.supplier).await;
    let receipt: Value = submit(&app, &supplier, &phase, proposal_form(b"%PDF", 100))
        .await
        .json()
        .await
        .unwrap();
    let id = receipt["proposal_id"].as_str().unwrap().to_string();

    let form = reqwest::multipart::Form::new()
        .text("body", "Il capitolato è integrato con l'allegato B.")
        .part(
            "file",
            file_part("allegato-b.pdf", b"%PDF allegato".to_vec()),
        );
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{call_id}/addenda")))
        .bearer_auth(&officer)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let addenda: Value = app
        .get_json(&format!("/api/v1/calls/{call_id}/addenda"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(addenda[0]["number"], 1);
    assert_eq!(
        addenda[0]["documents"][0]["sha256"],
        sha256_hex(b"%PDF allegato").as_str()
    );

    let pending: Value = app
        .get_json(&format!("/api/v1/proposals/{id}"), Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["pending_addenda"].as_array().unwrap().len(), 1);
    let res = app
        .post_json(
            &format!("/api/v1/proposals/{id}/confirm"),
            Some(&supplier),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let confirmed: Value = res.json().await.unwrap();
    assert_eq!(confirmed["pending_addenda"].as_array().unwrap().len(), 0);
    let again = app
        .post_json(
            &format!("/api/v1/proposals/{id}/confirm"),
            Some(&supplier),
            &json!({}),
        )
        .await;
    assert_eq!(again.status(), 409);

    let draft = app.create_call(&officer, &pcp_call("PCP-S9-DRAFT")).await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{draft}/addenda")))
        .bearer_auth(&officer)
        .multipart(reqwest::multipart::Form::new().text("body", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409, "drafts are edited, not amended");
}

#[tokio::test]
async fn a_vat_number_belongs_to_one_organisation_and_a_code_of_zeros_to_none() {
    let app = crate::helpers::spawn_app().await;
    crate::helpers::register_supplier(&app, "Alfa", "03841571205").await;
    let attempt = |name: &str, vat: &str| {
        let body = json!({
            "organisation": {"legal_name": name, "vat_number": vat, "country": "IT", "address": "Via Roma 1", "email": "pec@example.it"},
            "user": {"email": format!("{}@x.example", name.to_lowercase()), "password": crate::helpers::PASSWORD, "display_name": name}
        });
        let app = &app;
        async move {
            let res = app.post_json("/api/v1/organisations", None, &body).await;
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = attempt("Copia", "IT 038 4157 1205").await;
    assert_eq!(status, 422, "the same identity, spelt otherwise: {body}");
    assert_eq!(body["fields"][0]["field"], "vat_number");
    assert_eq!(body["fields"][0]["code"], "identifier_taken");
    let (status, body) = attempt("Zero", "00000000000").await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["code"], "invalid_fiscal_code");
    let (status, _) = attempt("Beta", "02987654320").await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_replacement_keeps_unchanged_files_under_a_new_receipt_and_only_its_own() {
    use crate::helpers::{file_part, register_supplier, submit};
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (_, phase) = publish(&app, &officer, &pcp_call("PCP-KEEP")).await;
    let (_, email) = register_supplier(&app, "Lab Emilia", "02987654320").await;
    let (_, other) = register_supplier(&app, "Altra Srl", "01234567897").await;
    let token = app.token(&email).await;
    let other_token = app.token(&other).await;
    let first: Value = submit(
        &app,
        &token,
        &phase,
        proposal_form(b"%PDF tecnica v1", 100_000),
    )
    .await
    .json()
    .await
    .unwrap();
    let theirs: Value = submit(
        &app,
        &other_token,
        &phase,
        proposal_form(b"%PDF altra", 90_000),
    )
    .await
    .json()
    .await
    .unwrap();
    let file_of = |receipt: &Value, envelope: &str| {
        receipt["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["envelope"] == envelope)
            .unwrap()
            .clone()
    };
    let dgue = file_of(&first, "administrative");

    // Only the price and the technical file change: the DGUE is kept, not sent again.
    let replacement = reqwest::multipart::Form::new()
        .text("keep", dgue["id"].as_str().unwrap().to_string())
        .part(
            "technical",
            file_part("tecnica v2.pdf", b"%PDF tecnica v2".to_vec()),
        )
        .text("price_cents", "95000");
    let res = submit(&app, &token, &phase, replacement).await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    assert_ne!(second["receipt_number"], first["receipt_number"]);
    let kept = file_of(&second, "administrative");
    assert_eq!(kept["sha256"], dgue["sha256"]);
    assert_eq!(kept["file_name"], dgue["file_name"]);
    assert_ne!(
        file_of(&second, "technical")["sha256"],
        file_of(&first, "technical")["sha256"]
    );
    crate::drills::assert_receipt_kept(&app.api, &app.address, &token, &second).await;

    // Another organisation's file (its id is in its own receipt) cannot be kept.
    let stolen = reqwest::multipart::Form::new()
        .text(
            "keep",
            file_of(&theirs, "technical")["id"]
                .as_str()
                .unwrap()
                .to_string(),
        )
        .part(
            "administrative",
            file_part("dgue.pdf", b"%PDF dgue".to_vec()),
        )
        .text("price_cents", "95000");
    let res = submit(&app, &token, &phase, stolen).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let codes: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"not_keepable"), "{body}");
}
