use crate::helpers::{form_pairs, location, set_pair, spawn_app, texts};

/// Local Rome time `days` from now, as a `datetime-local` field holds it.
fn local_in(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .with_timezone(&chrono_tz::Europe::Rome)
        .format("%Y-%m-%dT12:00")
        .to_string()
}

#[tokio::test]
async fn an_officer_creates_fixes_and_publishes_a_call_through_the_forms() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let browser = app.browser(Some("officer@test.it")).await;

    let (status, html) = browser.page("/officer/calls/new").await;
    assert_eq!(status, 200);
    let mut pairs = form_pairs(&html, "form[action='/officer/calls']");
    for (name, value) in [
        ("procedure", "pcp"),
        ("reference", "PCP-WEB-1"),
        ("title", "Robotica per la logistica ospedaliera"),
        ("summary", "Soluzioni di robotica collaborativa"),
        ("cpv_codes", "73000000-2, 73110000-6"),
        ("budget", "3.800.000,00"),
        ("contact", "pcp@regione.example.it"),
    ] {
        set_pair(&mut pairs, name, value);
    }
    let res = browser.post_pairs("/officer/calls", &pairs).await;
    assert_eq!(res.status(), 303);
    let edit = location(&res);
    let id = edit.split('/').nth(3).unwrap().to_string();

    let (_, html) = browser.page(&edit).await;
    assert!(html.contains("Bozza salvata."));
    assert!(
        html.contains("value=\"3.800.000,00\""),
        "the amount is shown the way it was typed"
    );
    let mut pairs = form_pairs(&html, "form.call-form");
    set_pair(&mut pairs, "phases.0.deadline", "2020-01-10T12:00");
    // The hour that does not exist in Rome when the clocks go forward, typed the Italian way.
    set_pair(&mut pairs, "phases.1.deadline", "28/03/2027 02:30");
    set_pair(&mut pairs, "phases.2.deadline", &local_in(330));
    set_pair(&mut pairs, "summary", "");
    for (i, budget) in ["380.000", "1.520.000", "1.900.000"].iter().enumerate() {
        set_pair(&mut pairs, &format!("phases.{i}.budget"), budget);
    }
    set_pair(&mut pairs, "action", "publish");
    let res = browser
        .post_pairs(&format!("/officer/calls/{id}"), &pairs)
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-phases-0-deadline-error-1"),
        ["La scadenza è già passata: indica una data futura."]
    );
    assert_eq!(
        texts(&html, "#f-phases-0-deadline[aria-invalid='true']").len(),
        1,
        "the field is marked invalid"
    );
    // Every error at once, each linked to its field, the list first.
    let doc = scraper::Html::parse_document(&html);
    let links: Vec<String> = doc
        .select(&scraper::Selector::parse("#error-summary a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for field in ["#f-summary", "#f-phases-0-deadline", "#f-phases-1-deadline"] {
        assert_eq!(
            links.iter().filter(|l| *l == field).count(),
            1,
            "{field} once in {links:?}"
        );
    }
    assert!(
        texts(&html, "#error-summary li")
            .iter()
            .any(|t| t.starts_with("Fase 2 · Scadenza") && t.contains("02:30"))
    );
    let (_, public) = browser.page(&format!("/calls/{id}")).await;
    assert!(public.contains("Bozza"), "still a draft");

    // Leaving and coming back loses nothing: what was typed is kept with the draft.
    let (_, html) = browser.page(&edit).await;
    assert!(html.contains("Quanto hai scritto è conservato con la bozza"));
    assert!(html.contains("value=\"2020-01-10T12:00\""));
    assert!(html.contains("value=\"28/03/2027 02:30\""));
    assert!(html.contains("value=\"1.520.000\""));
    assert_eq!(texts(&html, "#error-summary li").len(), links.len());

    let mut pairs = form_pairs(&html, "form.call-form");
    set_pair(&mut pairs, "phases.0.deadline", &local_in(30));
    set_pair(&mut pairs, "phases.1.deadline", &local_in(150));
    set_pair(&mut pairs, "summary", "Soluzioni di robotica collaborativa");
    set_pair(&mut pairs, "action", "publish");
    let res = browser
        .post_pairs(&format!("/officer/calls/{id}"), &pairs)
        .await;
    // Publication cannot be undone: it asks first, and has saved the draft meanwhile.
    assert_eq!(res.status(), 200);
    let question = res.text().await.unwrap();
    assert!(question.contains("Il bando diventa pubblico subito"));
    let (_, draft) = browser.page(&edit).await;
    assert!(draft.contains("Soluzioni di robotica collaborativa"));
    assert!(!draft.contains("error-summary"));
    let (_, public) = browser.page(&format!("/calls/{id}")).await;
    assert!(public.contains("Bozza"), "not published before the answer");
    let res = browser
        .post_pairs(
            &format!("/officer/calls/{id}"),
            &form_pairs(&question, "form.confirm-form"),
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/calls/{id}?done=published"));
    let (_, published) = browser.page(&location(&res)).await;
    assert!(published.contains("Bando pubblicato: è visibile a tutti e aperto alle proposte."));

    let anonymous = app.browser(None).await;
    let (_, list) = anonymous.page("/calls").await;
    assert!(list.contains("Robotica per la logistica ospedaliera"));
    let stage = texts(&list, ".stage strong");
    assert!(
        stage.len() == 1 && stage[0].starts_with("Fase 1 · proposte aperte fino al "),
        "the next deadline is on the list: {stage:?}"
    );
    let (_, page) = anonymous.page(&format!("/calls/{id}")).await;
    assert!(page.contains("€ 3.800.000,00"));
    let main_action = crate::helpers::attrs(&page, "#main-action a", "href");
    assert!(
        main_action.len() == 1
            && main_action[0].starts_with("/login?next=%2Fsupplier%2Fphases%2F")
            && main_action[0].ends_with("%2Fsubmit"),
        "a visitor is offered to sign in and submit: {main_action:?}"
    );
    assert!(page.contains("Tempo rimanente"), "countdown as plain text");
    assert!(page.contains("12:00 (CET)") || page.contains("12:00 (CEST)"));
    assert!(page.contains("73110000-6"));
}

#[tokio::test]
async fn form_buttons_add_and_remove_criteria_without_losing_what_was_typed() {
    let app = spawn_app().await;
    app.seed_accounts().await;
    let browser = app.browser(Some("officer@test.it")).await;
    let html = browser.page("/officer/calls/new").await.1;
    let mut pairs = form_pairs(&html, "form[action='/officer/calls']");
    set_pair(&mut pairs, "procedure", "competitive_dialogue");
    set_pair(&mut pairs, "reference", "DC-WEB");
    set_pair(&mut pairs, "title", "Dialogo");
    let res = browser.post_pairs("/officer/calls", &pairs).await;
    let edit = location(&res);
    let id = edit.split('/').nth(3).unwrap().to_string();
    let html = browser.page(&edit).await.1;

    let mut pairs = form_pairs(&html, "form.call-form");
    set_pair(&mut pairs, "title", "Titolo cambiato ma non salvato");
    set_pair(&mut pairs, "action", "add_criterion:4");
    let res = browser
        .post_pairs(&format!("/officer/calls/{id}"), &pairs)
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Modifiche non ancora salvate."));
    assert!(html.contains("value=\"Titolo cambiato ma non salvato\""));
    assert!(
        html.contains("name=\"phases.4.criteria.2.name\""),
        "a third award criterion"
    );

    let mut pairs = form_pairs(&html, "form.call-form");
    set_pair(&mut pairs, "action", "add_stage:2");
    let html = browser
        .post_pairs(&format!("/officer/calls/{id}"), &pairs)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Dialogo – fase 2"));
    let mut pairs = form_pairs(&html, "form.call-form");
    set_pair(&mut pairs, "action", "save");
    let res = browser
        .post_pairs(&format!("/officer/calls/{id}"), &pairs)
        .await;
    assert_eq!(res.status(), 422, "the new criterion has no name yet");
    let html = res.text().await.unwrap();
    assert_eq!(
        texts(&html, "#f-phases-5-criteria-2-name-error-1"),
        ["Campo obbligatorio."]
    );
}

#[tokio::test]
async fn pages_are_italian_by_default_and_english_on_request() {
    let app = spawn_app().await;
    let browser = app.browser(None).await;
    let (_, html) = browser.page("/calls").await;
    assert!(html.contains("<html lang=\"it\">"));
    assert!(html.contains("Bandi pubblicati"));
    let (_, html) = browser.page("/calls?lang=en").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Published calls"));

    let res = browser.get("/lang/en?next=/calls").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/calls");
    let (_, html) = browser.page("/calls").await;
    assert!(html.contains("Published calls"), "the switch is remembered");
    let res = browser.get("/lang/it?next=//evil.example").await;
    assert_eq!(location(&res), "/calls", "never redirects off the site");
}

#[tokio::test]
async fn a_page_that_needs_sign_in_answers_401_with_the_sign_in_form() {
    let app = spawn_app().await;
    let browser = app.browser(None).await;
    let (status, html) = browser.page("/officer/calls/new").await;
    assert_eq!(status, 401);
    assert!(html.contains("Accedi per continuare."));
    assert!(html.contains("name=\"next\" value=\"/officer/calls/new\""));
    let (status, html) = browser.page("/calls/does-not-exist").await;
    assert_eq!(status, 404);
    assert!(html.contains("non esiste"));
}

#[tokio::test]
async fn the_calls_list_searches_names_a_bad_filter_and_says_when_a_page_is_past_the_end() {
    use crate::helpers::{pcp_call, publish};
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    let mut robots = pcp_call("PCP-ROBOT");
    robots["title"] = serde_json::json!("Robotica per la logistica ospedaliera");
    publish(&app, &officer, &robots).await;
    publish(&app, &officer, &pcp_call("PCP-TELE")).await;
    let visitor = app.browser(None).await;

    let (_, html) = visitor.page("/calls?q=ROBOTICA%20logistica").await;
    assert_eq!(
        texts(&html, ".card-title"),
        ["Robotica per la logistica ospedaliera"]
    );

    // A CPV of "abc" is named next to its field and left out, not a silent empty list.
    let (status, html) = visitor.page("/calls?cpv=abc").await;
    assert_eq!(status, 200);
    assert_eq!(
        texts(&html, "#cpv-error"),
        ["Indica un codice CPV (per esempio 73110000-6) o le sue prime cifre (per esempio 73)."]
    );
    assert!(html.contains("value=\"abc\""), "shown as typed");
    assert_eq!(texts(&html, ".card-title").len(), 2);
    let res = app.get_json("/api/v1/calls?cpv=abc&q=x", None).await;
    assert_eq!(res.status(), 422, "the API refuses what the page names");

    let (_, html) = visitor.page("/calls?page=7&q=robotica").await;
    assert!(
        texts(&html, ".alert")
            .iter()
            .any(|t| t.contains("Questa pagina non esiste"))
    );
    let doc = scraper::Html::parse_document(&html);
    let last = doc
        .select(&scraper::Selector::parse(".alert a").unwrap())
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(last, "/calls?page=1&q=robotica");
}
