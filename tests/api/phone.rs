//! Every page each demo role reaches, in a real browser at 1280 and 390 px: nothing scrolls
//! sideways on a phone, and a screenshot of each is saved to look at
//! (`$CARGO_TARGET_TMPDIR/screenshots`).

use crate::browser::{click, open_browser, sign_in, start_driver};
use crate::demo::decide_the_demo_first_phase;
use crate::helpers::{require_all, spawn_app_with};
use crate::italian::{crawl, journeys};

const WIDTHS: [u32; 2] = [1280, 390];

/// The elements that stick out of the viewport, named by tag and class, widest first.
const OVERFLOW: &str = r#"
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= width) return [];
const out = [];
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  if (r.right > width + 1 && getComputedStyle(el).position !== "fixed") {
    let inScroller = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") { inScroller = true; break; }
    }
    if (!inScroller) out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " " + Math.round(r.right));
  }
}
return out.slice(0, 5);
"#;

/// Whether the page's main action (`#main-action`) is on screen at the top of the page and at its
/// foot; `null` for a page without one.
const MAIN_ACTION_ON_SCREEN: &str = r#"
const a = document.getElementById("main-action");
if (!a) return null;
const seen = () => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; };
const top = seen();
window.scrollTo(0, document.documentElement.scrollHeight);
const foot = seen();
window.scrollTo(0, 0);
return top && foot;
"#;

/// axe-core (`PCP_DESK_AXE`, the path of `axe.min.js` from npm; see `.ci/run`), or `None` when
/// the tier may be skipped.
fn axe_source() -> Option<String> {
    match std::env::var("PCP_DESK_AXE") {
        Ok(path) => Some(std::fs::read_to_string(&path).expect("PCP_DESK_AXE names axe.min.js")),
        Err(_) => {
            assert!(
                !require_all(),
                "PCP_DESK_REQUIRE_ALL=1 but PCP_DESK_AXE is not set"
            );
            eprintln!("SKIPPED axe checks: PCP_DESK_AXE is not set");
            None
        }
    }
}

/// Runs axe on the page and returns its violations of any impact as "rule: target" lines.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document).then(
  (r) => done(r.passes.length === 0 ? ["axe found nothing to check"] : r.violations.flatMap((v) => v.nodes.map((n) => v.id + " (" + v.impact + "): " + n.target.join(" ")))),
  (e) => done(["axe failed: " + e]),
);
"#;

fn slug(path: &str) -> String {
    let s: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    s.trim_matches('-').chars().take(80).collect()
}

/// What was found on the pages looked at: overflow at 390 px, axe's violations, main actions.
struct Inspection {
    axe: Option<String>,
    shots: std::path::PathBuf,
    failures: Vec<String>,
    violations: Vec<String>,
    taken: usize,
    main_actions: usize,
}

impl Inspection {
    /// Looks at the page the browser shows now, at each width: resizing needs no reload, so a
    /// page reached by posting a form is looked at as it is.
    async fn look(&mut self, c: &fantoccini::Client, label: &str) {
        for width in WIDTHS {
            c.set_window_size(width, 900).await.unwrap();
            if width == 390 {
                let wide = c.execute(OVERFLOW, vec![]).await.unwrap();
                if wide.as_array().is_some_and(|a| !a.is_empty()) {
                    self.failures.push(format!("{label}: {wide}"));
                }
                match c.execute(MAIN_ACTION_ON_SCREEN, vec![]).await.unwrap() {
                    serde_json::Value::Bool(true) => self.main_actions += 1,
                    serde_json::Value::Bool(false) => self
                        .failures
                        .push(format!("{label}: the main action is off screen")),
                    _ => {}
                }
            }
            if let Some(axe) = &self.axe {
                c.execute(axe, vec![]).await.unwrap();
                let found = c.execute_async(RUN_AXE, vec![]).await.unwrap();
                for v in found.as_array().into_iter().flatten() {
                    self.violations
                        .push(format!("{label} {width}px: {}", v.as_str().unwrap()));
                }
            }
            let png = c.screenshot().await.unwrap();
            std::fs::write(self.shots.join(format!("{}-{width}.png", slug(label))), png).unwrap();
            self.taken += 1;
        }
    }
}

/// Submits the form holding `button` as a browser without the script would: an irreversible act
/// then asks on a page of its own.
async fn submit_without_script(c: &fantoccini::Client, button: &str) {
    c.execute(
        "document.querySelectorAll('[data-confirm]').forEach((e) => e.removeAttribute('data-confirm'));",
        vec![],
    )
    .await
    .unwrap();
    click(c, button).await;
}

#[tokio::test]
async fn every_page_fits_a_phone_and_is_photographed() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let call = format!("/calls/{}", demo.call_id);
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let mut seen = Inspection {
        axe: axe_source(),
        shots,
        failures: Vec::new(),
        violations: Vec::new(),
        taken: 0,
        main_actions: 0,
    };
    for (n, (account, start)) in journeys(&call).into_iter().enumerate() {
        let http = match account {
            Some((email, password)) => app.browser_with(Some(email), password).await,
            None => app.browser(None).await,
        };
        let (pages, _) = crawl(&http, &start, 40, &mut Vec::new()).await;
        let c = open_browser(&driver).await;
        if let Some((email, password)) = account {
            sign_in(&c, &app.address, email, password).await;
        }
        let role = account
            .map(|(e, _)| e.split('@').next().unwrap())
            .unwrap_or("pubblico");
        for page in &pages {
            c.goto(&app.url(page)).await.unwrap();
            seen.look(&c, &format!("{n}-{role} {page}")).await;
        }
        c.close().await.unwrap();
    }

    // Pages reached by posting: a form's errors, the question before an irreversible act, an
    // invitation and its refusal.
    let c = open_browser(&driver).await;
    c.goto(&app.url("/register")).await.unwrap();
    submit_without_script(&c, "form[action='/register'] button[type=submit]").await;
    seen.look(&c, "errors /register").await;
    sign_in(
        &c,
        &app.address,
        "funzionaria@regione.demo",
        "demo-funzionaria-2026",
    )
    .await;
    c.goto(&app.url("/officer")).await.unwrap();
    let edit = c
        .find(fantoccini::Locator::Css("a[href$='/edit']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    c.goto(&app.url(&edit)).await.unwrap();
    submit_without_script(&c, "form[action$='/conclude'] button[type=submit]").await;
    seen.look(&c, "confirm conclude").await;
    c.close().await.unwrap();
    let supplier = crate::demo::demo_token(&app, "fornitore1@demo.it", "demo-fornitore-2026").await;
    let me: serde_json::Value = app
        .get_json("/api/v1/proposals", Some(&supplier))
        .await
        .json()
        .await
        .unwrap();
    let organisation = me[0]["organisation_id"].as_str().unwrap();
    let invitation: serde_json::Value = app
        .post_json(
            &format!("/api/v1/organisations/{organisation}/invitations"),
            Some(&supplier),
            &serde_json::json!({"email": "nuova@demo.it", "display_name": "Nuova Collega"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let c = open_browser(&driver).await;
    c.goto(invitation["url"].as_str().unwrap()).await.unwrap();
    seen.look(&c, "invitation").await;
    crate::browser::fill(&c, "f-password", "corto").await;
    submit_without_script(&c, "main form button[type=submit]").await;
    seen.look(&c, "errors invitation").await;
    c.close().await.unwrap();

    let Inspection {
        taken,
        main_actions,
        failures,
        mut violations,
        shots,
        ..
    } = seen;
    eprintln!("{taken} screenshots in {}", shots.display());
    assert!(taken > 40, "every journey's pages are photographed");
    assert!(
        main_actions > 0,
        "some page offers \"Presenta una proposta\" and it was checked"
    );
    assert!(
        failures.is_empty(),
        "sideways scrolling at 390 px:\n{}",
        failures.join("\n")
    );
    violations.sort();
    violations.dedup();
    assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
}
