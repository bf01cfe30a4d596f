//! What `static/app.js` adds in a real browser: a countdown that ticks by the server's clock, the
//! sum of the weights as they are typed, and a proposal sent with a progress bar that ends on its
//! receipt (or on the page naming what to fix), as without the script.

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{click, fill, main_text, open_browser, sign_in, start_driver};
use crate::helpers::{
    PASSWORD, TestClock, pcp_call, pcp_call_closing_in, publish, register_supplier,
    spawn_app_with_clock,
};

/// Waits, in the page, until the element's text changes; returns the new text.
const NEXT_TEXT: &str = r#"
const [selector, done] = [arguments[0], arguments[arguments.length - 1]];
const el = document.querySelector(selector);
const before = el.textContent;
new MutationObserver((_, observer) => {
  if (el.textContent !== before) { observer.disconnect(); done([before, el.textContent]); }
}).observe(el, { childList: true, characterData: true, subtree: true });
"#;

async fn send(c: &fantoccini::Client) {
    click(c, "form[data-upload-progress] button[type=submit]").await;
}

#[tokio::test]
async fn the_countdown_ticks_the_weights_add_up_and_a_proposal_is_sent_with_progress() {
    let Some(driver) = start_driver() else { return };
    let clock = TestClock::default();
    let app = spawn_app_with_clock(&clock).await;
    let accounts = app.seed_accounts().await;
    let officer = app.token(&accounts.officer).await;
    publish(&app, &officer, &pcp_call_closing_in("PCP-LIVE", 2)).await;
    let draft = app.create_call(&officer, &pcp_call("PCP-LIVE-DRAFT")).await;
    let (_, supplier) = register_supplier(&app, "Delta", "02987654320").await;
    // By the server's clock the deadline is half an hour away: every second counts.
    clock.advance(chrono::Duration::minutes(90));

    let c = open_browser(&driver).await;
    sign_in(&c, &app.address, &supplier, PASSWORD).await;
    c.goto(&app.url("/supplier")).await.unwrap();
    let ticked = c
        .execute_async(NEXT_TEXT, vec![json!(".countdown [data-left]")])
        .await
        .unwrap();
    let (before, after) = (ticked[0].as_str().unwrap(), ticked[1].as_str().unwrap());
    assert!(
        before != after
            && after.starts_with("0 giorni, 0 ore, 29 minuti")
            && after.ends_with(" secondi"),
        "{before:?} → {after:?}"
    );

    // A proposal without its price: the answer names what to fix, as without the script.
    let files = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let dgue = file("dgue.pdf", b"%PDF-1.7 dichiarazioni");
    let technical = file("tecnica.pdf", &b"%PDF-1.7 soluzione ".repeat(50_000));
    click(&c, "a.button[href$='/submit']").await;
    c.wait()
        .for_element(Locator::Id("file-administrative"))
        .await
        .unwrap()
        .send_keys(&dgue)
        .await
        .unwrap();
    c.find(Locator::Id("file-technical"))
        .await
        .unwrap()
        .send_keys(&technical)
        .await
        .unwrap();
    // The same window stays: the script sent the form and showed the answer in place.
    c.execute("window.sentByScript = true;", vec![])
        .await
        .unwrap();
    send(&c).await;
    let summary = c
        .wait()
        .for_element(Locator::Css("#form-errors"))
        .await
        .unwrap();
    assert!(
        summary.text().await.unwrap().contains("Prezzo"),
        "the price is named"
    );
    assert_eq!(
        c.execute(
            "return [...document.querySelectorAll('input[name=keep]:checked')].map((k) => k.parentElement.textContent.trim().split(' ')[0]);",
            vec![]
        )
        .await
        .unwrap(),
        json!(["dgue.pdf", "tecnica.pdf"]),
        "the files sent are held by the server, ticked: only the price is missing"
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("live");
    std::fs::create_dir_all(&shots).unwrap();
    for width in [1280, 390] {
        c.set_window_size(width, 900).await.unwrap();
        c.execute(
            "document.querySelector('label.held').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        let wide: bool = serde_json::from_value(
            c.execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            )
            .await
            .unwrap(),
        )
        .unwrap();
        assert!(!wide, "the held files fit {width} px");
        let png = c.screenshot().await.unwrap();
        std::fs::write(shots.join(format!("refused-held-{width}.png")), png).unwrap();
    }
    let ticked = c
        .execute_async(NEXT_TEXT, vec![json!(".countdown [data-left]")])
        .await
        .unwrap();
    assert!(
        ticked[1].as_str().unwrap().ends_with(" secondi"),
        "the refused page's countdown ticks too: {ticked}"
    );
    fill(&c, "price", "120.000,00").await;
    send(&c).await;
    let receipt = c
        .wait()
        .for_element(Locator::Id("receipt-number"))
        .await
        .unwrap();
    let page = main_text(&c).await;
    assert!(
        page.contains("dgue.pdf") && page.contains("tecnica.pdf"),
        "the held files are the receipt's: {page}"
    );
    drop(receipt);
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/supplier/proposals/"),
        "the address is the receipt's, as after a plain form post"
    );
    c.close().await.unwrap();

    // The officer sees the weights' sum follow what is typed.
    let c = open_browser(&driver).await;
    sign_in(&c, &app.address, &accounts.officer, PASSWORD).await;
    c.goto(&app.url(&format!("/officer/calls/{draft}/edit")))
        .await
        .unwrap();
    let sum = "#phase-1 [data-weight-sum]";
    let total = c
        .find(Locator::Css(sum))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(total, "100");
    let weight = c
        .find(Locator::Css("input[name='phases.0.criteria.0.weight']"))
        .await
        .unwrap();
    let old: i64 = weight
        .prop("value")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    weight.clear().await.unwrap();
    weight.send_keys(&(old + 5).to_string()).await.unwrap();
    let total = c
        .find(Locator::Css(sum))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(total, "105", "updated as typed, before any save");
    c.close().await.unwrap();
}
