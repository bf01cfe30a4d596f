//! The supplier area: my organisation and colleagues, open phases, proposals at a glance,
//! questions. Submitting and the receipts are in `proposal_pages`; registration in
//! `registration`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_form::messages_by_field;
use super::ctx::Ctx;
use super::done::Done;
use super::present::{self, FieldBuilder};
use super::see_other;
use crate::db;
use crate::domain::access::Role;
use crate::domain::submission::check_window;
use crate::domain::time::{format_rome, format_rome_seconds};
use crate::domain::violation::Violation;
use crate::error::AppError;
use crate::i18n::{self, Tr};
use crate::service::{self, proposals::Receipt};
use crate::views::supplier::{OpenPhaseView, ProposalRowView, SupplierHomePage};
use crate::views::{self, Input};

fn proposal_row(r: &Receipt, t: Tr) -> ProposalRowView {
    ProposalRowView {
        id: r.proposal_id.clone(),
        receipt_number: r.receipt_number.clone(),
        call_title: r.call_title.clone(),
        phase_name: r.phase_name.clone(),
        status: i18n::proposal_status_name(r.status, t.lang()),
        status_code: r.status.as_str(),
        received_at: format_rome_seconds(r.received_at),
        pending_addenda: r.pending_addenda.len(),
        outcome: present::outcome_view(r, t.lang()),
    }
}

pub async fn home(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    home_with_notice(&ctx, &state, None, &[], ("", "")).await
}

/// An invitation just created: whom it is for, and the link to send them.
struct Invited {
    email: String,
    link: String,
}

async fn home_with_notice(
    ctx: &Ctx,
    state: &AppState,
    invited: Option<Invited>,
    violations: &[Violation],
    (typed_name, typed_email): (&str, &str),
) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let org_id = actor.organisation_id.clone().ok_or(AppError::Forbidden)?;
    let now = state.now();
    let (org, receipts, open, unread) = state
        .db(move |conn| {
            let unread = service::communications::unread(conn, &actor)?;
            let org = db::accounts::find_organisation(conn, &org_id)?.ok_or(AppError::NotFound)?;
            let receipts = service::proposals::receipts_of(conn, &actor)?;
            let admitted = db::proposals::admitted_phases(conn, &org_id)?;
            let filter = db::calls::CallFilter {
                status: Some(crate::domain::call::CallStatus::Published),
                ..Default::default()
            };
            let (calls, _) = db::calls::list(conn, &filter, 0, 200)?;
            let mut open = Vec::new();
            for summary in calls {
                let Some(call) = db::calls::find(conn, &summary.id)? else {
                    continue;
                };
                for (i, phase_id) in call.phase_ids.iter().enumerate() {
                    let is_admitted = admitted.contains(phase_id);
                    if let Ok(deadline) =
                        check_window(call.status, &call.spec.phases, i, is_admitted, now)
                    {
                        let has_active =
                            db::proposals::active_for(conn, phase_id, &org_id)?.is_some();
                        open.push((
                            call.id.clone(),
                            call.spec.title.clone(),
                            call.spec.reference.clone(),
                            phase_id.clone(),
                            call.spec.phases[i].name.clone(),
                            deadline,
                            has_active,
                        ));
                    }
                }
            }
            Ok((org, receipts, open, unread))
        })
        .await?;
    let t = ctx.tr();
    let errors = messages_by_field(violations, ctx.lang);
    let builder = FieldBuilder { t, errors: &errors };
    let colleague_fields = vec![
        builder.field(
            "display_name".into(),
            "user.name",
            typed_name,
            Input::Text,
            None,
            true,
        ),
        builder.field(
            "email".into(),
            "user.email",
            typed_email,
            Input::Text,
            None,
            true,
        ),
    ];
    Ok(views::page_with_status(
        if violations.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &SupplierHomePage {
            layout: present::layout(ctx, t.s("supplier.title")),
            unread,
            organisation: org.legal_name,
            vat_number: org.vat_number,
            country: org.country,
            address: org.address,
            email: org.email,
            open_phases: open
                .into_iter()
                .map(
                    |(
                        call_id,
                        call_title,
                        call_reference,
                        phase_id,
                        phase_name,
                        deadline,
                        has_active,
                    )| OpenPhaseView {
                        call_id,
                        call_title,
                        call_reference,
                        phase_id,
                        phase_name,
                        deadline: format_rome(deadline, ctx.lang),
                        countdown: present::countdown_view(now, deadline, t),
                        has_active,
                    },
                )
                .collect(),
            proposals: receipts.iter().map(|r| proposal_row(r, t)).collect(),
            error_items: views::error_items(
                colleague_fields
                    .iter()
                    .map(|f| (t.s(f.label).to_string(), f)),
                [],
            ),
            colleague_fields,
            colleague_notice: invited
                .as_ref()
                .map(|i| format!("{} {}.", t.s("supplier.colleague_invited"), i.email)),
            colleague_link: invited.map(|i| i.link),
        },
    ))
}

#[derive(Deserialize)]
pub struct ColleagueForm {
    csrf: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
}

pub async fn invite_colleague(
    req: actix_web::HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<ColleagueForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let form = form.into_inner();
    let typed = (form.display_name.clone(), form.email.clone());
    let now = state.now();
    let result = state
        .db(move |conn| {
            service::invitations::invite_colleague(
                conn,
                &actor,
                &form.email,
                &form.display_name,
                now,
            )
        })
        .await;
    match result {
        Ok(issued) => {
            let invited = Invited {
                link: format!(
                    "{}/invitations/{}",
                    super::records::public_base(&req, &state),
                    issued.token
                ),
                email: issued.email,
            };
            home_with_notice(&ctx, &state, Some(invited), &[], ("", "")).await
        }
        Err(AppError::Invalid(v)) => {
            home_with_notice(&ctx, &state, None, &v, (&typed.0, &typed.1)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct QuestionForm {
    csrf: String,
    #[serde(default)]
    question: String,
}

/// A supplier asks a question on a call; the authority answers it publicly.
pub async fn ask_question(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<QuestionForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let call_id = path.into_inner();
    let (id, question, now) = (call_id.clone(), form.question.clone(), state.now());
    state
        .db(move |conn| service::clarifications::ask(conn, &actor, &id, &question, now))
        .await?;
    Ok(see_other(
        &Done::QuestionAsked.on(&format!("/calls/{call_id}"), Some("clarifications")),
    ))
}
