//! The files of complaints and appeals, uploaded and downloaded; shared by the pages and the API.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};

use super::ctx::Ctx;
use super::officer::DOCUMENT_TYPES;
use super::{AppState, upload};
use crate::domain::access::Actor;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::challenges::{self, ChallengeFileView, ReceivedFile};

/// Streams one file (field `file`) to the blob store, hashing it, then records it on the
/// challenge; the file is collected again if the record is refused.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    challenge_id: &str,
    payload: Multipart,
) -> Result<ChallengeFileView, AppError> {
    let types: Vec<String> = DOCUMENT_TYPES.iter().map(|t| t.to_string()).collect();
    let limits = upload::Limits {
        file_fields: &["file"],
        accepted_types: &types,
        max_file_bytes: state.settings.max_document_bytes,
        max_total_bytes: state.settings.max_document_bytes,
        max_files: 1,
    };
    let upload = upload::read(payload, state, &limits).await?.accepted()?;
    let mut files = upload.files.into_iter();
    let (Some(file), None) = (files.next(), files.next()) else {
        return Err(AppError::Invalid(vec![Violation::new(
            "file",
            ViolationKind::Required,
        )]));
    };
    let (file_name, extension) = (file.file_name, file.extension);
    let promoted = state
        .blobs
        .promote(vec![file.staged])
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let blob = promoted.blobs[0].clone();
    let received = ReceivedFile {
        file_name,
        content_type: crate::storage::content_type_for(&extension).to_string(),
        size_bytes: blob.size as i64,
        sha256: blob.sha256,
    };
    let (actor, id, now) = (actor.clone(), challenge_id.to_string(), state.now());
    let recorded = state
        .db(move |conn| challenges::add_file(conn, &actor, &id, &received, now))
        .await;
    state.settle_files(promoted, &recorded).await;
    recorded
}

/// A challenge's file, for whoever may read the challenge.
pub async fn download(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let f = state
        .db(move |conn| challenges::file(conn, &actor, &id))
        .await?;
    super::public::serve_blob(&req, &state, &f.sha256, &f.file_name, &f.content_type).await
}
