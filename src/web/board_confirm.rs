//! The board buttons that cannot be undone ask first, and only when the act would be allowed.

use actix_web::HttpResponse;

use super::AppState;
use super::ctx::Ctx;
use super::evaluator::{Pairs, area};
use super::field;
use crate::domain::access::Role;
use crate::domain::evaluation_steps::{may_decide, may_open, may_score};
use crate::error::AppError;
use crate::service::evaluation;

/// The board buttons that cannot be undone.
#[derive(Clone, Copy)]
pub(super) enum Irreversible {
    Open,
    SubmitScores,
    Decide,
}

impl Irreversible {
    /// Whether the board would let `actor` do it now; only then is the question worth asking.
    fn allowed(self, board: &evaluation::Board, is_officer: bool) -> bool {
        let seat = board.me.as_ref().map(evaluation::seat);
        let p = &board.progress;
        match self {
            Irreversible::Open => may_open(p, is_officer || seat.is_some_and(|s| s.chair)).is_ok(),
            Irreversible::SubmitScores => seat.is_some_and(|s| may_score(p, &s).is_ok()),
            Irreversible::Decide => may_decide(p, is_officer).is_ok(),
        }
    }

    fn ask(self, phase: &str) -> (String, &'static str, &'static str) {
        match self {
            Irreversible::Open => (
                format!("/phases/{phase}/open"),
                "board.open",
                "confirm.open",
            ),
            Irreversible::SubmitScores => (
                format!("/evaluator/phases/{phase}/submit"),
                "board.submit",
                "confirm.submit_scores",
            ),
            Irreversible::Decide => (
                format!("/officer/phases/{phase}/decision"),
                "decision.confirm",
                "confirm.decide",
            ),
        }
    }
}

/// An irreversible board button asks first (see `confirm`) when the act would be allowed;
/// `None` once confirmed, or when the act itself is to answer (refusal, wrong token).
pub(super) async fn ask_first(
    ctx: &Ctx,
    state: &AppState,
    form: &Pairs,
    phase: &str,
    act: Irreversible,
) -> Result<Option<HttpResponse>, AppError> {
    if super::confirm::is_confirmed(form) || ctx.check_csrf(field(form, "csrf")).is_err() {
        return Ok(None);
    }
    let Ok(actor) = ctx.signed_in().cloned() else {
        return Ok(None);
    };
    let is_officer = actor.role == Role::Officer;
    let (id, now) = (phase.to_string(), state.now());
    let board = state
        .db(move |conn| evaluation::board(conn, &actor, &id, now))
        .await?;
    if !act.allowed(&board, is_officer) {
        return Ok(None);
    }
    let (action, act, consequence) = act.ask(phase);
    Ok(Some(super::confirm::page(
        ctx,
        &action,
        form,
        super::confirm::Ask {
            act,
            consequence,
            back: format!("{}/phases/{phase}", area(ctx)),
        },
    )))
}
