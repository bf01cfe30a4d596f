//! Deliverables handed in and downloaded, shared by the pages and the API; the contract pages.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};

use super::ctx::Ctx;
use super::{AppState, upload};
use crate::domain::access::Actor;
use crate::error::AppError;
use crate::service::contracts::{self, DeliveredFile, DeliveryReceipt};

/// Streams one file (field `file`) to the blob store, hashing it, then records the hand-in; the
/// file is collected again if the record is refused.
pub async fn deliver(
    state: &AppState,
    actor: &Actor,
    deliverable_id: &str,
    payload: Multipart,
) -> Result<DeliveryReceipt, AppError> {
    let stored = upload::one_document(payload, state).await?;
    let delivered = DeliveredFile {
        file_name: stored.file_name,
        content_type: stored.content_type,
        size_bytes: stored.size_bytes,
        sha256: stored.sha256,
    };
    let (actor, id, now) = (actor.clone(), deliverable_id.to_string(), state.now());
    let recorded = state
        .db(move |conn| contracts::deliver(conn, &actor, &id, &delivered, now))
        .await;
    state.settle_files(stored.promoted, &recorded).await;
    recorded
}

/// A deliverable's file, for whoever may see its contract.
pub async fn download(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (path.into_inner(), state.now());
    let f = state
        .db(move |conn| contracts::submission_file(conn, &actor, &id, now))
        .await?;
    super::public::serve_blob(&req, &state, &f.sha256, &f.file_name, &f.content_type).await
}
