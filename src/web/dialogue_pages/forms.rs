//! The dialogue's forms: each reads its fields, asks `service::dialogue` and goes back to the
//! channel, or shows it again with what went wrong.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::super::contract_present::read_date;
use super::super::ctx::Ctx;
use super::super::done::Done;
use super::super::{AppState, see_other, upload};
use super::{channel_page, error_lines, list_page};
use crate::domain::time::parse_rome;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::dialogue::{self, ConsentInput, MessageInput, ReceivedFile, SessionInput};

fn status_of(e: &AppError) -> Option<StatusCode> {
    match e {
        AppError::Invalid(_) => Some(StatusCode::UNPROCESSABLE_ENTITY),
        AppError::Dialogue(_) | AppError::Conflict(_) => Some(StatusCode::CONFLICT),
        _ => None,
    }
}

/// Back to the channel after an act, or the channel again with the refusal.
async fn after(
    ctx: &Ctx,
    state: &AppState,
    (call_id, org): (&str, &str),
    fragment: &str,
    result: Result<(), AppError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => Ok(see_other(
            &Done::DialogueRecorded.on(&format!("/calls/{call_id}/dialogue/{org}"), Some(fragment)),
        )),
        Err(e) => match status_of(&e) {
            Some(status) => {
                let errors = error_lines(&e, ctx.lang);
                channel_page(ctx, state, (call_id, org), status, errors).await
            }
            None => Err(e),
        },
    }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A message (multipart: `csrf` first, then `body`, `reply_to`, `answer_by`, `shared_file_id`
/// and an optional `file`).
pub async fn post_message(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    mut payload: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
    let actor = ctx.signed_in()?.clone();
    let (call_id, org) = path.into_inner();
    let (form, document) = match upload::texts_and_document(payload, &state).await {
        Ok(read) => read,
        Err(e) => return after(&ctx, &state, (&call_id, &org), "write", Err(e)).await,
    };
    let mut v = Vec::new();
    let answer_by =
        optional(form.text("answer_by")).and_then(|d| read_date("answer_by", &d, &mut v));
    let input = MessageInput {
        body: form.text("body").to_string(),
        answer_by,
        reply_to: optional(form.text("reply_to")),
        shared_file_ids: optional(form.text("shared_file_id")).into_iter().collect(),
        quoted_message_id: optional(form.text("quoted_message_id")),
    };
    let files: Vec<ReceivedFile> = document
        .iter()
        .map(|d| ReceivedFile {
            file_name: d.file_name.clone(),
            content_type: d.content_type.clone(),
            size_bytes: d.size_bytes,
            sha256: d.sha256.clone(),
        })
        .collect();
    let recorded = if v.is_empty() {
        let (id, o, lang, now) = (call_id.clone(), org.clone(), ctx.lang, state.now());
        state
            .db(move |conn| {
                dialogue::post_message(conn, &actor, &id, &o, &input, &files, lang, now)
            })
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(v))
    };
    if let Some(d) = document {
        state.settle_files(d.promoted, &recorded).await;
    }
    after(&ctx, &state, (&call_id, &org), "messages", recorded).await
}

#[derive(Deserialize)]
pub struct SessionForm {
    csrf: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    attendees: String,
    #[serde(default)]
    agenda: String,
}

pub async fn schedule(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<SessionForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let (call_id, org) = path.into_inner();
    let result = match parse_rome(&form.starts_at) {
        Ok(starts_at) => {
            let input = SessionInput {
                starts_at,
                place: form.place.clone(),
                attendees: form.attendees.clone(),
                agenda: form.agenda.clone(),
            };
            let (id, o, now) = (call_id.clone(), org.clone(), state.now());
            state
                .db(move |conn| dialogue::schedule(conn, &actor, &id, &o, &input, now))
                .await
                .map(|_| ())
        }
        Err(_) => Err(AppError::Invalid(vec![Violation::new(
            "starts_at",
            ViolationKind::InvalidDate {
                value: form.starts_at.clone(),
            },
        )])),
    };
    after(&ctx, &state, (&call_id, &org), "sessions", result).await
}

/// The call and candidate of a session, to go back to its channel.
async fn channel_of_session(state: &AppState, id: &str) -> Result<(String, String), AppError> {
    let id = id.to_string();
    state
        .db(move |conn| {
            let s = crate::db::dialogue::find_session(conn, &id)?.ok_or(AppError::NotFound)?;
            Ok((s.call_id, s.organisation_id))
        })
        .await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    csrf: String,
    #[serde(default)]
    minutes: String,
    /// `save`, or `submit` to send them for approval as well.
    #[serde(default)]
    then: String,
}

pub async fn minutes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<MinutesForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let (call_id, org) = channel_of_session(&state, &id).await?;
    let (text, submit, now) = (form.minutes.clone(), form.then == "submit", state.now());
    let result = state
        .db(move |conn| {
            dialogue::write(conn, &actor, &id, &text, now)?;
            if submit {
                dialogue::submit(conn, &actor, &id, now)?;
            }
            Ok(())
        })
        .await;
    after(&ctx, &state, (&call_id, &org), "sessions", result).await
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let (call_id, org) = channel_of_session(&state, &id).await?;
    let now = state.now();
    let result = state
        .db(move |conn| dialogue::approve(conn, &actor, &id, now).map(|_| ()))
        .await;
    after(&ctx, &state, (&call_id, &org), "sessions", result).await
}

#[derive(Deserialize)]
pub struct ChangesForm {
    csrf: String,
    #[serde(default)]
    changes: String,
}

pub async fn changes(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ChangesForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let (call_id, org) = channel_of_session(&state, &id).await?;
    let (text, now) = (form.changes.clone(), state.now());
    let result = state
        .db(move |conn| dialogue::request_changes(conn, &actor, &id, &text, now).map(|_| ()))
        .await;
    after(&ctx, &state, (&call_id, &org), "sessions", result).await
}

#[derive(Deserialize)]
pub struct ConsentForm {
    csrf: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    file_id: String,
    #[serde(default)]
    message_id: String,
    #[serde(default)]
    shared_with: String,
    #[serde(default)]
    purpose: String,
}

pub async fn ask_consent(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: web::Form<ConsentForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let (call_id, org) = path.into_inner();
    let input = ConsentInput {
        subject: form.subject.clone(),
        file_id: optional(&form.file_id),
        message_id: optional(&form.message_id),
        shared_with: optional(&form.shared_with),
        purpose: form.purpose.clone(),
    };
    let (id, o, now) = (call_id.clone(), org.clone(), state.now());
    let result = state
        .db(move |conn| dialogue::request_consent(conn, &actor, &id, &o, &input, now).map(|_| ()))
        .await;
    after(&ctx, &state, (&call_id, &org), "consents", result).await
}

#[derive(Deserialize)]
pub struct ConsentAnswerForm {
    csrf: String,
    #[serde(default)]
    given: String,
}

pub async fn answer_consent(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ConsentAnswerForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let lookup = id.clone();
    let (call_id, org) = state
        .db(move |conn| {
            let c = crate::db::dialogue::find_consent(conn, &lookup)?.ok_or(AppError::NotFound)?;
            Ok((c.call_id, c.organisation_id))
        })
        .await?;
    let (given, now) = (form.given == "yes", state.now());
    let result = state
        .db(move |conn| dialogue::answer_consent(conn, &actor, &id, given, now).map(|_| ()))
        .await;
    after(&ctx, &state, (&call_id, &org), "consents", result).await
}

#[derive(Deserialize)]
pub struct ConcludeForm {
    csrf: String,
    #[serde(default)]
    text: String,
}

pub async fn conclude(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ConcludeForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.signed_in()?.clone();
    let call_id = path.into_inner();
    let (id, text, now) = (call_id.clone(), form.text.clone(), state.now());
    let result = state
        .db(move |conn| dialogue::conclude(conn, &actor, &id, &text, now))
        .await;
    match result {
        Ok(()) => Ok(see_other(
            &Done::DialogueRecorded.on(&format!("/calls/{call_id}/dialogue"), None),
        )),
        Err(e) => match status_of(&e) {
            Some(status) => {
                let errors = error_lines(&e, ctx.lang);
                list_page(&ctx, &state, &call_id, status, errors).await
            }
            None => Err(e),
        },
    }
}
