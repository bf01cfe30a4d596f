//! Answers to suppliers' questions and addenda to a published call.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_documents::receive_documents;
use super::ctx::Ctx;
use super::done::Done;
use super::see_other;
use crate::domain::access::Role;
use crate::domain::call::CallStatus;
use crate::error::AppError;
use crate::service;

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    #[serde(default)]
    answer: String,
    /// "yes": answered in the asker's dialogue channel, not published.
    #[serde(default)]
    private: String,
}

pub async fn answer_question(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (id, answer, now) = (path.into_inner(), form.answer.clone(), state.now());
    let private = form.private == "yes";
    let call_id = state
        .db(move |conn| {
            if private {
                service::clarifications::answer_privately(conn, &actor, &id, &answer, now)
            } else {
                service::clarifications::answer(conn, &actor, &id, &answer, now)
            }
        })
        .await?;
    Ok(see_other(
        &Done::QuestionAnswered.on(&format!("/calls/{call_id}"), Some("clarifications")),
    ))
}

/// Publishes an addendum (text and optional files) to a published call.
pub async fn publish_addendum(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    super::upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let call_id = path.into_inner();
    add_addendum(&state, &actor, &call_id, payload).await?;
    Ok(see_other(
        &Done::AddendumPublished.on(&format!("/calls/{call_id}"), Some("addenda")),
    ))
}

/// Shared with the API: receive the files, then record the addendum with them.
pub async fn add_addendum(
    state: &AppState,
    actor: &crate::domain::access::Actor,
    call_id: &str,
    payload: Multipart,
) -> Result<i32, AppError> {
    let check = (actor.clone(), call_id.to_string());
    state
        .db(move |conn| {
            let call = service::calls::load_managed(conn, &check.0, &check.1)?;
            if call.status != CallStatus::Published {
                return Err(AppError::Refused(crate::domain::call::TransitionRefused {
                    from: call.status,
                    action: "addendum",
                }));
            }
            Ok(())
        })
        .await?;
    let (body, files, promoted) = receive_documents(state, payload, &actor.user_id).await?;
    let (actor, call_id, now) = (actor.clone(), call_id.to_string(), state.now());
    let recorded = state
        .db(move |conn| {
            service::clarifications::publish_addendum(
                conn,
                &actor,
                &call_id,
                service::clarifications::NewAddendum { body, files },
                now,
            )
        })
        .await;
    state.settle_files(promoted, &recorded).await;
    recorded
}
