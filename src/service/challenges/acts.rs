//! The acts on challenges: filing a complaint, recording an appeal or an ANAC request, the
//! court's decision on interim measures, the answer or decision, and the files.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::audit;
use crate::db::challenges::{ChallengeRow, Decision};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::challenge::{
    self as rules, ChallengeKind, ChallengeRefusal, ChallengeStatus, Ground,
};
use crate::domain::time::rome_date;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;

use super::ChallengeView;
use super::{ChallengeFileView, ReceivedFile, can_view, facts, view};

/// What a bidder files.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComplaintInput {
    pub ground: Ground,
    /// The phase whose act is complained of, if one.
    pub phase_id: Option<String>,
    pub text: String,
}

/// What the officer records of an appeal or a request for ANAC's opinion.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AppealInput {
    /// `appeal` or `anac_opinion`.
    pub kind: ChallengeKind,
    pub ground: Ground,
    pub phase_id: Option<String>,
    /// The appellant, among the organisations that took part; none for another party.
    pub organisation_id: Option<String>,
    /// For an appeal: the court (e.g. "TAR Emilia-Romagna, Bologna") and docket number.
    pub court: Option<String>,
    pub text: String,
    pub filed_on: NaiveDate,
    #[serde(default)]
    pub interim_requested: bool,
}

/// The authority's answer to a complaint, or the decision on an appeal or opinion.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub accepted: bool,
    pub reasons: String,
    /// Required when accepted: what the authority does (re-evaluation, annulment of the act…).
    #[serde(default)]
    pub measures: String,
    /// For an appeal or an opinion: when it was decided (a complaint is answered today).
    pub decided_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InterimInput {
    pub granted: bool,
    pub decided_on: NaiveDate,
    pub text: String,
}

fn invalid_if_any(v: Vec<Violation>) -> Result<(), AppError> {
    if v.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(v))
    }
}

fn log(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    id: &str,
    after: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::append(
        conn,
        audit::Change {
            actor: &actor.user_id,
            action,
            entity_type: "challenge",
            entity_id: id,
            before: String::new(),
            after,
        },
        now,
    )?;
    Ok(())
}

/// The organisations with a proposal in the call, and whether each was excluded in any phase.
fn took_part(
    conn: &mut DbConnection,
    call: &db::calls::CallRecord,
    organisation_id: &str,
) -> Result<(bool, bool), AppError> {
    let (mut part, mut excluded) = (false, false);
    for phase_id in &call.phase_ids {
        let mine: Vec<String> = db::proposals::for_phase(conn, phase_id)?
            .into_iter()
            .filter(|p| p.organisation_id == organisation_id)
            .map(|p| p.id)
            .collect();
        part |= !mine.is_empty();
        excluded |= crate::service::evaluation_views::confirmed_ranking(conn, phase_id)?
            .iter()
            .any(|l| mine.contains(&l.proposal_id) && l.excluded.is_some());
    }
    Ok((part, excluded))
}

fn check_phase(call: &db::calls::CallRecord, phase_id: &Option<String>) -> Result<(), AppError> {
    match phase_id {
        Some(p) if !call.phase_ids.contains(p) => Err(AppError::Invalid(vec![Violation::new(
            "phase_id",
            ViolationKind::Malformed {
                detail: "not a phase of this call".into(),
            },
        )])),
        _ => Ok(()),
    }
}

/// A bidder's complaint about the call's terms, its exclusion, another's admission or the award.
pub fn file_complaint(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    input: &ComplaintInput,
    now: DateTime<Utc>,
) -> Result<ChallengeView, AppError> {
    let organisation_id = match (actor.role, &actor.organisation_id) {
        (Role::Supplier, Some(org)) => org.clone(),
        _ => return Err(AppError::Challenge(ChallengeRefusal::NotYours)),
    };
    invalid_if_any(rules::check_filing(&input.text, None))?;
    write_tx(conn, |conn| {
        let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
        if !call.is_public() {
            return Err(AppError::NotFound);
        }
        check_phase(&call, &input.phase_id)?;
        let (part, excluded) = took_part(conn, &call, &organisation_id)?;
        if !rules::may_complain(part, input.ground, excluded) {
            return Err(AppError::Challenge(ChallengeRefusal::NotAParty));
        }
        let row = ChallengeRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            phase_id: input.phase_id.clone(),
            kind: ChallengeKind::Complaint.as_str().into(),
            ground: input.ground.as_str().into(),
            organisation_id: Some(organisation_id.clone()),
            court: None,
            text: input.text.trim().to_string(),
            filed_on: rome_date(now),
            filed_by: actor.user_id.clone(),
            created_at: now.naive_utc(),
            interim_requested: false,
            interim_granted: None,
            interim_on: None,
            interim_text: None,
            status: ChallengeStatus::Open.as_str().into(),
            decided_on: None,
            reasons: None,
            measures: None,
            decided_by: None,
        };
        db::challenges::insert(conn, &row)?;
        log(
            conn,
            actor,
            "complaint.filed",
            &row.id,
            format!("ground={} organisation={organisation_id}", row.ground),
            now,
        )?;
        view(conn, row)
    })
}

/// The officer records an appeal lodged with the court, or a request for ANAC's opinion.
pub fn record_appeal(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
    input: &AppealInput,
    now: DateTime<Utc>,
) -> Result<ChallengeView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let call = crate::service::calls::load_managed(conn, actor, call_id)?;
        if input.kind == ChallengeKind::Complaint {
            return Err(AppError::Challenge(ChallengeRefusal::NotYours));
        }
        let court =
            (input.kind == ChallengeKind::Appeal).then(|| input.court.as_deref().unwrap_or(""));
        let mut v = rules::check_filing(&input.text, court);
        let earliest = rome_date(call.published_at.unwrap_or(now));
        v.extend(rules::check_step_date(
            "filed_on",
            input.filed_on,
            earliest,
            today,
        ));
        invalid_if_any(v)?;
        check_phase(&call, &input.phase_id)?;
        if let Some(org) = &input.organisation_id
            && !took_part(conn, &call, org)?.0
        {
            return Err(AppError::Challenge(ChallengeRefusal::NotAParty));
        }
        let row = ChallengeRow {
            id: uuid::Uuid::new_v4().to_string(),
            call_id: call_id.to_string(),
            phase_id: input.phase_id.clone(),
            kind: input.kind.as_str().into(),
            ground: input.ground.as_str().into(),
            organisation_id: input.organisation_id.clone(),
            court: court.map(|c| c.trim().to_string()),
            text: input.text.trim().to_string(),
            filed_on: input.filed_on,
            filed_by: actor.user_id.clone(),
            created_at: now.naive_utc(),
            interim_requested: input.kind == ChallengeKind::Appeal && input.interim_requested,
            interim_granted: None,
            interim_on: None,
            interim_text: None,
            status: ChallengeStatus::Open.as_str().into(),
            decided_on: None,
            reasons: None,
            measures: None,
            decided_by: None,
        };
        db::challenges::insert(conn, &row)?;
        log(
            conn,
            actor,
            &format!("{}.recorded", row.kind),
            &row.id,
            format!(
                "ground={} filed_on={} interim_requested={}",
                row.ground, row.filed_on, row.interim_requested
            ),
            now,
        )?;
        view(conn, row)
    })
}

/// A challenge of a call this officer manages.
fn managed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(db::calls::CallRecord, ChallengeRow), AppError> {
    let row = db::challenges::find(conn, id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
    if actor.is_officer_of(&call.authority_id) {
        Ok((call, row))
    } else if can_view(actor, &call.authority_id, &row) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// The court's decision on the interim measures an appeal asked for.
pub fn record_interim(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    input: &InterimInput,
    now: DateTime<Utc>,
) -> Result<ChallengeView, AppError> {
    write_tx(conn, |conn| {
        let (_, row) = managed(conn, actor, id)?;
        rules::check_interim(&facts(&row)?).map_err(AppError::Challenge)?;
        let mut v = Vec::new();
        crate::domain::violation::check_text("text", &input.text, rules::MAX_TEXT_CHARS, &mut v);
        v.extend(rules::check_step_date(
            "decided_on",
            input.decided_on,
            row.filed_on,
            rome_date(now),
        ));
        invalid_if_any(v)?;
        db::challenges::record_interim(
            conn,
            id,
            input.granted,
            input.decided_on,
            input.text.trim(),
        )?;
        log(
            conn,
            actor,
            "appeal.interim_decided",
            id,
            format!("granted={} decided_on={}", input.granted, input.decided_on),
            now,
        )?;
        let row = db::challenges::find(conn, id)?.ok_or(AppError::NotFound)?;
        view(conn, row)
    })
}

/// The authority answers a complaint (the complainant is told), or records the decision on an
/// appeal or an opinion.
pub fn answer(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    input: &AnswerInput,
    now: DateTime<Utc>,
) -> Result<ChallengeView, AppError> {
    let today = rome_date(now);
    write_tx(conn, |conn| {
        let (call, row) = managed(conn, actor, id)?;
        let f = facts(&row)?;
        let mut v = rules::check_answer(f.status, input.accepted, &input.reasons, &input.measures)
            .map_err(AppError::Challenge)?;
        let decided_on = match (f.kind, input.decided_on) {
            (ChallengeKind::Complaint, _) => today,
            (_, Some(on)) => {
                v.extend(rules::check_step_date(
                    "decided_on",
                    on,
                    row.filed_on,
                    today,
                ));
                on
            }
            (_, None) => {
                v.push(Violation::new("decided_on", ViolationKind::Required));
                today
            }
        };
        invalid_if_any(v)?;
        let status = if input.accepted {
            ChallengeStatus::Accepted
        } else {
            ChallengeStatus::Rejected
        };
        let (reasons, measures) = (input.reasons.trim(), input.measures.trim());
        db::challenges::record_decision(
            conn,
            id,
            &Decision {
                status: status.as_str(),
                on: decided_on,
                reasons,
                measures,
                by: &actor.user_id,
            },
        )?;
        log(
            conn,
            actor,
            &format!("{}.decided", row.kind),
            id,
            format!("status={} decided_on={decided_on}", status.as_str()),
            now,
        )?;
        if let (ChallengeKind::Complaint, Some(org)) = (f.kind, &row.organisation_id) {
            let (title, reference) = (&call.spec.title, &call.spec.reference);
            crate::service::communications::notify_complaint_answer(
                conn,
                &call.id,
                org,
                |lang| {
                    crate::i18n::challenges::answer_text(
                        title,
                        reference,
                        input.accepted,
                        reasons,
                        measures,
                        lang,
                    )
                },
                now,
            )?;
        }
        let row = db::challenges::find(conn, id)?.ok_or(AppError::NotFound)?;
        view(conn, row)
    })
}

/// Adds a file to a challenge: the complainant's organisation to its open complaint, the
/// authority's officers to any challenge of their call.
pub fn add_file(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    file: &ReceivedFile,
    now: DateTime<Utc>,
) -> Result<ChallengeFileView, AppError> {
    write_tx(conn, |conn| {
        let row = db::challenges::find(conn, id)?.ok_or(AppError::NotFound)?;
        let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
        if !can_view(actor, &call.authority_id, &row) {
            return Err(AppError::NotFound);
        }
        let f = facts(&row)?;
        let complainant = actor.role == Role::Supplier
            && f.kind == ChallengeKind::Complaint
            && f.status == ChallengeStatus::Open;
        if !(complainant || actor.is_officer_of(&call.authority_id)) {
            return Err(AppError::Challenge(ChallengeRefusal::NotYours));
        }
        let stored = db::challenges::ChallengeFileRow {
            id: uuid::Uuid::new_v4().to_string(),
            challenge_id: id.to_string(),
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            size_bytes: file.size_bytes,
            sha256: file.sha256.clone(),
            uploaded_by: actor.user_id.clone(),
            uploaded_at: now.naive_utc(),
        };
        db::challenges::insert_file(conn, &stored)?;
        log(
            conn,
            actor,
            "challenge.file_added",
            id,
            format!("{}={}", stored.file_name, stored.sha256),
            now,
        )?;
        Ok(ChallengeFileView {
            id: stored.id,
            file_name: stored.file_name,
            size_bytes: stored.size_bytes,
            sha256: stored.sha256,
            uploaded_at: now,
        })
    })
}
