//! The files of dialogue messages, uploaded and downloaded; shared by the pages and the API.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};

use super::ctx::Ctx;
use super::{AppState, upload};
use crate::domain::access::Actor;
use crate::error::AppError;
use crate::service::dialogue::{self, DialogueFileView, ReceivedFile};

/// Streams one file (field `file`) to the blob store, hashing it, then records it on one's own
/// message; the file is collected again if the record is refused.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    message_id: &str,
    payload: Multipart,
) -> Result<DialogueFileView, AppError> {
    let stored = upload::one_document(payload, state).await?;
    let received = ReceivedFile {
        file_name: stored.file_name,
        content_type: stored.content_type,
        size_bytes: stored.size_bytes,
        sha256: stored.sha256,
    };
    let (actor, id, now) = (actor.clone(), message_id.to_string(), state.now());
    let recorded = state
        .db(move |conn| dialogue::add_file(conn, &actor, &id, &received, now))
        .await;
    state.settle_files(stored.promoted, &recorded).await;
    recorded
}

/// A message's file, for whoever may read its channel.
pub async fn download(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let f = state
        .db(move |conn| dialogue::file(conn, &actor, &id))
        .await?;
    super::public::serve_blob(&req, &state, &f.sha256, &f.file_name, &f.content_type).await
}
