use serde_json::Value;

use crate::helpers::{
    PASSWORD, form_pairs, location, pcp_call, publish, set_pair, sha256_hex, spawn_app, texts,
};

#[tokio::test]
async fn a_supplier_registers_submits_and_reads_the_receipt_through_the_pages() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let (call_id, phase) = publish(&app, &officer, &pcp_call("PCP-P1")).await;

    let visitor = app.browser(None).await;
    let (_, html) = visitor.page("/register").await;
    let mut pairs = form_pairs(&html, "form[action='/register']");
    for (k, v) in [
        ("legal_name", "Romagna Innovazione Soc. Coop."),
        ("vat_number", "04172635486"),
        ("address", "Corso della Repubblica 5, Forlì"),
        ("email", "pec@romagna.example"),
        ("display_name", "Luca Neri"),
        ("user_email", "luca@romagna.example"),
        ("password", "corta"),
        ("profile.city", "Forlì"),
        ("profile.postal_code", "4712"),
        ("profile.nuts", "ith58"),
        ("profile.size", "micro"),
    ] {
        set_pair(&mut pairs, k, v);
    }
    let res = visitor.post_pairs("/register", &pairs).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(texts(&html, "#f-password-error-1"), ["Almeno 10."]);
    assert!(
        html.contains("CAP"),
        "the postal code is named with what to fix"
    );
    assert!(
        html.contains("value=\"Romagna Innovazione Soc. Coop.\""),
        "typed values are kept"
    );
    assert!(
        !html.contains("value=\"corta\""),
        "passwords are never sent back"
    );
    let mut pairs = form_pairs(&html, "form[action='/register']");
    set_pair(&mut pairs, "password", PASSWORD);
    set_pair(&mut pairs, "profile.postal_code", "47121");
    let res = visitor.post_pairs("/register", &pairs).await;
    assert_eq!(res.status(), 303);
    let organisations: serde_json::Value = app
        .get_json("/api/v1/organisations", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let registered = organisations
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["vat_number"] == "04172635486")
        .unwrap();
    assert_eq!(
        registered["profile"],
        serde_json::json!({"city": "Forlì", "postal_code": "47121", "nuts": "ITH58", "size": "micro"})
    );

    let browser = app.browser(Some("luca@romagna.example")).await;
    let (_, home) = browser.page("/supplier").await;
    assert!(home.contains("Romagna Innovazione Soc. Coop."));
    assert!(
        home.contains(&format!("/supplier/phases/{phase}/submit")),
        "the open phase is offered"
    );
    let (_, call_page) = browser.page(&format!("/calls/{call_id}")).await;
    assert!(call_page.contains(&format!("/supplier/phases/{phase}/submit")));

    let (status, form_page) = browser
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    assert_eq!(status, 200);
    assert!(form_page.contains("PDF, P7M, ZIP"));
    assert!(form_page.contains("25 MiB"));
    let csrf = crate::helpers::csrf_in(&form_page).unwrap();
    let submit_url = app.url(&format!("/supplier/phases/{phase}/submit"));
    assert!(
        form_page.contains(&format!("action=\"/supplier/phases/{phase}/submit\"")),
        "the token is a field, never in the address"
    );

    let incomplete = crate::helpers::page_form(&csrf)
        .part(
            "technical",
            reqwest::multipart::Part::bytes(b"PK tech".to_vec()).file_name("tecnica.docx"),
        )
        .part(
            "administrative",
            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
        )
        .text("price", "");
    let res = browser
        .client
        .post(&submit_url)
        .multipart(incomplete)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("La proposta NON è stata presentata"));
    assert_eq!(
        texts(&html, "#envelope-administrative-error"),
        ["Campo obbligatorio."]
    );
    assert_eq!(texts(&html, "#price-error"), ["Campo obbligatorio."]);
    // Every problem is listed at the top, each linked to its field.
    let doc = scraper::Html::parse_document(&html);
    let mut links: Vec<String> = doc
        .select(&scraper::Selector::parse("#form-errors a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    links.sort();
    assert_eq!(links, ["#file-administrative", "#file-technical", "#price"]);
    // The refused file is named too, in the same answer as the missing ones.
    assert_eq!(
        texts(&html, "#envelope-technical-error"),
        ["Tipo di file non accettato. Sono accettati: PDF, P7M, ZIP."]
    );
    assert_eq!(
        crate::helpers::attrs(&html, "#file-technical", "accept"),
        [".pdf,.p7m,.zip"],
        "the file chooser offers the phase's types"
    );
    assert_eq!(
        crate::helpers::attrs(&html, "#price", "aria-describedby"),
        ["price-error"]
    );

    let technical = b"%PDF-1.7 soluzione ".repeat(10_000);
    let complete = crate::helpers::page_form(&csrf)
        .part(
            "administrative",
            reqwest::multipart::Part::bytes(b"%PDF dgue".to_vec()).file_name("dgue.pdf"),
        )
        .part(
            "technical",
            reqwest::multipart::Part::bytes(technical.clone()).file_name("tecnica.pdf"),
        )
        .text("price", "350.000,00");
    let res = browser
        .client
        .post(&submit_url)
        .multipart(complete)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, receipt) = browser.page(&location(&res)).await;
    assert!(receipt.contains("Proposta presentata. Conserva questa ricevuta."));
    assert!(receipt.contains(&sha256_hex(&technical)));
    assert!(receipt.contains("€ 350.000,00"));
    // Replacing it, the files already sent can be kept, ticked by default.
    let (_, again) = browser
        .page(&format!("/supplier/phases/{phase}/submit"))
        .await;
    let kept = form_pairs(&again, "form[enctype='multipart/form-data']");
    assert_eq!(
        kept.iter().filter(|(name, _)| name == "keep").count(),
        2,
        "the DGUE and the technical file: {kept:?}"
    );
    let number = texts(&receipt, "#receipt-number").pop().unwrap();
    assert!(number.starts_with("PCPD-"));

    let mine: Value = app
        .get_json(
            "/api/v1/proposals",
            Some(&app.token("luca@romagna.example").await),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["receipt_number"], number.as_str());
    let withdraw_form = form_pairs(&receipt, "form[action$='/withdraw']");
    let withdraw = format!(
        "/supplier/proposals/{}/withdraw",
        mine[0]["proposal_id"].as_str().unwrap()
    );
    let res = browser.post_pairs(&withdraw, &withdraw_form).await;
    assert_eq!(res.status(), 200, "asks first");
    let question = res.text().await.unwrap();
    assert!(question.contains("La proposta è ritirata e non sarà valutata"));
    assert!(question.contains("Torna indietro"));
    let res = browser
        .post_pairs(&withdraw, &form_pairs(&question, "form.confirm-form"))
        .await;
    assert_eq!(res.status(), 303);
    let (_, receipt) = browser.page(&location(&res)).await;
    assert!(receipt.contains("Ritirata"));
    assert!(
        receipt.contains("Proposta ritirata. La ricevuta del ritiro è qui sotto e in PDF."),
        "the page says what was done"
    );
    // The withdrawal receipt says when, to the second, in the page and in its PDF.
    let closed = texts(&receipt, "#closed-at");
    assert!(
        closed.len() == 1 && closed[0].starts_with("Ritirata il ") && closed[0].ends_with(")"),
        "{closed:?}"
    );
    let pdf = browser
        .get(&format!(
            "{}/receipt.pdf",
            location(&res).split('?').next().unwrap()
        ))
        .await;
    assert_eq!(pdf.status(), 200);
    if let Some(text) = crate::records::pdf_text(&pdf.bytes().await.unwrap()) {
        assert!(text.contains("Ritirata il"), "{text}");
    }
}

#[tokio::test]
async fn a_registration_with_a_bad_seat_or_size_names_the_field_and_stores_nothing() {
    let app = spawn_app().await;
    let body = |profile: serde_json::Value| {
        serde_json::json!({
            "organisation": {"legal_name": "Forschung GmbH", "vat_number": "DE123456789", "country": "DE",
                "address": "Marienplatz 1, München", "email": "info@forschung.example", "profile": profile},
            "user": {"email": "anna@forschung.example", "password": PASSWORD, "display_name": "Anna"}
        })
    };
    let bad = serde_json::json!({"city": "München", "postal_code": "80331", "nuts": "ITH55", "size": "huge"});
    let res = app
        .post_json("/api/v1/organisations", None, &body(bad))
        .await;
    assert_eq!(res.status(), 422);
    let errors = res.text().await.unwrap();
    for field in ["\"profile.nuts\"", "\"profile.size\""] {
        assert!(errors.contains(field), "{field}: {errors}");
    }
    let good = serde_json::json!({"city": "München", "postal_code": "80331", "nuts": "DE212", "size": "large"});
    let res = app
        .post_json("/api/v1/organisations", None, &body(good))
        .await;
    assert_eq!(res.status(), 201, "nothing was kept of the refused attempt");
}
