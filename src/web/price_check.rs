//! The officer's verification of an abnormally low offer, from the evaluation board.

use super::done::Done;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::ctx::Ctx;
use super::evaluator::{Pairs, act};
use super::field;
use crate::domain::access::Role;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::service::evaluation::{self, PriceVerificationInput};

fn read_time(
    form: &Pairs,
    name: &str,
    out: &mut Vec<Violation>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    super::call_form::read_deadline(name, field(form, name), out)
}

/// Every problem of the form at once, then the service's own checks.
pub async fn record(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    form: Pairs,
) -> Result<HttpResponse, AppError> {
    ctx.check_csrf(field(&form, "csrf"))?;
    let actor = ctx.require(Role::Officer)?.actor.clone();
    let ((phase, proposal), now) = (path.into_inner(), state.now());
    let mut violations = Vec::new();
    let requested_at = read_time(&form, "requested_at", &mut violations);
    if requested_at.is_none() && field(&form, "requested_at").trim().is_empty() {
        violations.push(Violation::new("requested_at", ViolationKind::Required));
    }
    let answered_at = read_time(&form, "answered_at", &mut violations);
    let accepted = match field(&form, "accepted") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            violations.push(Violation::new("accepted", ViolationKind::Required));
            None
        }
    };
    let reason = field(&form, "reason").to_string();
    let id = phase.clone();
    act(
        &ctx,
        &state,
        &phase,
        Done::PriceVerified,
        move |conn| match (requested_at, accepted) {
            (Some(requested_at), Some(accepted)) if violations.is_empty() => {
                let input = PriceVerificationInput {
                    requested_at,
                    answered_at,
                    accepted,
                    reason,
                };
                evaluation::record_price_verification(conn, &actor, &id, &proposal, &input, now)
            }
            _ => Err(AppError::Invalid(violations)),
        },
    )
    .await
}
