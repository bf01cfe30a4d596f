//! Officer pages: create, edit, publish, cancel and conclude calls. Documents are attached in
//! `call_documents`; questions are answered and addenda published in `addenda`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_form::{CallForm, FormAction, messages_by_field};
use super::ctx::Ctx;
use super::present::{self, FieldBuilder};
use super::{CsrfForm, field, see_other};
use crate::db::calls::{CallFilter, CallRecord};
use crate::domain::access::Role;
use crate::domain::call::{CallAction, CallSpec, CallStatus, transition};
use crate::domain::phase::{self, Procedure};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service;
use crate::views::{self, Choice, EditCallPage, NewCallPage, OfficerHomePage};
use crate::{db, i18n};

pub const DOCUMENT_TYPES: [&str; 7] = ["pdf", "odt", "ods", "docx", "xlsx", "zip", "p7m"];

pub async fn home(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let user = ctx.require(Role::Officer)?;
    let authority_id = user.actor.authority_id.clone().ok_or(AppError::Forbidden)?;
    let (rows, authority) = state
        .db(move |conn| {
            let filter = CallFilter {
                authority_id: Some(authority_id.clone()),
                ..Default::default()
            };
            let (rows, _) = db::calls::list(conn, &filter, 0, 500)?;
            let authority = db::accounts::find_authority(conn, &authority_id)?
                .map(|a| a.name)
                .unwrap_or_default();
            Ok((rows, authority))
        })
        .await?;
    let t = ctx.tr();
    Ok(views::page(&OfficerHomePage {
        layout: present::layout(&ctx, t.s("officer.title")),
        authority,
        rows: rows.iter().map(|r| present::call_row(r, t)).collect(),
    }))
}

fn procedure_choices(ctx: &Ctx, selected: Option<Procedure>) -> Vec<Choice> {
    Procedure::ALL
        .into_iter()
        .map(|p| Choice {
            value: p.as_str().to_string(),
            label: i18n::procedure_name(p, ctx.lang).to_string(),
            selected: Some(p) == selected,
        })
        .collect()
}

fn new_call_view(ctx: &Ctx, pairs: &[(String, String)], violations: &[Violation]) -> NewCallPage {
    let errors = messages_by_field(violations, ctx.lang);
    let selected = pairs
        .iter()
        .find(|(k, _)| k == "procedure")
        .and_then(|(_, v)| Procedure::parse(v));
    let form = CallForm::from_pairs(selected.unwrap_or(Procedure::Pcp), pairs);
    let builder = FieldBuilder {
        t: ctx.tr(),
        errors: &errors,
    };
    NewCallPage {
        layout: present::layout(ctx, ctx.tr().s("new.title")),
        procedures: procedure_choices(ctx, selected),
        procedure_error: errors.get("procedure").map(|m| m.join(" ")),
        fields: builder.call_fields(&form),
        has_errors: !violations.is_empty(),
    }
}

pub async fn new_call_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require(Role::Officer)?;
    Ok(views::page(&new_call_view(&ctx, &[], &[])))
}

pub async fn create_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(Role::Officer)?.clone();
    let pairs = form.into_inner();
    ctx.check_csrf(field(&pairs, "csrf"))?;
    let Some(procedure) = Procedure::parse(field(&pairs, "procedure")) else {
        let v = [Violation::new("procedure", ViolationKind::Required)];
        return Ok(views::page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_call_view(&ctx, &pairs, &v),
        ));
    };
    let mut spec = match CallForm::from_pairs(procedure, &pairs).to_spec() {
        Ok(spec) => spec,
        Err(v) => {
            return Ok(views::page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_call_view(&ctx, &pairs, &v),
            ));
        }
    };
    spec.phases = phase::template(procedure);
    let now = state.now();
    let created = state
        .db(move |conn| service::calls::create(conn, &user.actor, &spec, now))
        .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1"))),
        Err(AppError::Invalid(v)) => Ok(views::page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_call_view(&ctx, &pairs, &v),
        )),
        Err(e) => Err(e),
    }
}

/// Everything the edit page can show besides the form itself.
pub(super) struct EditExtras {
    pub(super) notice: Option<String>,
    pub(super) document_errors: Vec<String>,
    pub(super) cancel_reason: String,
    pub(super) cancel_errors: Vec<String>,
}

impl EditExtras {
    pub(super) fn none() -> Self {
        EditExtras {
            notice: None,
            document_errors: Vec::new(),
            cancel_reason: String::new(),
            cancel_errors: Vec::new(),
        }
    }
}

pub(super) fn edit_page(
    ctx: &Ctx,
    call: &CallRecord,
    form: &CallForm,
    violations: &[Violation],
    extras: EditExtras,
) -> EditCallPage {
    let t = ctx.tr();
    let mut errors = messages_by_field(violations, ctx.lang);
    let builder = FieldBuilder { t, errors: &errors };
    let fields = builder.call_fields(form);
    let phases = builder.phase_forms(form);
    // Errors with no field of their own on the page are listed at the top.
    let shown: std::collections::HashSet<String> = fields
        .iter()
        .chain(phases.iter().flat_map(|p| {
            p.fields
                .iter()
                .chain(p.criteria.iter().flat_map(|c| c.fields.iter()))
        }))
        .map(|f| f.name.clone())
        .chain((0..phases.len()).map(|i| format!("phases.{i}.criteria")))
        .collect();
    errors.retain(|k, _| !shown.contains(k));
    let mut form_errors: Vec<String> = errors.into_values().flatten().collect();
    form_errors.sort();
    EditCallPage {
        layout: present::layout(ctx, t.s("edit.title")),
        call_id: call.id.clone(),
        title: call.spec.title.clone(),
        procedure_code: call.spec.procedure.as_str(),
        procedure: t.procedure(&call.spec.procedure),
        status: t.status(&call.status),
        status_code: call.status.as_str(),
        is_draft: call.status == CallStatus::Draft,
        can_cancel: transition(call.status, CallAction::Cancel).is_ok(),
        can_conclude: transition(call.status, CallAction::Conclude).is_ok(),
        notice: extras.notice,
        has_errors: !violations.is_empty()
            || !extras.document_errors.is_empty()
            || !extras.cancel_errors.is_empty(),
        form_errors,
        fields,
        phases,
        documents: call
            .documents
            .iter()
            .map(|d| present::document_view(&call.id, d))
            .collect(),
        document_errors: extras.document_errors,
        cancel_reason: extras.cancel_reason,
        cancel_errors: extras.cancel_errors,
    }
}

pub(super) async fn load_managed(
    state: &AppState,
    ctx: &Ctx,
    id: String,
) -> Result<CallRecord, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    state
        .db(move |conn| service::calls::load_managed(conn, &actor, &id))
        .await
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn edit_call_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let call = load_managed(&state, &ctx, path.into_inner()).await?;
    let form = CallForm::from_spec(&call.spec);
    let notice = query
        .saved
        .as_ref()
        .map(|_| ctx.tr().s("edit.saved").to_string());
    Ok(views::page(&edit_page(
        &ctx,
        &call,
        &form,
        &[],
        EditExtras {
            notice,
            ..EditExtras::none()
        },
    )))
}

pub async fn update_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let pairs = form.into_inner();
    ctx.check_csrf(field(&pairs, "csrf"))?;
    let call = load_managed(&state, &ctx, id.clone()).await?;
    transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
    let action = FormAction::parse(field(&pairs, "action")).unwrap_or(FormAction::Save);
    let mut form = CallForm::from_pairs(call.spec.procedure, &pairs);
    let rerender = |form: &CallForm, violations: &[Violation], notice: Option<String>| {
        let status = if violations.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        Ok(views::page_with_status(
            status,
            &edit_page(
                &ctx,
                &call,
                form,
                violations,
                EditExtras {
                    notice,
                    ..EditExtras::none()
                },
            ),
        ))
    };
    if !matches!(action, FormAction::Save | FormAction::Publish) {
        form.apply(action);
        return rerender(&form, &[], Some(ctx.tr().s("edit.unsaved").to_string()));
    }
    let spec: CallSpec = match form.to_spec() {
        Ok(spec) => spec,
        Err(v) => return rerender(&form, &v, None),
    };
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let now = state.now();
    let call_id = id.clone();
    let result = state
        .db(move |conn| match action {
            FormAction::Publish => {
                service::calls::publish(conn, &actor, &call_id, Some(&spec), now)
            }
            _ => service::calls::update(conn, &actor, &call_id, &spec, now),
        })
        .await;
    match result {
        Ok(()) if action == FormAction::Publish => Ok(see_other(&format!("/calls/{id}"))),
        Ok(()) => Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1"))),
        Err(AppError::Invalid(v)) => rerender(&form, &v, None),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    #[serde(default)]
    reason: String,
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
    let now = state.now();
    let (call_id, reason) = (id.clone(), form.reason.clone());
    let result = state
        .db(move |conn| service::calls::cancel(conn, &actor, &call_id, &reason, now))
        .await;
    match result {
        Ok(()) => Ok(see_other(&format!("/calls/{id}"))),
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
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::conclude(conn, &actor, &call_id, now))
        .await?;
    Ok(see_other(&format!("/calls/{id}")))
}
