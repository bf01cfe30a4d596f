//! The acts that end a call: cancelling it with a reason, concluding it. Each asks first.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_form::CallForm;
use super::confirm;
use super::ctx::Ctx;
use super::done::Done;
use super::officer::{EditExtras, edit_page, load_managed};
use super::{field, see_other};
use crate::domain::access::Role;
use crate::domain::call::{CallAction, check_cancel_reason, transition};
use crate::error::AppError;
use crate::i18n;
use crate::service;
use crate::views;

/// Whether the officer may do `action` to the call now: only then is it worth asking to confirm.
async fn may(state: &AppState, ctx: &Ctx, id: &str, action: CallAction) -> Result<bool, AppError> {
    let call = load_managed(state, ctx, id.to_string()).await?;
    Ok(transition(call.status, action).is_ok())
}

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirmed: String,
}

pub async fn cancel_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let mut unreadable = Vec::new();
    check_cancel_reason(&form.reason, &mut unreadable);
    if unreadable.is_empty()
        && form.confirmed != "yes"
        && may(&state, &ctx, &id, CallAction::Cancel).await?
    {
        return Ok(confirm::page(
            &ctx,
            &format!("/officer/calls/{id}/cancel"),
            &[("reason".into(), form.reason.clone())],
            confirm::Ask {
                act: "edit.cancel",
                consequence: "confirm.cancel_call",
                back: format!("/officer/calls/{id}/edit"),
            },
        ));
    }
    let now = state.now();
    let (call_id, reason) = (id.clone(), form.reason.clone());
    let result = state
        .db(move |conn| service::calls::cancel(conn, &actor, &call_id, &reason, now))
        .await;
    match result {
        Ok(()) => Ok(see_other(
            &Done::Cancelled.on(&format!("/calls/{id}"), None),
        )),
        Err(AppError::Invalid(v)) => {
            let call = load_managed(&state, &ctx, id).await?;
            let form_view = CallForm::from_spec(&call.spec);
            let extras = EditExtras {
                cancel_reason: form.reason.clone(),
                cancel_errors: v
                    .iter()
                    .map(|v| i18n::violation_message(&v.kind, ctx.lang))
                    .collect(),
                ..EditExtras::none()
            };
            Ok(views::page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &edit_page(&ctx, &call, &form_view, &[], extras),
            ))
        }
        Err(e) => Err(e),
    }
}

pub async fn conclude_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(field(&form, "csrf"))?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    if !confirm::is_confirmed(&form) && may(&state, &ctx, &id, CallAction::Conclude).await? {
        return Ok(confirm::page(
            &ctx,
            &format!("/officer/calls/{id}/conclude"),
            &form,
            confirm::Ask {
                act: "edit.conclude",
                consequence: "confirm.conclude",
                back: format!("/officer/calls/{id}/edit"),
            },
        ));
    }
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::conclude(conn, &actor, &call_id, now))
        .await?;
    Ok(see_other(
        &Done::Concluded.on(&format!("/calls/{id}"), None),
    ))
}
