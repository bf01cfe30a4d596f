//! The pages of complaints and appeals: a bidder files a complaint and reads the answer; the
//! officer records appeals and ANAC requests, the court's decision on interim measures, and
//! answers. Every act goes through `service::challenges`, as the API's do.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::contract_present::read_date;
use super::ctx::Ctx;
use super::done::Done;
use super::{AppState, see_other};
use crate::domain::access::Role;
use crate::domain::challenge::{ChallengeKind, ChallengeStatus, Ground};
use crate::domain::lang::Lang;
use crate::domain::time::rome_date;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n::challenges as words;
use crate::service::challenges::{
    self, AnswerInput, AppealInput, ChallengeView, ComplaintInput, InterimInput,
};
use crate::views::challenge::{ChallengeLine, ChallengesPage};
use crate::views::{self};

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn line(c: &ChallengeView, for_officer: bool, lang: Lang) -> ChallengeLine {
    let t = crate::i18n::Tr(lang);
    let interim = c
        .interim_requested
        .then(|| match (c.interim_granted, c.interim_on) {
            (Some(granted), Some(on)) => format!(
                "{} ({}): {}",
                if granted {
                    t.s("challenges.interim_granted")
                } else {
                    t.s("challenges.interim_refused")
                },
                date(on),
                c.interim_text.clone().unwrap_or_default()
            ),
            _ => t.s("challenges.interim_pending").to_string(),
        });
    let decision = c.decided_on.map(|on| {
        let mut d = format!(
            "{} ({}): {}",
            words::status_label(c.status, lang),
            date(on),
            c.reasons.clone().unwrap_or_default()
        );
        if let Some(m) = c.measures.as_ref().filter(|m| !m.is_empty()) {
            d.push_str(&format!(" — {m}"));
        }
        d
    });
    let open = c.status == ChallengeStatus::Open;
    ChallengeLine {
        id: c.id.clone(),
        kind: words::kind_label(c.kind, lang),
        ground: words::ground_label(c.ground, lang),
        party: c.organisation.clone().unwrap_or_default(),
        court: c.court.clone().unwrap_or_default(),
        filed_on: date(c.filed_on),
        text: c.text.clone(),
        status: words::status_label(c.status, lang),
        interim,
        decision,
        holds_award: c.holds_award,
        can_answer: for_officer && open,
        can_decide_interim: for_officer && c.interim_requested && c.interim_granted.is_none(),
        needs_date: c.kind != ChallengeKind::Complaint,
        files: c
            .files
            .iter()
            .map(|f| {
                (
                    format!("/challenge-files/{}", f.id),
                    format!("{} ({} byte)", f.file_name, f.size_bytes),
                    f.sha256.clone(),
                )
            })
            .collect(),
        can_add_file: for_officer || (open && c.kind == ChallengeKind::Complaint),
    }
}

/// The page of a call's challenges for `ctx`'s user, with `errors` from a refused form.
async fn page(
    ctx: &Ctx,
    state: &AppState,
    call_id: &str,
    status: StatusCode,
    errors: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let for_officer = actor.role == Role::Officer;
    let id = call_id.to_string();
    let (call, list, held, parties) = state
        .db(move |conn| {
            let call = crate::db::calls::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let list = challenges::of_call(conn, &actor, &id)?;
            let held = challenges::award_held(conn, &id)?;
            let mut parties = Vec::new();
            if actor.is_officer_of(&call.authority_id) {
                for phase_id in &call.phase_ids {
                    for p in crate::db::proposals::for_phase(conn, phase_id)? {
                        if !parties.iter().any(|(o, _)| o == &p.organisation_id) {
                            let name =
                                crate::db::accounts::find_organisation(conn, &p.organisation_id)?
                                    .map(|o| o.legal_name)
                                    .unwrap_or_default();
                            parties.push((p.organisation_id, name));
                        }
                    }
                }
            }
            Ok((call, list, held, parties))
        })
        .await?;
    let lang = ctx.lang;
    let heading = ctx.tr().s("challenges.title").to_string();
    let page = ChallengesPage {
        layout: super::present::layout(ctx, &heading),
        heading,
        call_title: call.spec.title.clone(),
        call_href: format!("/calls/{}", call.id),
        action_base: if for_officer {
            format!("/officer/calls/{}/appeals", call.id)
        } else {
            format!("/calls/{}/complaints", call.id)
        },
        for_officer,
        lines: list.iter().map(|c| line(c, for_officer, lang)).collect(),
        errors,
        phases: call
            .phase_ids
            .iter()
            .zip(&call.spec.phases)
            .map(|(id, p)| (id.clone(), p.name.clone()))
            .collect(),
        parties,
        today: rome_date(state.now()).to_string(),
        award_held: held,
        kinds: [ChallengeKind::Appeal, ChallengeKind::AnacOpinion]
            .map(|k| (k.as_str(), words::kind_label(k, lang)))
            .to_vec(),
        grounds: Ground::ALL
            .map(|g| (g.as_str(), words::ground_label(g, lang)))
            .to_vec(),
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    page(&ctx, &state, &path.into_inner(), StatusCode::OK, Vec::new()).await
}

/// After an act: back to the page with the message, or the page again with what went wrong.
async fn after(
    ctx: &Ctx,
    state: &AppState,
    call_id: &str,
    result: Result<(), AppError>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    match result {
        Ok(()) => Ok(see_other(
            &Done::ChallengeRecorded.on(&format!("/calls/{call_id}/challenges"), None),
        )),
        Err(AppError::Invalid(v)) => {
            let errors = v
                .iter()
                .map(|v| {
                    format!(
                        "{}: {}",
                        v.field,
                        crate::i18n::violation_message(&v.kind, lang)
                    )
                })
                .collect();
            page(
                ctx,
                state,
                call_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            )
            .await
        }
        Err(AppError::Challenge(r)) => {
            let errors = vec![words::refused(r, lang).to_string()];
            page(ctx, state, call_id, StatusCode::CONFLICT, errors).await
        }
        Err(e) => Err(e),
    }
}

fn optional(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

fn ground(raw: &str, out: &mut Vec<Violation>) -> Ground {
    Ground::parse(raw).unwrap_or_else(|| {
        out.push(Violation::new("ground", ViolationKind::Required));
        Ground::Award
    })
}

#[derive(Deserialize)]
pub struct ComplaintForm {
    csrf: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    phase_id: String,
    #[serde(default)]
    text: String,
}

pub async fn file_complaint(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<ComplaintForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Supplier)?.actor.clone();
    let call_id = path.into_inner();
    let mut v = Vec::new();
    let input = ComplaintInput {
        ground: ground(&form.ground, &mut v),
        phase_id: optional(&form.phase_id),
        text: form.text.clone(),
    };
    let result = if v.is_empty() {
        let (id, now) = (call_id.clone(), state.now());
        state
            .db(move |conn| challenges::file_complaint(conn, &actor, &id, &input, now))
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(v))
    };
    after(&ctx, &state, &call_id, result).await
}

#[derive(Deserialize)]
pub struct AppealForm {
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    phase_id: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    court: String,
    #[serde(default)]
    filed_on: String,
    #[serde(default)]
    interim_requested: String,
    #[serde(default)]
    text: String,
}

pub async fn record_appeal(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<AppealForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let call_id = path.into_inner();
    let mut v = Vec::new();
    let kind = match ChallengeKind::parse(&form.kind) {
        Some(k @ (ChallengeKind::Appeal | ChallengeKind::AnacOpinion)) => k,
        _ => {
            v.push(Violation::new("kind", ViolationKind::Required));
            ChallengeKind::Appeal
        }
    };
    let ground = ground(&form.ground, &mut v);
    let filed_on = read_date("filed_on", &form.filed_on, &mut v);
    let result = match filed_on {
        Some(filed_on) if v.is_empty() => {
            let input = AppealInput {
                kind,
                ground,
                phase_id: optional(&form.phase_id),
                organisation_id: optional(&form.organisation_id),
                court: optional(&form.court),
                text: form.text.clone(),
                filed_on,
                interim_requested: form.interim_requested == "yes",
            };
            let (id, now) = (call_id.clone(), state.now());
            state
                .db(move |conn| challenges::record_appeal(conn, &actor, &id, &input, now))
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Invalid(v)),
    };
    after(&ctx, &state, &call_id, result).await
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    #[serde(default)]
    accepted: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    measures: String,
    #[serde(default)]
    decided_on: String,
}

async fn call_of(state: &AppState, id: &str) -> Result<String, AppError> {
    let id = id.to_string();
    state
        .db(move |conn| {
            Ok(crate::db::challenges::find(conn, &id)?
                .ok_or(AppError::NotFound)?
                .call_id)
        })
        .await
}

pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let call_id = call_of(&state, &id).await?;
    let mut v = Vec::new();
    let decided_on = optional(&form.decided_on).and_then(|d| read_date("decided_on", &d, &mut v));
    let result = if v.is_empty() {
        let input = AnswerInput {
            accepted: form.accepted == "yes",
            reasons: form.reasons.clone(),
            measures: form.measures.clone(),
            decided_on,
        };
        let now = state.now();
        state
            .db(move |conn| challenges::answer(conn, &actor, &id, &input, now))
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(v))
    };
    after(&ctx, &state, &call_id, result).await
}

#[derive(Deserialize)]
pub struct InterimForm {
    csrf: String,
    #[serde(default)]
    granted: String,
    #[serde(default)]
    decided_on: String,
    #[serde(default)]
    text: String,
}

pub async fn interim(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<InterimForm>,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(&form.csrf)?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let id = path.into_inner();
    let call_id = call_of(&state, &id).await?;
    let mut v = Vec::new();
    let result = match read_date("decided_on", &form.decided_on, &mut v) {
        Some(decided_on) => {
            let input = InterimInput {
                granted: form.granted == "yes",
                decided_on,
                text: form.text.clone(),
            };
            let now = state.now();
            state
                .db(move |conn| challenges::record_interim(conn, &actor, &id, &input, now))
                .await
                .map(|_| ())
        }
        None => Err(AppError::Invalid(v)),
    };
    after(&ctx, &state, &call_id, result).await
}

/// A file added to a challenge from its page (multipart: `csrf` first, then `file`).
pub async fn add_file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    mut payload: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    super::upload::check_leading_csrf(&mut payload, &state, &ctx).await?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let call_id = call_of(&state, &id).await?;
    let result = super::challenge_files::upload(&state, &actor, &id, payload)
        .await
        .map(|_| ());
    after(&ctx, &state, &call_id, result).await
}
