//! Evaluation pages: the evaluator's committees and a phase's board (committee, declaration,
//! opening, proposals, submission, consensus, decision). The scoring form is in `scoring`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};

use super::AppState;
use super::board_confirm::{Irreversible, ask_first};
use super::board_messages::messages;
use super::ctx::Ctx;
use super::done::Done;
use super::present::{self};
use super::scoring::read_points;
use super::{field, see_other};
use crate::db;
use crate::domain::access::{Actor, Role};
use crate::domain::evaluation::consensus_is_mean;
use crate::domain::evaluation_steps::{
    Progress, Refusal, Seat, may_appoint, may_open, may_record_consensus, may_replace, may_score,
};
use crate::error::AppError;
use crate::i18n;
use crate::service::evaluation::{self, ConsensusInput};
use crate::views::evaluation::{
    BoardPage, BoardRow, ConsensusCell, FileLink, MemberCell, PreviewRow,
};
use crate::views::{self};

async fn board_page(
    ctx: &Ctx,
    state: &AppState,
    phase_id: &str,
    errors: Vec<String>,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = phase_id.to_string();
    let is_officer = actor.role == Role::Officer;
    let now = state.now();
    let (board, evaluators) = state
        .db(move |conn| {
            let board = evaluation::board(conn, &actor, &id, now)?;
            let evaluators = if is_officer {
                db::accounts::users_with_role(conn, Role::Evaluator.as_str())?
            } else {
                Vec::new()
            };
            Ok((board, evaluators))
        })
        .await?;
    let t = ctx.tr();
    let me = board.me.clone();
    let seat = me.as_ref().map(evaluation::seat);
    let is_chair = seat.is_some_and(|s| s.chair);
    let submitted = seat.is_some_and(|s| s.submitted);
    let progress = &board.progress;
    let may = |step: fn(&Progress, &Seat) -> Result<(), Refusal>| {
        seat.is_some_and(|s| step(progress, &s).is_ok())
    };
    let rows: Vec<BoardRow> = board
        .proposals
        .iter()
        .map(|p| BoardRow {
            id: p.id.clone(),
            label: p.label.clone(),
            previous: p.previous_result.as_ref().map(|(rank, total)| {
                let place = rank.map_or("–".to_string(), |r| format!("{r}°"));
                format!(
                    "{}: {place}, {} / 100",
                    t.s("board.previous_phase"),
                    total.two_decimals(ctx.lang)
                )
            }),
            receipt: p.receipt_number.clone(),
            scored: board
                .quality
                .iter()
                .filter(|c| p.my_scores[**c].is_some())
                .count(),
            to_score: board.quality.len(),
            files: p
                .files
                .iter()
                .map(|(id, name, envelope)| FileLink {
                    name: name.clone(),
                    envelope: i18n::envelope_name(*envelope, ctx.lang).to_string(),
                    href: format!("/evaluator/proposals/{}/files/{id}", p.id),
                })
                .chain(previous_links(&p.previous, t))
                .collect(),
            price: p.price_cents.map(|c| t.euro(&c)),
            consensus: board
                .quality
                .iter()
                .map(|c| {
                    let mean = p.mean[*c]
                        .as_ref()
                        .map(|m| m.two_decimals(ctx.lang))
                        .unwrap_or_default();
                    // The mean as shown records the exact mean: no reason is asked for it.
                    let (value, reason) = match &p.consensus[*c] {
                        Some((v, r)) if consensus_is_mean(r) => {
                            (v.two_decimals(ctx.lang), String::new())
                        }
                        Some((v, r)) => (v.two_decimals(ctx.lang), r.clone()),
                        None => (mean.clone(), String::new()),
                    };
                    ConsensusCell {
                        criterion: *c,
                        name: board.criteria[*c].name.clone(),
                        max_points: board.criteria[*c].max_points,
                        mean,
                        value,
                        reason,
                        members: p.member_scores[*c]
                            .iter()
                            .map(|(name, points, justification)| MemberCell {
                                name: name.clone(),
                                points: points.two_decimals(ctx.lang),
                                justification: justification.clone(),
                            })
                            .collect(),
                    }
                })
                .collect(),
            consensus_done: board.quality.iter().all(|c| p.consensus[*c].is_some()),
        })
        .collect();
    let page = BoardPage {
        is_requests: board.kind == crate::domain::phase::PhaseKind::RequestsToParticipate,
        layout: present::layout(ctx, t.s("board.title")),
        phase_id: board.phase_id.clone(),
        call_id: board.call_id.clone(),
        call_title: board.call_title.clone(),
        phase_name: board.phase_name.clone(),
        members: present::member_views(&board, ctx.lang),
        needs_declaration: me.as_ref().is_some_and(|m| m.declared_at.is_none()),
        is_member: me.as_ref().is_some_and(|m| m.is_cleared()),
        is_chair,
        is_officer,
        opened: board.opened,
        submitted,
        can_submit: may(may_score) && rows.iter().all(|r| r.scored == r.to_score),
        consensus_open: may(may_record_consensus),
        technical_final: board.technical_final,
        decided: board.decided,
        rows,
        count: board.count,
        errors,
        notice,
        evaluators: evaluators
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect(),
        can_open: may_open(progress, is_officer || is_chair).is_ok(),
        can_appoint: is_officer && may_appoint(progress).is_ok(),
        can_replace: is_officer && may_replace(progress).is_ok(),
        preview: board
            .preview
            .iter()
            .map(|(label, l)| PreviewRow {
                proposal_id: l.proposal_id.clone(),
                verification_pending: l.abnormally_low && l.price_verdict.is_none(),
                rank: l.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
                label: label.clone(),
                total: l.total.two_decimals(ctx.lang),
                outcome: i18n::result_outcome(
                    board.kind,
                    l.excluded.as_ref(),
                    l.admitted,
                    ctx.lang,
                ),
                abnormally_low: l.abnormally_low,
            })
            .collect(),
    };
    Ok(views::page(&page))
}

/// Runs a change, then shows the board again: with the change, or with why it was refused.
pub(super) async fn act<F>(
    ctx: &Ctx,
    state: &AppState,
    phase_id: &str,
    done: Done,
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut db::DbConnection) -> Result<(), AppError> + Send + 'static,
{
    match state.db(change).await {
        Ok(()) => Ok(see_other(
            &done.on(&format!("{}/phases/{phase_id}", area(ctx)), None),
        )),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Step(_))) => {
            let mut res = board_page(ctx, state, phase_id, messages(&e, ctx.lang), None).await?;
            *res.status_mut() = if matches!(e, AppError::Invalid(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

pub(super) fn area(ctx: &Ctx) -> &'static str {
    match ctx.actor().map(|a| a.role) {
        Some(Role::Officer) => "/officer",
        _ => "/evaluator",
    }
}

#[derive(serde::Deserialize)]
pub struct BoardQuery {
    saved: Option<String>,
}

pub async fn board(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = query
        .saved
        .as_ref()
        .map(|_| ctx.tr().s("scoring.saved").to_string());
    board_page(&ctx, &state, &path.into_inner(), Vec::new(), notice).await
}

pub(super) type Pairs = web::Form<Vec<(String, String)>>;

/// A board button: checks the form's token and the role (any signed-in user when `None`), runs
/// the change as that user at the server's time, then shows the board.
async fn act_as<F>(
    ctx: &Ctx,
    state: &AppState,
    phase: String,
    form: &Pairs,
    (role, done): (Option<Role>, Done),
    change: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut db::DbConnection, &Actor, &str, DateTime<Utc>) -> Result<(), AppError>
        + Send
        + 'static,
{
    ctx.check_csrf(field(form, "csrf"))?;
    let actor = match role {
        Some(role) => ctx.require(role)?.actor.clone(),
        None => ctx.signed_in()?.clone(),
    };
    let (id, now) = (phase.clone(), state.now());
    act(ctx, state, &phase, done, move |conn| {
        change(conn, &actor, &id, now)
    })
    .await
}

pub async fn declare(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    // A legal declaration is an explicit choice: nothing is chosen for the member.
    let conflict = match field(&form, "conflict") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let statement = field(&form, "statement").to_string();
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (Some(Role::Evaluator), Done::Declared),
        move |conn, actor, id, now| match conflict {
            Some(conflict) => evaluation::declare(conn, actor, id, conflict, &statement, now),
            None => Err(AppError::Invalid(vec![crate::domain::Violation::new(
                "conflict",
                crate::domain::ViolationKind::ChoiceRequired,
            )])),
        },
    )
    .await
}

/// By the officer or the chair: the service tells which.
pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    if let Some(ask) = ask_first(&ctx, &state, &form, &path, Irreversible::Open).await? {
        return Ok(ask);
    }
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (None, Done::Opened),
        evaluation::open,
    )
    .await
}

pub async fn appoint(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    let members: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "member")
        .map(|(_, v)| v.clone())
        .collect();
    let chair = field(&form, "chair").to_string();
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (Some(Role::Officer), Done::Appointed),
        move |conn, actor, id, now| evaluation::appoint(conn, actor, id, &members, &chair, now),
    )
    .await
}

pub async fn replace(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    let user = field(&form, "user_id").to_string();
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (Some(Role::Officer), Done::MemberAdded),
        move |conn, actor, id, now| evaluation::add_replacement(conn, actor, id, &user, now),
    )
    .await
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    if let Some(ask) = ask_first(&ctx, &state, &form, &path, Irreversible::SubmitScores).await? {
        return Ok(ask);
    }
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (Some(Role::Evaluator), Done::ScoresSent),
        evaluation::submit_scores,
    )
    .await
}

pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    if let Some(ask) = ask_first(&ctx, &state, &form, &path, Irreversible::Decide).await? {
        return Ok(ask);
    }
    let text = field(&form, "text").to_string();
    act_as(
        &ctx,
        &state,
        path.into_inner(),
        &form,
        (Some(Role::Officer), Done::Decided),
        move |conn, actor, id, now| evaluation::decide(conn, actor, id, &text, now).map(|_| ()),
    )
    .await
}

pub async fn consensus(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(field(&form, "csrf"))?;
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let ((phase, proposal), now) = (path.into_inner(), state.now());
    let input: Vec<ConsensusInput> = match read_points(&form, "reason") {
        Ok(v) => v
            .into_iter()
            .map(|(criterion, points, reason)| ConsensusInput {
                criterion,
                points: Some(points),
                reason,
            })
            .collect(),
        Err(e) => return board_page(&ctx, &state, &phase, messages(&e, ctx.lang), None).await,
    };
    let id = phase.clone();
    act(&ctx, &state, &phase, Done::ConsensusRecorded, move |conn| {
        evaluation::record_consensus(conn, &actor, &id, &proposal, &input, now)
    })
    .await
}

/// The previous phase's accepted deliverables, listed with the proposal's files.
pub(super) fn previous_links<'a>(
    previous: &'a [crate::service::contracts::PreviousWork],
    t: crate::i18n::Tr,
) -> impl Iterator<Item = FileLink> + 'a {
    previous.iter().map(move |w| FileLink {
        name: w.file_name.clone(),
        envelope: format!("{}: {}", t.s("contracts.previous"), w.deliverable),
        href: format!("/deliverable-files/{}", w.submission_id),
    })
}
