//! Complaints filed by bidders and answered by the authority; appeals to the administrative court
//! and requests for ANAC's opinion, recorded by the officer with the court's decision on interim
//! measures. Whether they hold the award is `domain::challenge::holds_award`, asked by contract
//! signing, the conclusion of the procedure and the results.

mod acts;

pub use acts::{
    AnswerInput, AppealInput, ComplaintInput, InterimInput, add_file, answer, file_complaint,
    record_appeal, record_interim,
};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::challenges::ChallengeRow;
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::challenge::{self as rules, ChallengeKind, ChallengeStatus, Facts, Ground};
use crate::error::AppError;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChallengeView {
    pub id: String,
    pub call_id: String,
    pub phase_id: Option<String>,
    pub kind: ChallengeKind,
    pub ground: Ground,
    /// The complainant or appellant, where one is named.
    pub organisation_id: Option<String>,
    pub organisation: Option<String>,
    pub court: Option<String>,
    pub text: String,
    pub filed_on: NaiveDate,
    pub interim_requested: bool,
    pub interim_granted: Option<bool>,
    pub interim_on: Option<NaiveDate>,
    pub interim_text: Option<String>,
    pub status: ChallengeStatus,
    pub decided_on: Option<NaiveDate>,
    pub reasons: Option<String>,
    pub measures: Option<String>,
    /// It keeps the award from becoming final and the contract from being signed.
    pub holds_award: bool,
    pub files: Vec<ChallengeFileView>,
}

/// A file of a challenge, by its name and fingerprint.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChallengeFileView {
    pub id: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A file already in the blob store, to be recorded on a challenge: as a contract's hand-in.
pub type ReceivedFile = crate::service::contracts::DeliveredFile;

pub(super) fn facts(r: &ChallengeRow) -> Result<Facts, AppError> {
    let bad = |what: &str| AppError::Unexpected(anyhow::anyhow!("stored {what} unknown"));
    Ok(Facts {
        kind: ChallengeKind::parse(&r.kind).ok_or_else(|| bad("kind"))?,
        ground: Ground::parse(&r.ground).ok_or_else(|| bad("ground"))?,
        interim_requested: r.interim_requested,
        interim_granted: r.interim_granted,
        status: ChallengeStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
    })
}

pub(super) fn view(conn: &mut DbConnection, r: ChallengeRow) -> Result<ChallengeView, AppError> {
    let f = facts(&r)?;
    let organisation = match &r.organisation_id {
        Some(id) => db::accounts::find_organisation(conn, id)?.map(|o| o.legal_name),
        None => None,
    };
    let files = db::challenges::files_of(conn, &r.id)?
        .into_iter()
        .map(|f| ChallengeFileView {
            id: f.id,
            file_name: f.file_name,
            size_bytes: f.size_bytes,
            sha256: f.sha256,
            uploaded_at: f.uploaded_at.and_utc(),
        })
        .collect();
    Ok(ChallengeView {
        files,
        id: r.id,
        call_id: r.call_id,
        phase_id: r.phase_id,
        kind: f.kind,
        ground: f.ground,
        organisation_id: r.organisation_id,
        organisation,
        court: r.court,
        text: r.text,
        filed_on: r.filed_on,
        interim_requested: r.interim_requested,
        interim_granted: r.interim_granted,
        interim_on: r.interim_on,
        interim_text: r.interim_text,
        status: f.status,
        decided_on: r.decided_on,
        reasons: r.reasons,
        measures: r.measures,
        holds_award: rules::holds_award(&f),
    })
}

/// Whether any challenge of the call holds its award now.
pub fn award_held(conn: &mut DbConnection, call_id: &str) -> Result<bool, AppError> {
    for r in db::challenges::of_call(conn, call_id)? {
        if rules::holds_award(&facts(&r)?) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The authority's officers see every challenge of the call; a bidder those it is named in.
pub(super) fn can_view(actor: &Actor, authority_id: &str, row: &ChallengeRow) -> bool {
    row.organisation_id
        .as_deref()
        .is_some_and(|org| crate::domain::contract::can_view(actor, authority_id, org))
        || actor.is_officer_of(authority_id)
}

/// The challenges of a call that `actor` may read.
pub fn of_call(
    conn: &mut DbConnection,
    actor: &Actor,
    call_id: &str,
) -> Result<Vec<ChallengeView>, AppError> {
    let call = db::calls::find(conn, call_id)?.ok_or(AppError::NotFound)?;
    if !call.is_public() && !actor.is_officer_of(&call.authority_id) {
        return Err(AppError::NotFound);
    }
    db::challenges::of_call(conn, call_id)?
        .into_iter()
        .filter(|r| can_view(actor, &call.authority_id, r))
        .map(|r| view(conn, r))
        .collect()
}

/// One challenge, for whoever may read it.
pub fn find(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<ChallengeView, AppError> {
    let row = db::challenges::find(conn, id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
    if !can_view(actor, &call.authority_id, &row) {
        return Err(AppError::NotFound);
    }
    view(conn, row)
}

/// Every challenge of the call, for the procurement report (its record, not its texts).
pub fn for_report(conn: &mut DbConnection, call_id: &str) -> Result<Vec<ChallengeView>, AppError> {
    db::challenges::of_call(conn, call_id)?
        .into_iter()
        .map(|r| view(conn, r))
        .collect()
}

/// A challenge's file, for whoever may read the challenge (the same rule as `find`).
pub fn file(
    conn: &mut DbConnection,
    actor: &Actor,
    file_id: &str,
) -> Result<db::challenges::ChallengeFileRow, AppError> {
    let f = db::challenges::find_file(conn, file_id)?.ok_or(AppError::NotFound)?;
    find(conn, actor, &f.challenge_id)?;
    Ok(f)
}
