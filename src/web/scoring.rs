//! The scoring form: a member's points and justifications for one proposal.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use rust_decimal::Decimal;

use super::AppState;
use super::ctx::Ctx;
use super::evaluator::Pairs;
use super::present::{self, FieldBuilder};
use super::{field, see_other};
use crate::domain::access::Role;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::evaluation::{self, ScoreInput};
use crate::views::evaluation::{FileLink, ScoreField, ScoringPage};
use crate::views::{self, Input};

/// Reads `points.N` with `justification.N` (or `reason.N`) pairs; unreadable points are named.
pub(super) fn read_points(
    pairs: &[(String, String)],
    second: &str,
) -> Result<Vec<(usize, Decimal, String)>, AppError> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (k, v) in pairs {
        let Some(c) = k
            .strip_prefix("points.")
            .and_then(|c| c.parse::<usize>().ok())
        else {
            continue;
        };
        match v.trim().replace(',', ".").parse::<Decimal>() {
            Ok(points) => out.push((
                c,
                points,
                field(pairs, &format!("{second}.{c}")).to_string(),
            )),
            Err(_) => bad.push(Violation::new(
                format!("points.{c}"),
                ViolationKind::InvalidAmount,
            )),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(AppError::Invalid(bad))
    }
}

async fn scoring_page(
    ctx: &Ctx,
    state: &AppState,
    phase_id: &str,
    proposal_id: &str,
    typed: Option<&[(String, String)]>,
    violations: &[Violation],
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let id = phase_id.to_string();
    let now = state.now();
    let board = state
        .db(move |conn| evaluation::board(conn, &actor, &id, now))
        .await?;
    let proposal = board
        .proposals
        .iter()
        .find(|p| p.id == proposal_id)
        .ok_or(AppError::NotFound)?;
    let errors = crate::web::call_form::messages_by_field(violations, ctx.lang);
    let builder = FieldBuilder {
        t: ctx.tr(),
        errors: &errors,
    };
    let fields: Vec<ScoreField> = board
        .quality
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let criterion = &board.criteria[*c];
            let (points, justification) = match typed {
                Some(pairs) => (
                    field(pairs, &format!("points.{c}")).to_string(),
                    field(pairs, &format!("justification.{c}")).to_string(),
                ),
                None => proposal.my_scores[*c]
                    .clone()
                    .map(|(p, j)| {
                        let typed = p.to_decimal(2).map(|d| d.normalize().to_string());
                        (typed.unwrap_or_else(|| p.two_decimals(ctx.lang)), j)
                    })
                    .unwrap_or_default(),
            };
            let mut points_field = builder.field(
                format!("points.{c}"),
                "scoring.points",
                &points,
                Input::Text,
                None,
                true,
            );
            points_field.errors.extend(
                errors
                    .get(&format!("scores.{i}.points"))
                    .cloned()
                    .unwrap_or_default(),
            );
            let mut justification_field = builder.field(
                format!("justification.{c}"),
                "scoring.justification",
                &justification,
                Input::TextArea,
                None,
                true,
            );
            justification_field.errors.extend(
                errors
                    .get(&format!("scores.{i}.justification"))
                    .cloned()
                    .unwrap_or_default(),
            );
            ScoreField {
                criterion: *c,
                name: criterion.name.clone(),
                description: criterion.description.clone(),
                max_points: criterion.max_points,
                threshold: criterion.min_threshold,
                points: points_field,
                justification: justification_field,
            }
        })
        .collect();
    let page = ScoringPage {
        layout: present::layout(ctx, ctx.tr().s("scoring.title")),
        phase_id: phase_id.to_string(),
        proposal_id: proposal_id.to_string(),
        label: proposal.label.clone(),
        call_title: board.call_title.clone(),
        phase_name: board.phase_name.clone(),
        files: proposal
            .files
            .iter()
            .map(|(id, name, envelope)| FileLink {
                name: name.clone(),
                envelope: crate::i18n::envelope_name(*envelope, ctx.lang).to_string(),
                href: format!("/evaluator/proposals/{proposal_id}/files/{id}"),
            })
            .chain(super::evaluator::previous_links(
                &proposal.previous,
                ctx.tr(),
            ))
            .collect(),
        error_items: views::error_items(
            fields.iter().flat_map(|s| {
                [&s.points, &s.justification]
                    .into_iter()
                    .map(move |f| (format!("{} · {}", s.name, f.label), f))
            }),
            [],
        ),
        fields,
        locked: board
            .me
            .as_ref()
            .is_none_or(|m| m.scores_submitted_at.is_some()),
    };
    let status = if violations.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn scoring_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (phase, proposal) = path.into_inner();
    scoring_page(&ctx, &state, &phase, &proposal, None, &[]).await
}

pub async fn save_scores(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(field(&form, "csrf"))?;
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let ((phase, proposal), now) = (path.into_inner(), state.now());
    let pairs = form.into_inner();
    let input: Vec<ScoreInput> = match read_points(&pairs, "justification") {
        Ok(v) => v
            .into_iter()
            .map(|(criterion, points, justification)| ScoreInput {
                criterion,
                points,
                justification,
            })
            .collect(),
        Err(AppError::Invalid(v)) => {
            return scoring_page(&ctx, &state, &phase, &proposal, Some(&pairs), &v).await;
        }
        Err(e) => return Err(e),
    };
    let (id, pid) = (phase.clone(), proposal.clone());
    match state
        .db(move |conn| evaluation::save_scores(conn, &actor, &id, &pid, &input, now))
        .await
    {
        Ok(()) => Ok(see_other(&format!("/evaluator/phases/{phase}?saved=1"))),
        Err(AppError::Invalid(v)) => {
            scoring_page(&ctx, &state, &phase, &proposal, Some(&pairs), &v).await
        }
        Err(e) => Err(e),
    }
}
