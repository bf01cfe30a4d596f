//! A supplier's proposal: the submission form, the receipt, withdrawing, confirming after an
//! addendum, and the files.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::call_form::messages_by_field;
use super::ctx::Ctx;
use super::done::Done;
use super::present::{self};
use super::submission::{Refused, Sender};
use super::{AppState, submission};
use super::{CsrfForm, see_other};
use crate::db;
use crate::domain::access::Role;
use crate::domain::submission::check_window;
use crate::domain::time::{format_rome, format_rome_seconds};
use crate::domain::violation::Violation;
use crate::error::AppError;
use crate::i18n::{self};
use crate::service::{self};
use crate::views::supplier::{
    EnvelopeView, KeptFileView, ReceiptFileView, ReceiptPage, SubmitPage,
};
use crate::views::{self};

fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

async fn submit_page(
    ctx: &Ctx,
    state: &AppState,
    phase_id: &str,
    violations: &[Violation],
    price: &str,
) -> Result<SubmitPage, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let now = state.now();
    let id = phase_id.to_string();
    let (phase, rules, active, keepable, held) = state
        .db(move |conn| {
            let phase = service::proposals::load_phase(conn, &id)?;
            let rules = service::proposals::check_can_submit(conn, &actor, &phase, now)?;
            let org = actor.organisation_id.clone().unwrap_or_default();
            let active = db::proposals::active_for(conn, &id, &org)?.map(|p| p.receipt_number);
            let keepable = service::proposals::keepable(conn, &actor, &id)?;
            let held = service::proposals::held(conn, &actor, &id, now)?;
            Ok((phase, rules, active, keepable, held))
        })
        .await?;
    let file_view = |id: &str, file_name: &str, size: i64, sha256: &str| KeptFileView {
        id: id.to_string(),
        file_name: file_name.to_string(),
        size: present::file_size(size, ctx.lang),
        sha256: sha256.to_string(),
    };
    let t = ctx.tr();
    let errors = messages_by_field(violations, ctx.lang);
    let spec = &phase.call.spec.phases[phase.index];
    let deadline = spec.deadline.unwrap_or(now);
    // Each problem once, linked to its field (an envelope's file input, the price).
    let mut form_errors: Vec<views::ErrorItem> = Vec::new();
    for v in violations {
        let message = i18n::violation_message(&v.kind, ctx.lang);
        let item = match crate::domain::submission::Envelope::parse(&v.field) {
            Some(e) => views::ErrorItem {
                href: Some(format!("#file-{}", e.as_str())),
                text: format!("{}: {message}", i18n::envelope_name(e, ctx.lang)),
            },
            None if v.field.starts_with("price") => views::ErrorItem {
                href: Some("#price".into()),
                text: format!("{}: {message}", t.s("submit.price")),
            },
            None => views::ErrorItem {
                href: None,
                text: message,
            },
        };
        if !form_errors.iter().any(|e| e.text == item.text) {
            form_errors.push(item);
        }
    }
    Ok(SubmitPage {
        layout: present::layout(ctx, t.s("submit.title")),
        phase_id: phase_id.to_string(),
        call_id: phase.call.id.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_name: spec.name.clone(),
        deadline: format_rome(deadline, ctx.lang),
        countdown: present::countdown_view(now, deadline, t),
        server_time: format_rome_seconds(now),
        accepted_types: rules.accepted_types.join(", ").to_uppercase(),
        accept: rules
            .accepted_types
            .iter()
            .map(|t| format!(".{t}"))
            .collect::<Vec<_>>()
            .join(","),
        max_file: mib(rules.max_file_bytes),
        max_total: mib(rules.max_total_bytes),
        max_files: rules.max_files_per_envelope,
        envelopes: rules
            .envelopes()
            .into_iter()
            .map(|e| EnvelopeView {
                field: e.as_str(),
                label: i18n::envelope_name(e, ctx.lang),
                required: rules.required_files.contains(&e),
                errors: errors.get(e.as_str()).cloned().unwrap_or_default(),
                kept: keepable
                    .iter()
                    .filter(|f| f.envelope == e.as_str())
                    .map(|f| file_view(&f.id, &f.file_name, f.size_bytes, &f.sha256))
                    .collect(),
                held: held
                    .iter()
                    .filter(|f| f.envelope == e.as_str())
                    .map(|f| file_view(&f.id, &f.file_name, f.size_bytes, &f.sha256))
                    .collect(),
            })
            .collect(),
        asks_price: rules.asks_price,
        price: price.to_string(),
        price_errors: errors.get("price").cloned().unwrap_or_default(),
        form_errors,
        replaces: active,
    })
}

pub async fn submit_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(views::page(
        &submit_page(&ctx, &state, &path.into_inner(), &[], "").await?,
    ))
}

pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    super::upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let phase_id = path.into_inner();
    match submission::submit(&state, &actor, &phase_id, payload, Sender::Page).await {
        Ok(id) => Ok(see_other(&format!("/supplier/proposals/{id}?submitted=1"))),
        Err(Refused {
            error: AppError::Invalid(v),
            price,
        }) => Ok(views::page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &submit_page(&ctx, &state, &phase_id, &v, &price).await?,
        )),
        Err(refused) => Err(refused.error),
    }
}

/// The organisation's receipt, whether the proposal can still be replaced or withdrawn, and
/// whether it is a request to participate (which carries a self-declaration).
fn with_changeable(
    conn: &mut crate::db::DbConnection,
    actor: &crate::domain::access::Actor,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(service::proposals::Receipt, bool, bool), AppError> {
    let r = service::proposals::receipt(conn, actor, id)?;
    let phase = service::proposals::load_phase(conn, &r.phase_id)?;
    let open = check_window(
        phase.call.status,
        &phase.call.spec.phases,
        phase.index,
        true,
        now,
    )
    .is_ok();
    let changeable = open && r.status == crate::domain::submission::ProposalStatus::Submitted;
    let request = phase.call.spec.phases[phase.index].kind
        == crate::domain::phase::PhaseKind::RequestsToParticipate;
    Ok((r, changeable, request))
}

#[derive(Deserialize)]
pub struct ReceiptQuery {
    submitted: Option<String>,
}

pub async fn receipt(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ReceiptQuery>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let id = path.into_inner();
    let now = state.now();
    let (r, can_change, is_request) = state
        .db(move |conn| with_changeable(conn, &actor, &id, now))
        .await?;
    let t = ctx.tr();
    Ok(views::page(&ReceiptPage {
        is_request,
        layout: present::layout(&ctx, t.s("receipt.title")),
        id: r.proposal_id.clone(),
        receipt_number: r.receipt_number.clone(),
        status: i18n::proposal_status_name(r.status, ctx.lang),
        status_code: r.status.as_str(),
        closed: r.closed_at.map(|at| {
            (
                i18n::closed_label(r.status, ctx.lang),
                format_rome_seconds(at),
            )
        }),
        received_rome: r.received_at_rome.clone(),
        received_utc: r.received_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        call_id: r.call_id.clone(),
        call_reference: r.call_reference.clone(),
        call_title: r.call_title.clone(),
        phase_id: r.phase_id.clone(),
        phase_name: r.phase_name.clone(),
        organisation: r.organisation_name.clone(),
        price: r.price_cents.map(|c| t.euro(&c)),
        files: r
            .files
            .iter()
            .map(|f| ReceiptFileView {
                envelope: i18n::envelope_name(f.envelope, ctx.lang),
                file_name: f.file_name.clone(),
                size: present::file_size(f.size_bytes, ctx.lang),
                size_bytes: f.size_bytes,
                sha256: f.sha256.clone(),
                href: format!("/supplier/proposals/{}/files/{}", r.proposal_id, f.id),
            })
            .collect(),
        supersedes: r.supersedes.clone(),
        pending_addenda: r.pending_addenda.len(),
        can_change,
        just_submitted: query.submitted.is_some(),
        outcome: present::outcome_view(&r, ctx.lang),
    }))
}

pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(super::field(&form, "csrf"))?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let id = path.into_inner();
    let (check_actor, proposal, now) = (actor.clone(), id.clone(), state.now());
    let (_, changeable, _) = state
        .db(move |conn| with_changeable(conn, &check_actor, &proposal, now))
        .await?;
    if changeable && !super::confirm::is_confirmed(&form) {
        return Ok(super::confirm::page(
            &ctx,
            &format!("/supplier/proposals/{id}/withdraw"),
            &form,
            super::confirm::Ask {
                act: "receipt.withdraw",
                consequence: "confirm.withdraw",
                back: format!("/supplier/proposals/{id}"),
            },
        ));
    }
    let (proposal, now) = (id.clone(), state.now());
    state
        .db(move |conn| service::proposals::withdraw(conn, &actor, &proposal, now))
        .await?;
    Ok(see_other(
        &Done::Withdrawn.on(&format!("/supplier/proposals/{id}"), None),
    ))
}

pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let id = path.into_inner();
    let (proposal, now) = (id.clone(), state.now());
    state
        .db(move |conn| service::proposals::confirm(conn, &actor, &proposal, now))
        .await?;
    Ok(see_other(
        &Done::Reconfirmed.on(&format!("/supplier/proposals/{id}"), None),
    ))
}

/// A proposal's file, for whoever may read the proposal (its organisation while sealed).
pub async fn download_file(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (proposal, file) = path.into_inner();
    let f = state
        .db(move |conn| service::proposals::file_for_reader(conn, &actor, &proposal, &file))
        .await?;
    super::public::serve_blob(&req, &state, &f.sha256, &f.file_name, &f.content_type).await
}
