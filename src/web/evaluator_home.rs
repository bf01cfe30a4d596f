//! The evaluator's home: each committee the member sits on, with their next step.

use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use super::present;
use crate::domain::access::Role;
use crate::domain::evaluation_steps::{MemberTodo, member_todo};
use crate::error::AppError;
use crate::i18n;
use crate::service::evaluation;
use crate::views;
use crate::views::evaluation::{CommitteeLink, EvaluatorHomePage};

pub async fn home(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Evaluator)?.actor.clone();
    let now = state.now();
    let committees = state
        .db(move |conn| {
            let mut out = Vec::new();
            for (call_title, phase_name, phase_id) in evaluation::my_committees(conn, &actor)? {
                let board = evaluation::board(conn, &actor, &phase_id, now)?;
                out.push((call_title, phase_name, phase_id, todo_of(&board)));
            }
            Ok(out)
        })
        .await?;
    let t = ctx.tr();
    Ok(views::page(&EvaluatorHomePage {
        layout: present::layout(&ctx, t.s("evaluator.title")),
        committees: committees
            .into_iter()
            .map(|(call_title, phase_name, phase_id, todo)| CommitteeLink {
                call_title,
                phase_name,
                href: format!("/evaluator/phases/{phase_id}"),
                todo: todo.map(|todo| i18n::member_todo_text(todo, ctx.lang)),
            })
            .collect(),
    }))
}

/// The member's next step on a board, `None` when they no longer sit on it.
fn todo_of(board: &evaluation::Board) -> Option<MemberTodo> {
    let seat = board.me.as_ref().map(evaluation::seat)?;
    let scored = board
        .proposals
        .iter()
        .filter(|p| board.quality.iter().all(|c| p.my_scores[*c].is_some()))
        .count();
    Some(member_todo(
        &board.progress,
        &seat,
        scored,
        board.proposals.len(),
    ))
}
