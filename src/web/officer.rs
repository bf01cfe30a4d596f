//! Officer pages: create, edit and publish calls. The home is `officer_home`; cancelling and
//! concluding are in `call_lifecycle`; documents are attached in `call_documents`; questions are
//! answered and addenda published in `addenda`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::AppState;
use super::call_form::{CallForm, FormAction, messages_by_field};
use super::confirm;
use super::ctx::Ctx;
use super::done::Done;
use super::present::{self, FieldBuilder};
use super::{field, see_other};
use crate::db::calls::CallRecord;
use crate::domain::access::Role;
use crate::domain::call::{CallAction, CallStatus, transition};
use crate::domain::phase::{self, Procedure};
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n;
use crate::service;
use crate::views::{self, Choice, EditCallPage, NewCallPage};

pub const DOCUMENT_TYPES: [&str; 7] = ["pdf", "odt", "ods", "docx", "xlsx", "zip", "p7m"];

fn procedure_choices(ctx: &Ctx, selected: Option<Procedure>) -> Vec<Choice> {
    Procedure::ALL
        .into_iter()
        .map(|p| Choice {
            value: p.as_str().to_string(),
            label: i18n::procedure_name(p, ctx.lang).to_string(),
            selected: Some(p) == selected,
        })
        .collect()
}

fn new_call_view(ctx: &Ctx, pairs: &[(String, String)], violations: &[Violation]) -> NewCallPage {
    let errors = messages_by_field(violations, ctx.lang);
    let selected = pairs
        .iter()
        .find(|(k, _)| k == "procedure")
        .and_then(|(_, v)| Procedure::parse(v));
    let form = CallForm::from_pairs(selected.unwrap_or(Procedure::Pcp), pairs);
    let builder = FieldBuilder {
        t: ctx.tr(),
        errors: &errors,
    };
    let fields = builder.call_fields(&form);
    let procedure_errors = errors.get("procedure").cloned().unwrap_or_default();
    NewCallPage {
        layout: present::layout(ctx, ctx.tr().s("new.title")),
        procedures: procedure_choices(ctx, selected),
        procedure_error: (!procedure_errors.is_empty()).then(|| procedure_errors.join(" ")),
        error_items: views::error_items(
            fields.iter().map(|f| (f.label.to_string(), f)),
            procedure_errors.into_iter().map(|e| views::ErrorItem {
                href: Some("#procedure".into()),
                text: format!("{}: {e}", ctx.tr().s("calls.procedure")),
            }),
        ),
        fields,
    }
}

pub async fn new_call_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.require(Role::Officer)?;
    Ok(views::page(&new_call_view(&ctx, &[], &[])))
}

pub async fn create_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.require(Role::Officer)?.clone();
    let pairs = form.into_inner();
    ctx.check_csrf(field(&pairs, "csrf"))?;
    let Some(procedure) = Procedure::parse(field(&pairs, "procedure")) else {
        let v = [Violation::new("procedure", ViolationKind::Required)];
        return Ok(views::page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_call_view(&ctx, &pairs, &v),
        ));
    };
    let mut spec = match CallForm::from_pairs(procedure, &pairs).to_spec() {
        Ok(spec) => spec,
        Err(v) => {
            return Ok(views::page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_call_view(&ctx, &pairs, &v),
            ));
        }
    };
    spec.phases = phase::template(procedure);
    let now = state.now();
    let created = state
        .db(move |conn| service::calls::create(conn, &user.actor, &spec, now))
        .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1"))),
        Err(AppError::Invalid(v)) => Ok(views::page_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_call_view(&ctx, &pairs, &v),
        )),
        Err(e) => Err(e),
    }
}

/// Everything the edit page can show besides the form itself.
pub(super) struct EditExtras {
    pub(super) notice: Option<String>,
    pub(super) document_errors: Vec<String>,
    pub(super) cancel_reason: String,
    pub(super) cancel_errors: Vec<String>,
}

impl EditExtras {
    pub(super) fn none() -> Self {
        EditExtras {
            notice: None,
            document_errors: Vec::new(),
            cancel_reason: String::new(),
            cancel_errors: Vec::new(),
        }
    }
}

pub(super) fn edit_page(
    ctx: &Ctx,
    call: &CallRecord,
    form: &CallForm,
    violations: &[Violation],
    extras: EditExtras,
) -> EditCallPage {
    let t = ctx.tr();
    let mut errors = messages_by_field(violations, ctx.lang);
    let builder = FieldBuilder { t, errors: &errors };
    let fields = builder.call_fields(form);
    let phases = builder.phase_forms(form);
    // Errors with no field of their own on the page are listed at the top.
    let shown: std::collections::HashSet<String> = fields
        .iter()
        .chain(phases.iter().flat_map(|p| {
            p.fields
                .iter()
                .chain(p.criteria.iter().flat_map(|c| c.fields.iter()))
        }))
        .map(|f| f.name.clone())
        .chain((0..phases.len()).map(|i| format!("phases.{i}.criteria")))
        .collect();
    errors.retain(|k, _| !shown.contains(k));
    let mut unplaced: Vec<String> = errors.into_values().flatten().collect();
    unplaced.sort();
    let phase_label = |p: &views::PhaseFormView| format!("{} {}", t.s("call.phase"), p.number);
    let labelled = fields
        .iter()
        .map(|f| (f.label.to_string(), f))
        .chain(phases.iter().flat_map(|p| {
            p.fields
                .iter()
                .map(move |f| (format!("{} · {}", phase_label(p), f.label), f))
                .chain(p.criteria.iter().enumerate().flat_map(move |(j, c)| {
                    c.fields.iter().map(move |f| {
                        (
                            format!(
                                "{} · {} {} · {}",
                                phase_label(p),
                                t.s("call.criterion"),
                                j + 1,
                                f.label
                            ),
                            f,
                        )
                    })
                }))
        }));
    let linked = |href: &str, texts: Vec<String>| {
        texts.into_iter().map({
            let href = href.to_string();
            move |text| views::ErrorItem {
                href: Some(href.clone()),
                text,
            }
        })
    };
    let elsewhere: Vec<views::ErrorItem> = phases
        .iter()
        .flat_map(|p| {
            p.criteria_errors.iter().map(|e| views::ErrorItem {
                href: Some(format!("#phase-{}", p.number)),
                text: format!("{} · {}: {e}", phase_label(p), t.s("call.criteria")),
            })
        })
        .chain(
            unplaced
                .into_iter()
                .map(|text| views::ErrorItem { href: None, text }),
        )
        .chain(linked("#documents", extras.document_errors.clone()))
        .chain(linked("#cancel", extras.cancel_errors.clone()))
        .collect();
    let error_items = views::error_items(labelled, elsewhere);
    EditCallPage {
        layout: present::layout(ctx, t.s("edit.title")),
        call_id: call.id.clone(),
        title: call.spec.title.clone(),
        procedure_code: call.spec.procedure.as_str(),
        procedure: t.procedure(&call.spec.procedure),
        status: t.status(&call.status),
        status_code: call.status.as_str(),
        is_draft: call.status == CallStatus::Draft,
        can_cancel: transition(call.status, CallAction::Cancel).is_ok(),
        can_conclude: transition(call.status, CallAction::Conclude).is_ok(),
        notice: extras.notice,
        error_items,
        fields,
        phases,
        documents: call
            .documents
            .iter()
            .map(|d| present::document_view(&call.id, d, ctx.lang))
            .collect(),
        document_errors: extras.document_errors,
        cancel_reason: extras.cancel_reason,
        cancel_errors: extras.cancel_errors,
    }
}

pub(super) async fn load_managed(
    state: &AppState,
    ctx: &Ctx,
    id: String,
) -> Result<CallRecord, AppError> {
    let actor = ctx.require(Role::Officer)?.actor.clone();
    state
        .db(move |conn| service::calls::load_managed(conn, &actor, &id))
        .await
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn edit_call_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let call = load_managed(&state, &ctx, id.clone()).await?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let typed = state
        .db(move |conn| service::calls::typed(conn, &actor, &id))
        .await?;
    // What was typed and not yet saved comes back with its errors, as it was left.
    let (form, violations, notice) = match typed {
        Some(typed) => {
            let form = CallForm::from_pairs(call.spec.procedure, &typed.pairs);
            let violations = form.check(typed.publish.then(|| state.now())).1;
            (form, violations, Some(ctx.tr().s("edit.kept")))
        }
        None => (
            CallForm::from_spec(&call.spec),
            Vec::new(),
            query.saved.as_ref().map(|_| ctx.tr().s("edit.saved")),
        ),
    };
    Ok(views::page(&edit_page(
        &ctx,
        &call,
        &form,
        &violations,
        EditExtras {
            notice: notice.map(str::to_string),
            ..EditExtras::none()
        },
    )))
}

pub async fn update_call(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let pairs = form.into_inner();
    ctx.check_csrf(field(&pairs, "csrf"))?;
    let call = load_managed(&state, &ctx, id.clone()).await?;
    transition(call.status, CallAction::Edit).map_err(AppError::Refused)?;
    let action = FormAction::parse(field(&pairs, "action")).unwrap_or(FormAction::Save);
    let mut form = CallForm::from_pairs(call.spec.procedure, &pairs);
    let rerender = |form: &CallForm, violations: &[Violation], notice: Option<String>| {
        let status = if violations.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        Ok(views::page_with_status(
            status,
            &edit_page(
                &ctx,
                &call,
                form,
                violations,
                EditExtras {
                    notice,
                    ..EditExtras::none()
                },
            ),
        ))
    };
    if !matches!(action, FormAction::Save | FormAction::Publish) {
        form.apply(action);
        return rerender(&form, &[], Some(ctx.tr().s("edit.unsaved").to_string()));
    }
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let now = state.now();
    let publish = action == FormAction::Publish;
    let (spec, violations) = form.check(publish.then_some(now));
    let ask_first = publish && !confirm::is_confirmed(&pairs);
    let (write_actor, call_id) = (actor.clone(), id.clone());
    let result = if !violations.is_empty() {
        Err(AppError::Invalid(violations))
    } else {
        state
            .db(move |conn| {
                if publish && !ask_first {
                    service::calls::publish(conn, &write_actor, &call_id, Some(&spec), now)
                } else {
                    // Before asking, the draft is saved, so that going back loses nothing.
                    service::calls::update(conn, &write_actor, &call_id, &spec, now)
                }
            })
            .await
    };
    if ask_first && result.is_ok() {
        return Ok(confirm::page(
            &ctx,
            &format!("/officer/calls/{id}"),
            &pairs,
            confirm::Ask {
                act: "edit.publish",
                consequence: "confirm.publish",
                back: format!("/officer/calls/{id}/edit"),
            },
        ));
    }
    match result {
        Ok(()) if publish => Ok(see_other(
            &Done::Published.on(&format!("/calls/{id}"), None),
        )),
        Ok(()) => Ok(see_other(&format!("/officer/calls/{id}/edit?saved=1"))),
        Err(AppError::Invalid(v)) => {
            // Nothing typed is lost: it is kept with the draft and shown again with its errors.
            let typed: Vec<(String, String)> = pairs
                .into_iter()
                .filter(|(name, _)| name != "csrf" && name != "action")
                .collect();
            let verb = if publish { "publish" } else { "save" };
            state
                .db(move |conn| service::calls::keep_typed(conn, &actor, &id, verb, &typed, now))
                .await?;
            rerender(&form, &v, Some(ctx.tr().s("edit.kept").to_string()))
        }
        Err(e) => Err(e),
    }
}
