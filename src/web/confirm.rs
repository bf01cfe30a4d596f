//! Irreversible acts ask first. With JavaScript a dialog asks (`static/app.js`, from the button's
//! `data-confirm`); without it, the server answers the first post with a page that says what will
//! happen and posts the same fields again with `confirmed=yes`.

use actix_web::HttpResponse;

use super::ctx::Ctx;
use super::present;
use crate::views::{self, ConfirmPage};

/// What the confirmation says.
pub struct Ask<'a> {
    /// The act as its button names it (an i18n key): the page's heading and its confirm button.
    pub act: &'a str,
    /// What will happen, in words (an i18n key).
    pub consequence: &'a str,
    /// Where "Annulla" goes back to.
    pub back: String,
}

pub fn is_confirmed(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "confirmed" && v == "yes")
}

/// The page that asks before a post to `action` of `pairs` is carried out.
pub fn page(ctx: &Ctx, action: &str, pairs: &[(String, String)], ask: Ask<'_>) -> HttpResponse {
    let t = ctx.tr();
    views::page(&ConfirmPage {
        layout: present::layout(ctx, t.s(ask.act)),
        act: t.s(ask.act),
        consequence: t.s(ask.consequence),
        action: action.to_string(),
        // The token comes from this page; the confirmation is this page's own answer.
        pairs: pairs
            .iter()
            .filter(|(k, _)| k != "csrf" && k != "confirmed")
            .cloned()
            .collect(),
        back: ask.back,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_an_explicit_yes_confirms() {
        let pairs = |v: &str| vec![("confirmed".to_string(), v.to_string())];
        assert!(super::is_confirmed(&pairs("yes")));
        assert!(!super::is_confirmed(&pairs("")));
        assert!(!super::is_confirmed(&[]));
    }
}
