use chrono::Duration;
use serde_json::{Value, json};

use crate::helpers::{
    TestClock, csrf_in, form_pairs, location, pcp_call_closing_in, proposal_form, publish,
    register_supplier, spawn_app_at, submit,
};

#[tokio::test]
async fn the_officer_appoints_opens_and_decides_in_the_pages_and_results_are_public_with_a_chart() {
    let clock = TestClock::default();
    let app = spawn_app_at(|s| s.login_burst = 100, clock.clock()).await;
    let accounts = app.seed_accounts().await;
    let officer_token = app.token(&accounts.officer).await;
    let (call_id, phase) = publish(&app, &officer_token, &pcp_call_closing_in("PCP-EP", 2)).await;
    let mut proposals = Vec::new();
    let mut suppliers = Vec::new();
    for (name, vat, price) in [
        ("Alfa", "03841571205", 3_000_000),
        ("Beta", "02987654320", 2_000_000),
    ] {
        let (_, email) = register_supplier(&app, name, vat).await;
        let token = app.token(&email).await;
        suppliers.push(email);
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
        proposals.push(receipt["proposal_id"].as_str().unwrap().to_string());
    }

    let officer = app.browser(Some(&accounts.officer)).await;
    let (status, html) = officer.page(&format!("/officer/phases/{phase}")).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("action=\"/officer/phases/"),
        "no committee before the deadline"
    );
    let supplier = app.browser(Some(&accounts.supplier)).await;
    assert_eq!(
        supplier.page(&format!("/officer/phases/{phase}")).await.0,
        403
    );
    assert_eq!(
        app.browser(None)
            .await
            .page(&format!("/officer/phases/{phase}"))
            .await
            .0,
        401
    );

    let next_step = |html: &str| crate::helpers::texts(html, ".next-step");
    let (_, home) = officer.page("/officer").await;
    assert_eq!(
        next_step(&home),
        ["Fase 1: proposte aperte fino alla scadenza"]
    );
    let stage = |html: &str| crate::helpers::texts(html, ".stage strong");
    let visitor = app.browser(None).await;
    assert!(
        stage(&visitor.page("/calls").await.1)[0].starts_with("Fase 1 · proposte aperte fino al ")
    );
    clock.advance(Duration::hours(3));
    assert_eq!(
        stage(&visitor.page("/calls").await.1),
        ["Fase 1 · in valutazione"]
    );
    let (_, home) = officer.page("/officer").await;
    assert_eq!(next_step(&home), ["Fase 1: nomina la commissione"]);
    let (_, html) = officer.page(&format!("/officer/phases/{phase}")).await;
    let csrf = csrf_in(&html).unwrap();
    let evaluators: Value = app
        .get_json("/api/v1/evaluators", Some(&officer_token))
        .await
        .json()
        .await
        .unwrap();
    let e1 = evaluators[0]["id"].as_str().unwrap().to_string();
    let res = officer
        .post_form(
            &format!("/officer/phases/{phase}/committee"),
            &[("csrf", &csrf), ("member", &e1), ("chair", &e1)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        format!("/officer/phases/{phase}?done=appointed")
    );
    let (_, board) = officer.page(&location(&res)).await;
    assert!(
        crate::helpers::texts(&board, ".done")
            .concat()
            .contains("Commissione nominata."),
        "the page says what was done"
    );

    // The declaration of no conflict is never chosen for the member.
    let member = app.browser(Some(&accounts.evaluator)).await;
    let todo = |html: &str| crate::helpers::texts(html, ".todo");
    let (_, home) = member.page("/evaluator").await;
    assert_eq!(
        todo(&home),
        ["Da fare: firma la dichiarazione sul conflitto di interessi."]
    );
    let (_, board) = member.page(&format!("/evaluator/phases/{phase}")).await;
    let mut pairs = form_pairs(&board, "#declaration");
    assert!(
        !pairs.iter().any(|(name, _)| name == "conflict") && !board.contains(" checked>"),
        "nothing preselected"
    );
    pairs.retain(|(name, _)| name != "conflict");
    let res = member
        .post_pairs(&format!("/evaluator/phases/{phase}/declaration"), &pairs)
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Scegli una delle risposte")
    );

    let evaluator = app.token(&accounts.evaluator).await;
    let declaration = json!({"conflict": false, "statement": "Nessun conflitto."});
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/declaration"),
            Some(&evaluator),
            &declaration
        )
        .await
        .status(),
        204
    );
    let (_, home) = officer.page("/officer").await;
    assert_eq!(next_step(&home), ["Fase 1: apri le proposte"]);
    // Opening cannot be undone: the page asks first, then its form opens.
    let res = officer
        .post_form(&format!("/phases/{phase}/open"), &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status(), 200);
    let question = res.text().await.unwrap();
    assert!(question.contains("Le proposte si aprono alla commissione"));
    let res = officer
        .post_pairs(
            &format!("/phases/{phase}/open"),
            &form_pairs(&question, "form.confirm-form"),
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, board) = officer.page(&location(&res)).await;
    assert!(board.contains("Proposte aperte. Il verbale di apertura è pronto."));
    assert_eq!(
        crate::helpers::attrs(&board, "#opening-minutes a", "href"),
        [format!("/phases/{phase}/minutes/opening.pdf")],
        "the board links the opening minutes from the opening"
    );
    let again = officer
        .post_form(&format!("/phases/{phase}/open"), &[("csrf", &csrf)])
        .await;
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("Le proposte sono già aperte.")
    );

    let (_, home) = member.page("/evaluator").await;
    assert_eq!(
        todo(&home),
        ["Da fare: valuta le proposte (0 di 2 valutate)."]
    );
    for (proposal, points) in proposals.iter().zip(["60", "70"]) {
        let body =
            json!({"scores": [{"criterion": 0, "points": points, "justification": "Motivata"}]});
        let res = app
            .api
            .put(app.url(&format!(
                "/api/v1/phases/{phase}/proposals/{proposal}/scores"
            )))
            .bearer_auth(&evaluator)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
    }
    let (_, home) = member.page("/evaluator").await;
    assert_eq!(
        todo(&home),
        ["Da fare: tutte le proposte sono valutate, invia i tuoi punteggi."]
    );
    assert_eq!(
        app.post_json(
            &format!("/api/v1/phases/{phase}/scores/submit"),
            Some(&evaluator),
            &json!({})
        )
        .await
        .status(),
        204
    );
    let chair = app.browser(Some(&accounts.evaluator)).await;
    // Sent scores stay visible, locked, under the call's and the phase's names.
    let (status, sent) = chair
        .page(&format!(
            "/evaluator/phases/{phase}/proposals/{}",
            proposals[0]
        ))
        .await;
    assert_eq!(status, 200);
    assert!(sent.contains("non si modificano più") && sent.contains("Motivata"));
    assert!(sent.contains("Telemonitoraggio domiciliare · Progettazione"));
    assert!(
        !sent.contains("name=\"justification.0\""),
        "no form once sent"
    );
    let (_, board) = chair.page(&format!("/evaluator/phases/{phase}")).await;
    assert!(
        board.contains("Punteggi della commissione"),
        "the chair's consensus form"
    );
    let chair_csrf = csrf_in(&board).unwrap();
    for (proposal, points) in proposals.iter().zip(["60", "70"]) {
        let res = chair
            .post_form(
                &format!("/evaluator/phases/{phase}/proposals/{proposal}/consensus"),
                &[
                    ("csrf", &chair_csrf),
                    ("points.0", points),
                    ("reason.0", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
    }

    let (_, board) = officer.page(&format!("/officer/phases/{phase}")).await;
    assert!(
        board.contains("Graduatoria proposta"),
        "the officer sees the ranking before confirming it"
    );
    let minutes_url = format!("/phases/{phase}/minutes/opening.pdf");
    assert_eq!(
        app.get_json(&minutes_url, None).await.status(),
        401,
        "not public before the outcome"
    );
    assert_eq!(
        officer.get(&minutes_url).await.status(),
        200,
        "the authority has it once opened"
    );
    let beta_token = app.token(&suppliers[1]).await;
    let receipt_pdf = format!("/api/v1/proposals/{}/receipt.pdf", proposals[1]);
    let receipt_before = app
        .get_json(&receipt_pdf, Some(&beta_token))
        .await
        .bytes()
        .await
        .unwrap();
    let res = officer
        .post_form(
            &format!("/officer/phases/{phase}/decision"),
            &[
                ("csrf", &csrf),
                ("text", "Determina n. 7: esito della fase 1."),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        stage(&visitor.page("/calls").await.1)[0]
            .starts_with("Fase 2 · proposte degli ammessi fino al "),
        "the next phase is for those admitted"
    );
    // The board keeps the ranking as confirmed, with the minutes.
    let (_, board) = officer.page(&location(&res)).await;
    assert!(board.contains("Esito confermato e pubblicato."));
    assert!(board.contains("Graduatoria confermata") && !board.contains("Graduatoria proposta"));
    let ranked = crate::helpers::texts(&board, "#preview tbody tr td:nth-child(3)");
    assert_eq!(ranked, ["90,00", "73,33"]);
    assert!(board.contains(&format!("/phases/{phase}/outcome.pdf")));
    // Each supplier sees its own outcome, linked to the phase's results.
    let beta = app.browser(Some(&suppliers[1])).await;
    let (_, home) = beta.page("/supplier").await;
    assert_eq!(
        crate::helpers::texts(&home, "a.outcome"),
        ["Ammesso"],
        "Beta's proposal is admitted"
    );
    assert_eq!(
        crate::helpers::attrs(&home, "a.outcome", "href"),
        [format!("/calls/{call_id}#results-{phase}")]
    );
    let receipt = crate::helpers::attrs(&home, "td a[href^='/supplier/proposals/']", "href");
    let (_, receipt) = beta.page(&receipt[0]).await;
    assert!(
        crate::helpers::texts(&receipt, "#outcome")
            .concat()
            .contains("Esito: Ammesso.")
    );
    let mine: Value = app
        .get_json("/api/v1/proposals", Some(&beta_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["outcome"]["admitted"], true, "{mine}");
    assert_eq!(mine[0]["outcome"]["rank"], 1);
    let receipt_after = app
        .get_json(&receipt_pdf, Some(&beta_token))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        receipt_before, receipt_after,
        "the receipt is the same document before and after the outcome"
    );
    let (_, page) = app
        .browser(None)
        .await
        .page(&format!("/calls/{call_id}"))
        .await;
    assert!(page.contains("Risultati"));
    assert!(page.contains("Determina n. 7: esito della fase 1."));
    assert!(page.contains("<svg"), "a chart without JavaScript");
    // Beta: 70 + 20 = 90.00; Alfa: 60 + 20 × 20/30 = 73.33.
    let beta = page.find("Beta").unwrap();
    let alfa = page.find("Alfa").unwrap();
    assert!(beta < alfa, "Beta ranks first");
    assert!(
        page.contains("90,00") && page.contains("73,33"),
        "two decimals with the Italian decimal comma"
    );
    assert!(
        page.contains("(Presidente)"),
        "the committee's composition is public"
    );
    assert!(page.contains(&minutes_url));
    let res = app.get_json(&minutes_url, None).await;
    assert_eq!(res.status(), 200, "public once the outcome is confirmed");
    let bytes = res.bytes().await.unwrap();
    let verified: Value = app
        .get_json(
            &format!("/api/v1/verify/{}", crate::helpers::sha256_hex(&bytes)),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verified["kind"], "opening_minutes");
    if let Some(text) = crate::records::pdf_text(&bytes) {
        let compact: String = text.split_whitespace().collect();
        for fact in [
            "Verbalediaperturadelleproposte",
            "Alfa",
            "Beta",
            "Presidente",
            "Nessunconflitto",
            "PCPD-",
            "Letto,confermatoesottoscritto.",
            "Luogoedata:",
        ] {
            assert!(
                compact.contains(fact),
                "the minutes state {fact:?}:\n{text}"
            );
        }
        assert!(
            compact.contains(&crate::helpers::sha256_hex(b"%PDF Alfa")),
            "with the hashes of the files"
        );
    }
    let csv = app
        .get_json(&format!("/phases/{phase}/results.csv"), None)
        .await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}Posizione;Operatore economico;Numero di ricevuta"),
        "Italian spreadsheets open it in columns: {csv}"
    );
    let english = app
        .get_json(&format!("/phases/{phase}/results.csv?lang=en"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        english.starts_with("Rank,") && english.contains("20000.00,90.00,"),
        "{english}"
    );
    assert!(
        lines[1].starts_with("1;Beta;PCPD-") && lines[1].contains("20000,00;90,00;Ammesso"),
        "{csv}"
    );
    assert_eq!(lines.len(), 3);
    for (url, kind, facts) in [
        (
            format!("/phases/{phase}/minutes/evaluation.pdf"),
            "evaluation_minutes",
            vec![
                "Verbaledivalutazione",
                "Motivata",
                "90,00",
                "73,33",
                "€20.000,00",
                "Determinan.7",
                "Graduatoria",
            ],
        ),
        (
            format!("/phases/{phase}/outcome.pdf"),
            "phase_outcome",
            vec!["Esitodellafase", "Ammesso", "Determinan.7", "Beta"],
        ),
        (
            format!("/calls/{call_id}/report.pdf"),
            "procurement_report",
            vec![
                "Relazionesull'appaltopre-commerciale(esclusodalledirettive,art.135c.2D.Lgs.36/2023)",
                "Beta",
                "Alfa",
                "Nessuncomponente",
            ],
        ),
    ] {
        let res = app.get_json(&url, None).await;
        assert_eq!(res.status(), 200, "{url}");
        let bytes = res.bytes().await.unwrap();
        let again = app.get_json(&url, None).await.bytes().await.unwrap();
        assert_eq!(bytes, again, "{url} is deterministic");
        let verified: Value = app
            .get_json(
                &format!("/api/v1/verify/{}", crate::helpers::sha256_hex(&bytes)),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(verified["kind"], kind);
        if let Some(text) = crate::records::pdf_text(&bytes) {
            let compact: String = text.split_whitespace().collect();
            for fact in facts {
                assert!(compact.contains(fact), "{url} states {fact:?}:\n{text}");
            }
        }
    }
}
