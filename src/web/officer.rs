//! Officer pages: create, edit, publish, cancel and conclude calls; attach documents.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::call_form::{CallForm, FormAction, messages_by_field};
use super::ctx::Ctx;
use super::present::{self, FieldBuilder};
use super::{AppState, upload};
use super::{CsrfForm, CsrfQuery, field, see_other};
use crate::db::calls::{CallFilter, CallRecord, Document};
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
struct EditExtras {
    notice: Option<String>,
    document_errors: Vec<String>,
    cancel_reason: String,
    cancel_errors: Vec<String>,
}

impl EditExtras {
    fn none() -> Self {
        EditExtras {
            notice: None,
            document_errors: Vec::new(),
            cancel_reason: String::new(),
            cancel_errors: Vec::new(),
        }
    }
}

fn edit_page(
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

async fn load_managed(state: &AppState, ctx: &Ctx, id: String) -> Result<CallRecord, AppError> {
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

pub async fn upload_document(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<CsrfQuery>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    ctx.check_csrf(query.csrf.as_deref().unwrap_or(""))?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let call = load_managed(&state, &ctx, id.clone()).await?;
    transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
    let result = store_document(&state, &actor, &id, payload).await;
    match result {
        Ok(()) => Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1"))),
        Err(AppError::Invalid(v)) => {
            let document_errors = v
                .iter()
                .map(|v| i18n::violation_message(&v.kind, ctx.lang))
                .collect();
            let form = CallForm::from_spec(&call.spec);
            let extras = EditExtras {
                document_errors,
                ..EditExtras::none()
            };
            Ok(views::page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &edit_page(&ctx, &call, &form, &[], extras),
            ))
        }
        Err(e) => Err(e),
    }
}

/// Reads documents (field `file`, possibly several) and stores them; the caller records them.
pub async fn receive_documents(
    state: &AppState,
    payload: Multipart,
    uploaded_by: &str,
) -> Result<(String, Vec<Document>), AppError> {
    let types: Vec<String> = DOCUMENT_TYPES.iter().map(|t| t.to_string()).collect();
    let limits = upload::Limits {
        file_fields: &["file"],
        accepted_types: &types,
        max_file_bytes: state.settings.max_document_bytes,
        max_total_bytes: state.settings.max_document_bytes.saturating_mul(10),
        max_files: 10,
    };
    let upload = upload::read(payload, &state.blobs, &limits).await?;
    let title = upload
        .text("title")
        .trim()
        .chars()
        .take(300)
        .collect::<String>();
    let body = upload.text("body").to_string();
    let (meta, staged): (Vec<_>, Vec<_>) = upload
        .files
        .into_iter()
        .map(|f| ((f.file_name, f.extension), f.staged))
        .unzip();
    let blobs = state
        .blobs
        .promote(staged)
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let documents = meta
        .into_iter()
        .zip(blobs)
        .map(|((file_name, extension), blob)| Document {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: String::new(),
            title: if title.is_empty() {
                file_name.clone()
            } else {
                title.clone()
            },
            file_name,
            content_type: crate::storage::content_type_for(&extension).to_string(),
            size_bytes: blob.size as i64,
            sha256: blob.sha256,
            uploaded_by: uploaded_by.to_string(),
            uploaded_at: state.now().naive_utc(),
            addendum_id: None,
        })
        .collect();
    Ok((body, documents))
}

/// Streams the file to the blob store, then records it; shared with the API.
pub async fn store_document(
    state: &AppState,
    actor: &crate::domain::access::Actor,
    call_id: &str,
    payload: Multipart,
) -> Result<(), AppError> {
    let (_, documents) = receive_documents(state, payload, &actor.user_id).await?;
    let mut documents = documents.into_iter();
    let doc = match (documents.next(), documents.next()) {
        (Some(doc), None) => Document {
            call_id: call_id.to_string(),
            ..doc
        },
        (None, _) => {
            return Err(AppError::Invalid(vec![Violation::new(
                "file",
                ViolationKind::Required,
            )]));
        }
        (Some(_), Some(_)) => {
            return Err(AppError::Invalid(vec![Violation::new(
                "file",
                ViolationKind::AtMost { max: 1 },
            )]));
        }
    };
    let actor = actor.clone();
    let now = state.now();
    state
        .db(move |conn| service::calls::attach_document(conn, &actor, &doc, now))
        .await
}

pub async fn delete_document(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (id, doc) = path.into_inner();
    let now = state.now();
    let call_id = id.clone();
    state
        .db(move |conn| service::calls::remove_document(conn, &actor, &call_id, &doc, now))
        .await?;
    Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1")))
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

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    #[serde(default)]
    answer: String,
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
    let call_id = state
        .db(move |conn| service::clarifications::answer(conn, &actor, &id, &answer, now))
        .await?;
    Ok(see_other(&format!("/calls/{call_id}#clarifications")))
}

/// Publishes an addendum (text and optional files) to a published call.
pub async fn publish_addendum(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<CsrfQuery>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(query.csrf.as_deref().unwrap_or(""))?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let call_id = path.into_inner();
    add_addendum(&state, &actor, &call_id, payload).await?;
    Ok(see_other(&format!("/calls/{call_id}#addenda")))
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
    let (body, files) = receive_documents(state, payload, &actor.user_id).await?;
    let (actor, call_id, now) = (actor.clone(), call_id.to_string(), state.now());
    state
        .db(move |conn| {
            service::clarifications::publish_addendum(
                conn,
                &actor,
                &call_id,
                service::clarifications::NewAddendum { body, files },
                now,
            )
        })
        .await
}
