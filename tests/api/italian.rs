//! Correct Italian: every page each role can reach in the demo (its first phase decided), and
//! every PDF those pages link, shows no catalogue key and no English sentence.

use std::collections::{BTreeSet, VecDeque};

use crate::demo::decide_the_demo_first_phase;
use crate::helpers::{Browser, require_all, spawn_app_with};

/// Words that only an English sentence has.
const ENGLISH_WORDS: [&str; 12] = [
    "the", "and", "must", "already", "not", "yet", "your", "is", "are", "with", "first", "of",
];

/// Visible text of a page: the body without scripts, styles and the language switch (which
/// names English in English on purpose).
fn visible_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let hidden = scraper::Selector::parse("script, style, [lang=en]").unwrap();
    let skip: BTreeSet<_> = doc.select(&hidden).map(|e| e.id()).collect();
    let body = scraper::Selector::parse("body").unwrap();
    let Some(body) = doc.select(&body).next() else {
        return String::new();
    };
    let mut out = String::new();
    for node in body.descendants() {
        if node.ancestors().any(|a| skip.contains(&a.id())) {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            out.push_str(text);
            out.push(' ');
        }
    }
    out
}

/// What is wrong with a text an Italian reader gets: catalogue keys, English catalogue texts,
/// English words.
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: BTreeSet<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '«' | '»'))
        .map(|w| w.trim_end_matches(['.', '?', '!']))
        .collect();
    for (key, it, en) in pcp_desk::i18n::entries() {
        if words.contains(key) {
            found.push(format!("catalogue key {key:?}"));
        }
        if en != it && en.len() >= 12 && text.contains(en) {
            found.push(format!("English text {en:?}"));
        }
    }
    for word in ENGLISH_WORDS {
        if words.contains(word) {
            found.push(format!("English word {word:?}"));
        }
    }
    found
}

fn followed(href: &str) -> bool {
    href.starts_with('/')
        && ![
            "/api", "/ocds", "/eforms", "/lang", "/static", "/logout", "/verify/",
        ]
        .iter()
        .any(|p| href.starts_with(p))
        && !href.ends_with(".csv")
        && !href.contains("/files/")
        && !href.contains("/documents/")
}

/// Visits every page reachable from `start` (at most `limit`), checking each; returns the pages
/// that answered 200 and the PDFs they link.
pub async fn crawl(
    browser: &Browser,
    start: &[String],
    limit: usize,
    failures: &mut Vec<String>,
) -> (Vec<String>, BTreeSet<String>) {
    let mut seen: BTreeSet<String> = start.iter().cloned().collect();
    let mut queue: VecDeque<String> = seen.iter().cloned().collect();
    let mut pdfs = BTreeSet::new();
    let link = scraper::Selector::parse("a[href]").unwrap();
    let mut visited = 0;
    let mut pages = Vec::new();
    while let Some(path) = queue.pop_front() {
        if visited == limit {
            break;
        }
        visited += 1;
        let (status, html) = browser.page(&path).await;
        if status != 200 {
            continue;
        }
        pages.push(path.clone());
        for p in problems(&visible_text(&html)) {
            failures.push(format!("{path}: {p}"));
        }
        let doc = scraper::Html::parse_document(&html);
        for a in doc.select(&link) {
            let href = a.value().attr("href").unwrap().split('#').next().unwrap();
            if href.ends_with(".pdf") {
                pdfs.insert(href.to_string());
            } else if followed(href) && seen.insert(href.to_string()) {
                queue.push_back(href.to_string());
            }
        }
    }
    assert!(
        visited > start.len(),
        "the crawl follows links from {start:?}"
    );
    eprintln!("checked {visited} pages from {start:?}");
    (pages, pdfs)
}

/// A demo account's e-mail and password.
type SignIn<'a> = (&'a str, &'a str);

#[tokio::test]
async fn no_italian_page_or_document_shows_a_catalogue_key_or_english() {
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let call = format!("/calls/{}", demo.call_id);
    let mut failures = Vec::new();
    let mut pdfs = BTreeSet::new();
    for (account, start) in journeys(&call) {
        let browser = match account {
            Some((email, password)) => app.browser_with(Some(email), password).await,
            None => app.browser(None).await,
        };
        pdfs.extend(crawl(&browser, &start, 80, &mut failures).await.1);
        for pdf in &pdfs {
            let res = browser.get(pdf).await;
            if res.status() != 200 {
                continue;
            }
            let Some(text) = crate::records::pdf_text(&res.bytes().await.unwrap()) else {
                assert!(
                    !require_all(),
                    "PCP_DESK_REQUIRE_ALL=1 but pdftotext is missing"
                );
                break;
            };
            for p in problems(&text) {
                failures.push(format!("{pdf}: {p}"));
            }
        }
    }
    assert!(!pdfs.is_empty(), "the pages link their documents");
    eprintln!("checked {} PDF documents", pdfs.len());
    failures.sort();
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Where each demo role starts: anonymous, the officer, a supplier, the chair.
pub fn journeys(call: &str) -> [(Option<SignIn<'static>>, Vec<String>); 4] {
    [
        (
            None,
            vec![
                "/calls".into(),
                call.to_string(),
                "/register".into(),
                "/login".into(),
            ],
        ),
        (
            Some(("funzionaria@regione.demo", "demo-funzionaria-2026")),
            vec!["/officer".into(), "/officer/calls/new".into()],
        ),
        (
            Some(("fornitore1@demo.it", "demo-fornitore-2026")),
            vec!["/supplier".into()],
        ),
        (
            Some(("valutatore1@regione.demo", "demo-valutatore-2026")),
            vec!["/evaluator".into()],
        ),
    ]
}

#[test]
fn the_check_finds_keys_english_texts_and_words() {
    assert!(problems("Scadenza: Scaduta").is_empty());
    assert_eq!(problems("call.closed").len(), 1);
    assert_eq!(
        problems("Errore: the proposals are already open").len(),
        3,
        "the, already, are"
    );
    assert!(!problems("Changes not saved yet.").is_empty());
}
