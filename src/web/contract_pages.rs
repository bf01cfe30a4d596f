//! The pages of PCP contracts: one contract with the forms of its next steps, and a supplier's
//! list. Every act goes through `service::contracts`, as the API's do.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::contract_present::{Typed, describe, line, page, read_date, read_schedule};
use super::ctx::Ctx;
use super::done::Done;
use super::{AppState, see_other};
use crate::domain::access::{Actor, Role};
use crate::domain::money::parse_euro;
use crate::domain::time::rome_date;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n::contracts as words;
use crate::service::contracts::{self, ContractView};
use crate::views::contract::MyContractsPage;
use crate::views::{self};

async fn load(state: &AppState, actor: &Actor, id: &str) -> Result<ContractView, AppError> {
    let (actor, id, now) = (actor.clone(), id.to_string(), state.now());
    state
        .db(move |conn| contracts::contract(conn, &actor, &id, now))
        .await
}

/// The contract page again, with what went wrong; nothing was recorded.
async fn refused_page(
    ctx: &Ctx,
    state: &AppState,
    id: &str,
    typed: Option<&Typed>,
    error: AppError,
) -> Result<HttpResponse, AppError> {
    let (status, errors) = match &error {
        AppError::Invalid(v) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            v.iter().map(|v| describe(v, ctx.lang)).collect(),
        ),
        AppError::Contract(r) => (
            StatusCode::CONFLICT,
            vec![words::refused(*r, ctx.lang).to_string()],
        ),
        _ => return Err(error),
    };
    let actor = ctx.signed_in()?;
    let c = load(state, actor, id).await?;
    Ok(views::page_with_status(
        status,
        &page(ctx, &c, rome_date(state.now()), typed, errors),
    ))
}

pub async fn contract_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let c = load(&state, &actor, &path.into_inner()).await?;
    Ok(views::page(&page(
        &ctx,
        &c,
        rome_date(state.now()),
        None,
        Vec::new(),
    )))
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    csrf: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    schedule: String,
    #[serde(default)]
    amount: String,
}

pub async fn save_schedule(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ScheduleForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let form = form.into_inner();
    let typed = Typed {
        starts_on: form.starts_on,
        schedule: form.schedule,
        amount: form.amount,
    };
    let result = match read_schedule(&typed) {
        (Some(draft), v) if v.is_empty() => {
            let (id, now) = (id.clone(), state.now());
            state
                .db(move |conn| contracts::save_draft(conn, &actor, &id, &draft, now))
                .await
                .map(|_| ())
        }
        (_, v) => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(()) => Ok(see_other(
            &Done::ContractScheduled.on(&format!("/contracts/{id}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &id, Some(&typed), e).await,
    }
}

#[derive(Deserialize)]
pub struct DateForm {
    csrf: String,
    #[serde(default)]
    signed_on: String,
}

pub async fn sign(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<DateForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let mut v = Vec::new();
    let result = match read_date("signed_on", &form.signed_on, &mut v) {
        Some(on) => {
            let (id, now) = (id.clone(), state.now());
            state
                .db(move |conn| contracts::sign(conn, &actor, &id, on, now))
                .await
                .map(|_| ())
        }
        None => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(()) => Ok(see_other(
            &Done::ContractSigned.on(&format!("/contracts/{id}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &id, None, e).await,
    }
}

#[derive(Deserialize)]
pub struct BackTo {
    contract: String,
}

pub async fn sign_framework(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    back: web::Query<BackTo>,
    form: web::Form<DateForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let (framework, contract) = (path.into_inner(), back.into_inner().contract);
    let mut v = Vec::new();
    let result = match read_date("signed_on", &form.signed_on, &mut v) {
        Some(on) => {
            let now = state.now();
            state
                .db(move |conn| contracts::sign_framework(conn, &actor, &framework, on, now))
                .await
                .map(|_| ())
        }
        None => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(()) => Ok(see_other(
            &Done::FrameworkSigned.on(&format!("/contracts/{contract}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &contract, None, e).await,
    }
}

#[derive(Deserialize)]
pub struct ReasonForm {
    csrf: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    decision: String,
}

pub async fn terminate(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let (contract, reason, now) = (id.clone(), form.into_inner().reason, state.now());
    let result = state
        .db(move |conn| contracts::terminate(conn, &actor, &contract, &reason, now))
        .await;
    match result {
        Ok(_) => Ok(see_other(
            &Done::ContractTerminated.on(&format!("/contracts/{id}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &id, None, e).await,
    }
}

/// The contract a deliverable belongs to, for the redirect after an act on it.
async fn contract_of(
    state: &AppState,
    actor: &Actor,
    deliverable: &str,
) -> Result<String, AppError> {
    let (actor, deliverable, now) = (actor.clone(), deliverable.to_string(), state.now());
    state
        .db(move |conn| {
            let d = crate::db::contracts::find_deliverable(conn, &deliverable)?
                .ok_or(AppError::NotFound)?;
            let _ = contracts::contract(conn, &actor, &d.contract_id, now)?;
            Ok(d.contract_id)
        })
        .await
}

pub async fn review(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let deliverable = path.into_inner();
    let contract = contract_of(&state, &actor, &deliverable).await?;
    let form = form.into_inner();
    let (accepted, now) = (form.decision == "accept", state.now());
    let result = state
        .db(move |conn| contracts::review(conn, &actor, &deliverable, accepted, &form.reason, now))
        .await;
    match result {
        Ok(_) => Ok(see_other(
            &Done::DeliverableReviewed.on(&format!("/contracts/{contract}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &contract, None, e).await,
    }
}

#[derive(Deserialize)]
pub struct PaymentForm {
    csrf: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    paid_on: String,
}

pub async fn pay(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<PaymentForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let deliverable = path.into_inner();
    let contract = contract_of(&state, &actor, &deliverable).await?;
    let mut v = Vec::new();
    let paid_on = read_date("paid_on", &form.paid_on, &mut v);
    let amount = parse_euro(&form.amount);
    if amount.is_none() {
        v.push(Violation::new(
            "amount_cents",
            ViolationKind::Malformed {
                detail: format!("«{}»", form.amount.trim()),
            },
        ));
    }
    let result = match (amount, paid_on) {
        (Some(amount), Some(on)) if v.is_empty() => {
            let now = state.now();
            state
                .db(move |conn| {
                    contracts::record_payment(conn, &actor, &deliverable, amount, on, now)
                })
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Invalid(v)),
    };
    match result {
        Ok(()) => Ok(see_other(
            &Done::PaymentRecorded.on(&format!("/contracts/{contract}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &contract, None, e).await,
    }
}

pub async fn hand_in(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    super::upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let deliverable = path.into_inner();
    let contract = contract_of(&state, &actor, &deliverable).await?;
    match super::contracts::deliver(&state, &actor, &deliverable, payload).await {
        Ok(_) => Ok(see_other(
            &Done::DeliverableHandedIn.on(&format!("/contracts/{contract}"), None),
        )),
        Err(e) => refused_page(&ctx, &state, &contract, None, e).await,
    }
}

pub async fn my_contracts(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let now = state.now();
    let list = state
        .db(move |conn| contracts::my_contracts(conn, &actor, now))
        .await?;
    Ok(views::page(&MyContractsPage {
        layout: super::present::layout(&ctx, ctx.tr().s("contracts.mine")),
        contracts: list.iter().map(|c| line(c, ctx.lang)).collect(),
    }))
}
