//! A request to participate's page of its self-declaration and selection check: the candidate
//! fills in the declaration while the phase is open; the authority and the committee read it, and
//! the officer or the chair records the check. Every act is `service::declarations`', as the API's.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Datelike;

use super::AppState;
use super::ctx::Ctx;
use super::done::Done;
use super::see_other;
use crate::domain::declaration::{
    CriterionCheck, ExclusionGround, GroundAnswer, SelfDeclaration, SimilarService,
};
use crate::domain::money::{format_euro, parse_euro};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n::dialogue as words;
use crate::service::declarations;
use crate::views::dialogue::{CheckLine, DeclarationPage, GroundLine};
use crate::views::{self};

/// Rows of similar services the form offers.
const SERVICE_ROWS: usize = 3;
/// Criteria a selection check form may carry at most.
const MAX_CHECKED: usize = 32;

/// An amount as typed back into a field, Italian style whatever the page's language.
fn euro_input(cents: i64) -> String {
    format_euro(cents, crate::domain::lang::Lang::It)
        .trim_start_matches('€')
        .trim()
        .to_string()
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    proposal_id: &str,
    status: StatusCode,
    errors: Vec<String>,
    typed: Option<SelfDeclaration>,
) -> Result<HttpResponse, AppError> {
    let actor = ctx.signed_in()?.clone();
    let (id, now) = (proposal_id.to_string(), state.now());
    let f = state
        .db(move |conn| declarations::file(conn, &actor, &id, now))
        .await?;
    let lang = ctx.lang;
    let shown = typed.or_else(|| f.declaration.clone());
    let answer = |g: ExclusionGround| {
        shown
            .as_ref()
            .and_then(|d| d.exclusion_grounds.iter().find(|a| a.ground == g))
    };
    let grounds = ExclusionGround::ALL
        .map(|g| GroundLine {
            code: g.as_str(),
            label: words::ground_label(g, lang),
            applies: answer(g).map(|a| a.applies),
            explanation: answer(g).map(|a| a.explanation.clone()).unwrap_or_default(),
        })
        .to_vec();
    let mut turnover: Vec<String> = shown
        .iter()
        .flat_map(|d| d.turnover_cents.iter().map(|c| euro_input(*c)))
        .collect();
    let mut services: Vec<[String; 4]> = shown
        .iter()
        .flat_map(|d| d.similar_services.iter())
        .map(|s| {
            [
                s.client.clone(),
                s.description.clone(),
                s.year.to_string(),
                euro_input(s.amount_cents),
            ]
        })
        .collect();
    if f.editable {
        turnover.resize(3, String::new());
        services.resize(SERVICE_ROWS.max(services.len()), Default::default());
    }
    let heading = ctx.tr().s("declaration_form.title").to_string();
    let page = DeclarationPage {
        layout: super::present::layout(ctx, &heading),
        heading,
        call_title: f.call_title.clone(),
        call_href: format!("/calls/{}", f.call_id),
        back: if f.author {
            (
                format!("/supplier/proposals/{proposal_id}"),
                ctx.tr().s("supplier.back"),
            )
        } else {
            let area = match ctx.actor().map(|a| a.role) {
                Some(crate::domain::access::Role::Officer) => "officer",
                _ => "evaluator",
            };
            (
                format!("/{area}/phases/{}", f.phase_id),
                ctx.tr().s("declaration_form.back_board"),
            )
        },
        action: format!("/proposals/{proposal_id}/declaration"),
        check_action: format!("/proposals/{proposal_id}/selection-check"),
        organisation: f.organisation.clone(),
        can_edit: f.editable,
        saved: f.declaration.is_some(),
        grounds,
        turnover,
        services,
        certifications: shown.map(|d| d.certifications).unwrap_or_default(),
        checks: f
            .criteria
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let k = f.checks.iter().find(|k| k.criterion == index);
                CheckLine {
                    index,
                    name: name.clone(),
                    passed: k.map(|k| k.passed),
                    reason: k.map(|k| k.reason.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        can_check: f.can_check,
        errors,
    };
    Ok(views::page_with_status(status, &page))
}

pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    page(
        &ctx,
        &state,
        &path.into_inner(),
        StatusCode::OK,
        Vec::new(),
        None,
    )
    .await
}

/// The declaration as typed in the form, with what could not be read in it.
fn read_form(fields: &[(String, String)], this_year: i32) -> (SelfDeclaration, Vec<Violation>) {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut v = Vec::new();
    let exclusion_grounds = ExclusionGround::ALL
        .iter()
        .filter_map(|g| {
            let applies = match get(&format!("ground.{}", g.as_str())).as_str() {
                "yes" => true,
                "no" => false,
                _ => return None,
            };
            Some(GroundAnswer {
                ground: *g,
                applies,
                explanation: get(&format!("explanation.{}", g.as_str())),
            })
        })
        .collect();
    let mut turnover_cents = Vec::new();
    for i in 0..3 {
        let raw = get(&format!("turnover.{i}"));
        if raw.is_empty() {
            continue;
        }
        match parse_euro(&raw) {
            Some(c) => turnover_cents.push(c),
            None => v.push(Violation::new(
                format!("turnover_cents.{i}"),
                ViolationKind::InvalidAmount,
            )),
        }
    }
    let mut similar_services = Vec::new();
    for i in 0..SERVICE_ROWS {
        let cell = |f: &str| get(&format!("service.{i}.{f}"));
        let row = [
            cell("client"),
            cell("description"),
            cell("year"),
            cell("amount"),
        ];
        if row.iter().all(String::is_empty) {
            continue;
        }
        let year = row[2].parse::<i32>().unwrap_or_else(|_| {
            v.push(Violation::new(
                format!("similar_services.{i}.year"),
                ViolationKind::OutOfRange {
                    min: 1990,
                    max: i64::from(this_year),
                },
            ));
            this_year
        });
        let amount_cents = parse_euro(&row[3]).unwrap_or_else(|| {
            v.push(Violation::new(
                format!("similar_services.{i}.amount_cents"),
                ViolationKind::InvalidAmount,
            ));
            0
        });
        similar_services.push(SimilarService {
            client: row[0].clone(),
            description: row[1].clone(),
            year,
            amount_cents,
        });
    }
    let certifications = get("certifications")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (
        SelfDeclaration {
            exclusion_grounds,
            turnover_cents,
            similar_services,
            certifications,
        },
        v,
    )
}

fn error_lines(e: &AppError, lang: crate::domain::lang::Lang) -> Option<(StatusCode, Vec<String>)> {
    let status = match e {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) | AppError::Submission(_) => StatusCode::CONFLICT,
        _ => return None,
    };
    Some((status, super::dialogue_pages::error_lines(e, lang)))
}

fn checked_csrf(ctx: &Ctx, fields: &[(String, String)]) -> Result<(), AppError> {
    let token = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    ctx.check_csrf(token)
}

pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    checked_csrf(&ctx, &form)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let now = state.now();
    let (typed, mut v) = read_form(&form, crate::domain::time::rome_date(now).year());
    let result = if v.is_empty() {
        let (pid, d) = (id.clone(), typed.clone());
        state
            .db(move |conn| declarations::save(conn, &actor, &pid, &d, now))
            .await
            .map(|_| ())
    } else {
        v.extend(crate::domain::declaration::check(
            &typed,
            crate::domain::time::rome_date(now).year(),
        ));
        Err(AppError::Invalid(v))
    };
    match result {
        Ok(()) => Ok(see_other(
            &Done::DialogueRecorded.on(&format!("/proposals/{id}/declaration"), None),
        )),
        Err(e) => match error_lines(&e, ctx.lang) {
            Some((status, errors)) => page(&ctx, &state, &id, status, errors, Some(typed)).await,
            None => Err(e),
        },
    }
}

pub async fn record_check(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    checked_csrf(&ctx, &form)?;
    let actor = ctx.signed_in()?.clone();
    let id = path.into_inner();
    let checks: Vec<CriterionCheck> = (0..MAX_CHECKED)
        .filter_map(|i| {
            let get = |name: String| form.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
            let passed = get(format!("passed.{i}"))?;
            Some(CriterionCheck {
                criterion: i,
                passed: passed == "yes",
                reason: get(format!("reason.{i}")).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let (pid, now) = (id.clone(), state.now());
    let result = state
        .db(move |conn| declarations::record_checks(conn, &actor, &pid, &checks, now))
        .await;
    match result {
        Ok(_) => Ok(see_other(
            &Done::DialogueRecorded.on(&format!("/proposals/{id}/declaration"), Some("selection")),
        )),
        Err(e) => match error_lines(&e, ctx.lang) {
            Some((status, errors)) => page(&ctx, &state, &id, status, errors, None).await,
            None => Err(e),
        },
    }
}
