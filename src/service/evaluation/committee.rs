//! The committee: appointed once, each member declaring on conflicts of interest, replacements.

use chrono::{DateTime, Utc};

use crate::db::evaluation::Member;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::evaluation as rules;
use crate::domain::evaluation_steps::{may_appoint, may_replace};
use crate::domain::violation::ViolationKind;
use crate::error::AppError;

use super::{audit_phase, invalid, managed_phase, my_membership, progress, refused};

/// The officer appoints the committee after the deadline: odd, at most the call's maximum, one chair.
pub fn appoint(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    members: &[String],
    chair: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let violations = rules::check_committee(
            members,
            chair,
            phase.call.spec.committee_max.max(1) as usize,
            phase.call.spec.phases[phase.index].deadline,
            now,
        );
        if !violations.is_empty() {
            return Err(AppError::Invalid(violations));
        }
        let appointed = db::evaluation::members(conn, phase_id)?;
        may_appoint(&progress(conn, &phase, &appointed, now)?).map_err(refused)?;
        for user_id in members {
            seat_evaluator(
                conn,
                actor,
                phase_id,
                "members",
                user_id,
                user_id == chair,
                now,
            )?;
        }
        crate::service::notifications::appointed(conn, &phase, members, now)?;
        audit_phase(
            conn,
            actor,
            "committee.appointed",
            phase_id,
            format!("members={} chair={chair}", members.join(",")),
            now,
        )
    })
}

/// Each member declares, before seeing anything, whether they have a conflict of interest
/// (DPR 62/2013 art. 7). A member who declares one leaves the committee; both facts are recorded.
pub fn declare(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    conflict: bool,
    statement: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut violations = Vec::new();
    crate::domain::violation::check_text("statement", statement, 2_000, &mut violations);
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    write_tx(conn, |conn| {
        let member = my_membership(conn, actor, phase_id)?;
        if member.declared_at.is_some() {
            return Err(AppError::Step(
                crate::domain::evaluation_steps::Refusal::DeclarationSigned,
            ));
        }
        db::evaluation::declare(conn, &member.id, conflict, statement.trim(), now)?;
        let action = if conflict {
            "committee.conflict_declared"
        } else {
            "committee.no_conflict_declared"
        };
        audit_phase(
            conn,
            actor,
            action,
            phase_id,
            format!("member={} statement={}", actor.user_id, statement.trim()),
            now,
        )?;
        if conflict {
            db::evaluation::replace(conn, &member.id, now)?;
            audit_phase(
                conn,
                actor,
                "committee.member_replaced",
                phase_id,
                format!("member={} left for a conflict of interest", actor.user_id),
                now,
            )?;
        }
        Ok(())
    })
}

/// Whether a member left (for a conflict) and the committee is below the size it was appointed
/// with: replacements restore that size, no more.
pub fn has_vacancy(members: &[(Member, String)]) -> bool {
    let first = members.iter().map(|(m, _)| m.appointed_at).min();
    let appointed = members
        .iter()
        .filter(|(m, _)| Some(m.appointed_at) == first)
        .count();
    members.iter().filter(|(m, _)| m.is_active()).count() < appointed
}

/// The officer replaces a member who declared a conflict with another evaluator.
pub fn add_replacement(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    user_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| {
        let phase = managed_phase(conn, actor, phase_id)?;
        let members = db::evaluation::members(conn, phase_id)?;
        may_replace(&progress(conn, &phase, &members, now)?).map_err(refused)?;
        if members.iter().any(|(m, _)| m.user_id == user_id) {
            return Err(invalid("user_id", ViolationKind::Duplicate));
        }
        let chair_left = members
            .iter()
            .any(|(m, _)| !m.is_active() && m.is_chair == 1)
            && !members
                .iter()
                .any(|(m, _)| m.is_active() && m.is_chair == 1);
        seat_evaluator(conn, actor, phase_id, "user_id", user_id, chair_left, now)?;
        audit_phase(
            conn,
            actor,
            "committee.member_added",
            phase_id,
            format!("member={user_id}"),
            now,
        )
    })
}

/// Seats an evaluator on the committee; `field` names the input that chose them.
fn seat_evaluator(
    conn: &mut DbConnection,
    actor: &Actor,
    phase_id: &str,
    field: &str,
    user_id: &str,
    chair: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let user = db::accounts::find_user_by_id(conn, user_id)?;
    if user
        .as_ref()
        .is_none_or(|u| u.role != Role::Evaluator.as_str())
    {
        return Err(invalid(
            field,
            ViolationKind::Malformed {
                detail: format!("{user_id} is not an evaluator"),
            },
        ));
    }
    db::evaluation::insert_member(
        conn,
        &Member {
            id: uuid::Uuid::new_v4().to_string(),
            phase_id: phase_id.to_string(),
            user_id: user_id.to_string(),
            is_chair: i32::from(chair),
            appointed_at: now.naive_utc(),
            appointed_by: actor.user_id.clone(),
            declared_at: None,
            has_conflict: None,
            declaration: None,
            scores_submitted_at: None,
            replaced_at: None,
        },
    )?;
    Ok(())
}
