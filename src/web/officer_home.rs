//! The officer's home: the authority's calls, each with its next step and where to take it.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use super::present;
use crate::db::calls::CallFilter;
use crate::domain::access::Role;
use crate::domain::call::CallStatus;
use crate::error::AppError;
use crate::service;
use crate::views::{self, OfficerHomePage};
use crate::{db, i18n};

pub async fn home(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(Role::Officer)?;
    let actor = user.actor.clone();
    let authority_id = user.actor.authority_id.clone().ok_or(AppError::Forbidden)?;
    let now = state.now();
    let (rows, authority) = state
        .db(move |conn| {
            let filter = CallFilter {
                authority_id: Some(authority_id.clone()),
                ..Default::default()
            };
            let (rows, _) = db::calls::list(conn, &filter, 0, 500)?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let step = next_step(conn, &actor, &row, now)?;
                out.push((row, step));
            }
            let authority = db::accounts::find_authority(conn, &authority_id)?
                .map(|a| a.name)
                .unwrap_or_default();
            Ok((out, authority))
        })
        .await?;
    let t = ctx.tr();
    Ok(views::page(&OfficerHomePage {
        layout: present::layout(&ctx, t.s("officer.title")),
        authority,
        rows: rows
            .iter()
            .map(|(r, step)| {
                let next = match step {
                    NextStep::Publish => Some((
                        t.s("officer.next_publish").to_string(),
                        format!("/officer/calls/{}/edit", r.id),
                    )),
                    NextStep::Phase(number, phase_id, todo) => Some((
                        format!(
                            "{} {number}: {}",
                            t.s("call.phase"),
                            i18n::officer_todo_text(*todo, ctx.lang)
                        ),
                        format!("/officer/phases/{phase_id}"),
                    )),
                    NextStep::None => None,
                };
                (present::call_row(r, t), next)
            })
            .collect(),
    }))
}

/// Where a call of the officer's stands: what to do next, and where.
enum NextStep {
    Publish,
    /// The first phase whose outcome is not confirmed: its number, id and step.
    Phase(usize, String, crate::domain::evaluation_steps::OfficerTodo),
    None,
}

fn next_step(
    conn: &mut db::DbConnection,
    actor: &crate::domain::access::Actor,
    row: &db::calls::CallSummary,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<NextStep, AppError> {
    match row.status {
        CallStatus::Draft => return Ok(NextStep::Publish),
        CallStatus::Published => {}
        _ => return Ok(NextStep::None),
    }
    let Some(call) = db::calls::find(conn, &row.id)? else {
        return Ok(NextStep::None);
    };
    for (i, phase_id) in call.phase_ids.iter().enumerate() {
        if !call.spec.phases[i].kind.has_deadline() {
            continue;
        }
        let board = match service::evaluation::board(conn, actor, phase_id, now) {
            Ok(board) => board,
            Err(e @ AppError::Unexpected(_)) => return Err(e),
            // A phase this page cannot read has no step to show; the board says why.
            Err(_) => return Ok(NextStep::None),
        };
        let todo = crate::domain::evaluation_steps::officer_todo(&board.progress);
        if todo != crate::domain::evaluation_steps::OfficerTodo::Decided {
            return Ok(NextStep::Phase(i + 1, phase_id.clone(), todo));
        }
    }
    Ok(NextStep::None)
}
