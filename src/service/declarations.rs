//! A request to participate's self-declaration, saved by the candidate before the deadline and
//! read by whoever may read the request's administrative envelope (`receipts::parts_for`); and
//! the committee's check of each request against the call's selection criteria, which the
//! ranking asks (`domain::declaration::failed_criterion`).

use chrono::{DateTime, Datelike, Utc};

use crate::audit::{self, Change};
use crate::db::declarations::{CheckRow, DeclarationRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::declaration::{self as rules, CriterionCheck, SelfDeclaration};
use crate::domain::phase::PhaseKind;
use crate::domain::submission::check_window;
use crate::domain::time::rome_date;
use crate::error::AppError;
use crate::service::proposals::{PhaseRef, load_phase, receipts::parts_for};

fn log(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    proposal_id: &str,
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        Change {
            actor: &actor.user_id,
            action,
            entity_type: "proposal",
            entity_id: proposal_id,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

/// The request and its phase, refused where the phase is not one of requests to participate.
fn request(
    conn: &mut DbConnection,
    proposal_id: &str,
) -> Result<(db::proposals::ProposalRow, PhaseRef), AppError> {
    let p = db::proposals::find(conn, proposal_id)?.ok_or(AppError::NotFound)?;
    let phase = load_phase(conn, &p.phase_id)?;
    Ok((p, phase))
}

fn only_requests(phase: &PhaseRef) -> Result<(), AppError> {
    if phase.call.spec.phases[phase.index].kind == PhaseKind::RequestsToParticipate {
        Ok(())
    } else {
        Err(AppError::conflict(
            "only a request to participate carries a self-declaration and a selection check",
        ))
    }
}

/// The candidate saves (or replaces) its request's self-declaration while the phase is open.
pub fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    declaration: &SelfDeclaration,
    now: DateTime<Utc>,
) -> Result<SelfDeclaration, AppError> {
    write_tx(conn, |conn| {
        let (p, phase) = request(conn, proposal_id)?;
        if actor.organisation_id.as_deref() != Some(p.organisation_id.as_str()) {
            return Err(AppError::NotFound);
        }
        only_requests(&phase)?;
        check_window(
            phase.call.status,
            &phase.call.spec.phases,
            phase.index,
            true,
            now,
        )
        .map_err(AppError::Submission)?;
        if p.status() != crate::domain::submission::ProposalStatus::Submitted {
            return Err(AppError::conflict("the request was withdrawn or replaced"));
        }
        let v = rules::check(declaration, rome_date(now).year());
        if !v.is_empty() {
            return Err(AppError::Invalid(v));
        }
        let json = serde_json::to_string(declaration)
            .map_err(|e| AppError::Unexpected(anyhow::anyhow!(e)))?;
        db::declarations::save(
            conn,
            &DeclarationRow {
                proposal_id: proposal_id.to_string(),
                declaration: json,
                saved_by: actor.user_id.clone(),
                saved_at: now.naive_utc(),
            },
        )?;
        let applies: Vec<&str> = declaration
            .exclusion_grounds
            .iter()
            .filter(|a| a.applies)
            .map(|a| a.ground.as_str())
            .collect();
        log(
            conn,
            actor,
            "declaration.saved",
            proposal_id,
            format!("grounds_that_apply=[{}]", applies.join(",")),
            now,
        )?;
        Ok(declaration.clone())
    })
}

/// The declaration, for whoever may read the request's administrative envelope.
pub fn find(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
) -> Result<SelfDeclaration, AppError> {
    let (p, phase) = request(conn, proposal_id)?;
    let parts = parts_for(conn, actor, &phase, &p)?.ok_or(AppError::NotFound)?;
    if !parts.administrative {
        return Err(AppError::NotFound);
    }
    let row = db::declarations::find(conn, proposal_id)?.ok_or(AppError::NotFound)?;
    serde_json::from_str(&row.declaration)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("stored declaration: {e}")))
}

/// The committee's checks of a request, as the ranking reads them.
pub fn checks_of(
    conn: &mut DbConnection,
    proposal_id: &str,
) -> Result<Vec<CriterionCheck>, AppError> {
    Ok(db::declarations::checks_of(conn, proposal_id)?
        .into_iter()
        .map(|r| CriterionCheck {
            criterion: r.criterion.max(0) as usize,
            passed: r.passed,
            reason: r.reason,
        })
        .collect())
}

/// The checks, for the authority, the committee and the candidate itself.
pub fn checks(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
) -> Result<Vec<CriterionCheck>, AppError> {
    let (p, phase) = request(conn, proposal_id)?;
    parts_for(conn, actor, &phase, &p)?.ok_or(AppError::NotFound)?;
    checks_of(conn, proposal_id)
}

/// The officer or the committee's chair records the check of a request against every selection
/// criterion, after the opening and before the outcome; a request failing one is not selected.
pub fn record_checks(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    checks: &[CriterionCheck],
    now: DateTime<Utc>,
) -> Result<Vec<CriterionCheck>, AppError> {
    write_tx(conn, |conn| {
        let (p, phase) = request(conn, proposal_id)?;
        let officer = actor.is_officer_of(&phase.call.authority_id);
        let chair = db::evaluation::members(conn, &p.phase_id)?
            .iter()
            .any(|(m, _)| m.user_id == actor.user_id && m.is_active() && m.is_chair == 1);
        if !officer && !chair {
            return Err(match parts_for(conn, actor, &phase, &p)? {
                Some(_) => AppError::Forbidden,
                None => AppError::NotFound,
            });
        }
        only_requests(&phase)?;
        if !phase.is_opened() {
            return Err(AppError::conflict("the requests are not opened yet"));
        }
        if db::evaluation::phase_state(conn, &p.phase_id)?
            .decided_at
            .is_some()
        {
            return Err(AppError::conflict(
                "the outcome is confirmed: checks do not change",
            ));
        }
        let v = rules::check_selection(checks, phase.scoring().criteria.len());
        if !v.is_empty() {
            return Err(AppError::Invalid(v));
        }
        let rows: Vec<CheckRow> = checks
            .iter()
            .map(|k| CheckRow {
                proposal_id: proposal_id.to_string(),
                criterion: k.criterion as i32,
                passed: k.passed,
                reason: k.reason.trim().to_string(),
                checked_by: actor.user_id.clone(),
                checked_at: now.naive_utc(),
            })
            .collect();
        db::declarations::save_checks(conn, proposal_id, &rows)?;
        log(
            conn,
            actor,
            "selection.checked",
            proposal_id,
            format!(
                "failed={}",
                rules::failed_criterion(checks).map_or("none".into(), |c| c.to_string())
            ),
            now,
        )?;
        checks_of(conn, proposal_id)
    })
}

/// What a request's declaration page shows its reader.
pub struct DeclarationFile {
    pub call_id: String,
    pub call_title: String,
    pub phase_id: String,
    pub organisation: String,
    /// The reader is the candidate that made the request.
    pub author: bool,
    /// The candidate may still change it (the phase is open).
    pub editable: bool,
    pub declaration: Option<SelfDeclaration>,
    pub checks: Vec<CriterionCheck>,
    /// The reader may record the selection check now.
    pub can_check: bool,
    pub criteria: Vec<String>,
}

/// A request's declaration and checks, for its page: 404 to whoever may not read the request's
/// administrative envelope.
pub fn file(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    now: DateTime<Utc>,
) -> Result<DeclarationFile, AppError> {
    let (p, phase) = request(conn, proposal_id)?;
    let parts = parts_for(conn, actor, &phase, &p)?.ok_or(AppError::NotFound)?;
    if !parts.administrative {
        return Err(AppError::NotFound);
    }
    only_requests(&phase)?;
    let author = actor.organisation_id.as_deref() == Some(p.organisation_id.as_str());
    let editable = author
        && p.status() == crate::domain::submission::ProposalStatus::Submitted
        && check_window(
            phase.call.status,
            &phase.call.spec.phases,
            phase.index,
            true,
            now,
        )
        .is_ok();
    let declaration = match db::declarations::find(conn, proposal_id)? {
        Some(row) => Some(
            serde_json::from_str(&row.declaration)
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("stored declaration: {e}")))?,
        ),
        None => None,
    };
    let chair = db::evaluation::members(conn, &p.phase_id)?
        .iter()
        .any(|(m, _)| m.user_id == actor.user_id && m.is_active() && m.is_chair == 1);
    let decided = db::evaluation::phase_state(conn, &p.phase_id)?
        .decided_at
        .is_some();
    Ok(DeclarationFile {
        call_id: phase.call.id.clone(),
        call_title: phase.call.spec.title.clone(),
        phase_id: p.phase_id.clone(),
        organisation: db::accounts::find_organisation(conn, &p.organisation_id)?
            .map(|o| o.legal_name)
            .unwrap_or_default(),
        author,
        editable,
        declaration,
        checks: checks_of(conn, proposal_id)?,
        can_check: (actor.is_officer_of(&phase.call.authority_id) || chair)
            && phase.is_opened()
            && !decided,
        criteria: phase
            .scoring()
            .criteria
            .iter()
            .map(|c| c.name.clone())
            .collect(),
    })
}
