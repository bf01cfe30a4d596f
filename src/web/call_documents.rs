//! The documents of a draft call: uploaded, stored, removed.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::call_form::CallForm;
use super::ctx::Ctx;
use super::done::Done;
use super::officer::{DOCUMENT_TYPES, EditExtras, edit_page, load_managed};
use super::{AppState, upload};
use super::{CsrfForm, see_other};
use crate::db::calls::Document;
use crate::domain::access::Role;
use crate::domain::call::{CallAction, transition};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n;
use crate::service;
use crate::storage::Promoted;
use crate::views::{self};

pub async fn upload_document(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    super::upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
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

/// Reads documents (field `file`, possibly several) and stores them; the caller records them
/// and then settles the files (`AppState::settle_files`).
pub async fn receive_documents(
    state: &AppState,
    payload: Multipart,
    uploaded_by: &str,
) -> Result<(String, Vec<Document>, Promoted), AppError> {
    let types: Vec<String> = DOCUMENT_TYPES.iter().map(|t| t.to_string()).collect();
    let limits = upload::Limits {
        file_fields: &["file"],
        accepted_types: &types,
        max_file_bytes: state.settings.max_document_bytes,
        max_total_bytes: state.settings.max_document_bytes.saturating_mul(10),
        max_files: 10,
    };
    let upload = upload::read(payload, state, &limits).await?.accepted()?;
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
    let promoted = state
        .blobs
        .promote(staged)
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let documents = meta
        .into_iter()
        .zip(promoted.blobs.clone())
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
    Ok((body, documents, promoted))
}

/// Streams the file to the blob store, then records it; shared with the API.
pub async fn store_document(
    state: &AppState,
    actor: &crate::domain::access::Actor,
    call_id: &str,
    payload: Multipart,
) -> Result<(), AppError> {
    let (_, documents, promoted) = receive_documents(state, payload, &actor.user_id).await?;
    let recorded = match one_document(documents, call_id) {
        Ok(doc) => {
            let (actor, now) = (actor.clone(), state.now());
            state
                .db(move |conn| service::calls::attach_document(conn, &actor, &doc, now))
                .await
        }
        Err(e) => Err(e),
    };
    state.settle_files(promoted, &recorded).await;
    recorded
}

/// The one document an upload to a draft call carries.
fn one_document(documents: Vec<Document>, call_id: &str) -> Result<Document, AppError> {
    let mut documents = documents.into_iter();
    match (documents.next(), documents.next()) {
        (Some(doc), None) => Ok(Document {
            call_id: call_id.to_string(),
            ..doc
        }),
        (None, _) => Err(AppError::Invalid(vec![Violation::new(
            "file",
            ViolationKind::Required,
        )])),
        (Some(_), Some(_)) => Err(AppError::Invalid(vec![Violation::new(
            "file",
            ViolationKind::AtMost { max: 1 },
        )])),
    }
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
    let removed = state
        .db(move |conn| service::calls::remove_document(conn, &actor, &call_id, &doc, now))
        .await?;
    state.collect_files(vec![removed]).await;
    Ok(see_other(
        &Done::DocumentRemoved.on(&format!("/officer/calls/{id}/edit"), None),
    ))
}
