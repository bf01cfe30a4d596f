//! Every page each demo role reaches, in a real browser at 1280 and 390 px: nothing scrolls
//! sideways on a phone, and a screenshot of each is saved to look at
//! (`$CARGO_TARGET_TMPDIR/screenshots`).

use crate::browser::{open_browser, sign_in, start_driver};
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

#[tokio::test]
async fn every_page_fits_a_phone_and_is_photographed() {
    let Some(driver) = start_driver() else { return };
    let app = spawn_app_with(|s| s.login_burst = 100).await;
    let demo = decide_the_demo_first_phase(&app).await;
    let call = format!("/calls/{}", demo.call_id);
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let axe = axe_source();
    let mut failures = Vec::new();
    let mut violations = Vec::new();
    let mut taken = 0;
    let mut main_actions = 0;
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
            for width in WIDTHS {
                c.set_window_size(width, 900).await.unwrap();
                c.goto(&app.url(page)).await.unwrap();
                let wide = c.execute(OVERFLOW, vec![]).await.unwrap();
                if width == 390 && wide.as_array().is_some_and(|a| !a.is_empty()) {
                    failures.push(format!("{role} {page}: {wide}"));
                }
                if width == 390 {
                    match c.execute(MAIN_ACTION_ON_SCREEN, vec![]).await.unwrap() {
                        serde_json::Value::Bool(true) => main_actions += 1,
                        serde_json::Value::Bool(false) => {
                            failures.push(format!("{role} {page}: the main action is off screen"))
                        }
                        _ => {}
                    }
                }
                if let Some(axe) = &axe {
                    c.execute(axe, vec![]).await.unwrap();
                    let found = c.execute_async(RUN_AXE, vec![]).await.unwrap();
                    for v in found.as_array().into_iter().flatten() {
                        violations
                            .push(format!("{role} {page} {width}px: {}", v.as_str().unwrap()));
                    }
                }
                let png = c.screenshot().await.unwrap();
                let name = format!("{n}-{role}-{}-{width}.png", slug(page));
                std::fs::write(shots.join(name), png).unwrap();
                taken += 1;
            }
        }
        c.close().await.unwrap();
    }
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
