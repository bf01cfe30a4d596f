//! Proposals and their files, admissions (the funnel), clarifications and addenda.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    addenda, admissions, clarifications, documents, organisations, proposal_confirmations,
    proposal_files, proposals,
};
use crate::db::calls::Document;
use crate::domain::submission::ProposalStatus;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = proposals)]
pub struct ProposalRow {
    pub id: String,
    pub call_id: String,
    pub phase_id: String,
    pub organisation_id: String,
    pub submitted_by: String,
    pub status: String,
    pub receipt_number: String,
    pub received_at: NaiveDateTime,
    pub price_cents: Option<i64>,
    pub total_bytes: i64,
    pub supersedes: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

impl ProposalRow {
    pub fn status(&self) -> ProposalStatus {
        ProposalStatus::parse(&self.status).unwrap_or(ProposalStatus::Withdrawn)
    }
}

#[derive(Debug, Clone, Queryable, Insertable, serde::Serialize)]
#[diesel(table_name = proposal_files)]
pub struct ProposalFile {
    pub id: String,
    pub proposal_id: String,
    pub envelope: String,
    pub position: i32,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

pub fn insert_proposal(
    conn: &mut DbConnection,
    p: &ProposalRow,
    files: &[ProposalFile],
) -> QueryResult<()> {
    diesel::insert_into(proposals::table)
        .values(p)
        .execute(conn)?;
    for f in files {
        diesel::insert_into(proposal_files::table)
            .values(f)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ProposalRow>> {
    proposals::table.find(id).first(conn).optional()
}

pub fn files(conn: &mut DbConnection, proposal_id: &str) -> QueryResult<Vec<ProposalFile>> {
    proposal_files::table
        .filter(proposal_files::proposal_id.eq(proposal_id))
        .order((
            proposal_files::envelope.asc(),
            proposal_files::position.asc(),
        ))
        .load(conn)
}

pub fn active_for(
    conn: &mut DbConnection,
    phase_id: &str,
    organisation_id: &str,
) -> QueryResult<Option<ProposalRow>> {
    proposals::table
        .filter(proposals::phase_id.eq(phase_id))
        .filter(proposals::organisation_id.eq(organisation_id))
        .filter(proposals::status.eq(ProposalStatus::Submitted.as_str()))
        .first(conn)
        .optional()
}

pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: ProposalStatus,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(proposals::table.find(id))
        .set((
            proposals::status.eq(status.as_str()),
            proposals::closed_at.eq(Some(at.naive_utc())),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Every proposal of a phase, in the order received.
pub fn for_phase(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<ProposalRow>> {
    proposals::table
        .filter(proposals::phase_id.eq(phase_id))
        .order(proposals::received_at.asc())
        .load(conn)
}

/// Every proposal an organisation made, newest first.
pub fn for_organisation(
    conn: &mut DbConnection,
    organisation_id: &str,
) -> QueryResult<Vec<ProposalRow>> {
    proposals::table
        .filter(proposals::organisation_id.eq(organisation_id))
        .order(proposals::received_at.desc())
        .load(conn)
}

/// How many active proposals a phase has: all anyone but their authors learns before the opening.
pub fn count_active(conn: &mut DbConnection, phase_id: &str) -> QueryResult<i64> {
    proposals::table
        .filter(proposals::phase_id.eq(phase_id))
        .filter(proposals::status.eq(ProposalStatus::Submitted.as_str()))
        .count()
        .get_result(conn)
}

/// The next number in this year's receipt sequence; call inside the write transaction.
pub fn next_receipt_sequence(conn: &mut DbConnection, year: i32) -> QueryResult<i64> {
    let prefix = format!("PCPD-{year}-%");
    let count: i64 = proposals::table
        .filter(proposals::receipt_number.like(prefix))
        .count()
        .get_result(conn)?;
    Ok(count + 1)
}

pub fn is_admitted(
    conn: &mut DbConnection,
    phase_id: &str,
    organisation_id: &str,
) -> QueryResult<bool> {
    let n: i64 = admissions::table
        .filter(admissions::phase_id.eq(phase_id))
        .filter(admissions::organisation_id.eq(organisation_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn admit(
    conn: &mut DbConnection,
    phase_id: &str,
    organisation_id: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    if is_admitted(conn, phase_id, organisation_id)? {
        return Ok(());
    }
    diesel::insert_into(admissions::table)
        .values((
            admissions::phase_id.eq(phase_id),
            admissions::organisation_id.eq(organisation_id),
            admissions::admitted_at.eq(at.naive_utc()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The organisations admitted to a phase.
pub fn admitted_to(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<String>> {
    admissions::table
        .filter(admissions::phase_id.eq(phase_id))
        .select(admissions::organisation_id)
        .load(conn)
}

/// Phases an organisation has been admitted to.
pub fn admitted_phases(conn: &mut DbConnection, organisation_id: &str) -> QueryResult<Vec<String>> {
    admissions::table
        .filter(admissions::organisation_id.eq(organisation_id))
        .select(admissions::phase_id)
        .load(conn)
}

/// Every stored file a proposal, a call's document, a contract's deliverable, a challenge or a
/// dialogue message refers to.
pub fn all_referenced_blobs(
    conn: &mut DbConnection,
) -> QueryResult<std::collections::BTreeSet<String>> {
    let mut all: std::collections::BTreeSet<String> = proposal_files::table
        .select(proposal_files::sha256)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    all.extend(
        documents::table
            .select(documents::sha256)
            .distinct()
            .load::<String>(conn)?,
    );
    all.extend(super::contracts::submission_hashes(conn)?);
    all.extend(super::challenges::file_hashes(conn)?);
    all.extend(super::dialogue::file_hashes(conn)?);
    Ok(all)
}

/// Which of `hashes` a proposal's file or a call's document refers to.
pub fn referenced_blobs(
    conn: &mut DbConnection,
    hashes: &[String],
) -> QueryResult<std::collections::HashSet<String>> {
    let mut referenced: std::collections::HashSet<String> = proposal_files::table
        .filter(proposal_files::sha256.eq_any(hashes))
        .select(proposal_files::sha256)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    referenced.extend(
        documents::table
            .filter(documents::sha256.eq_any(hashes))
            .select(documents::sha256)
            .distinct()
            .load::<String>(conn)?,
    );
    referenced.extend(super::contracts::referenced_submission_hashes(
        conn, hashes,
    )?);
    referenced.extend(super::challenges::referenced_file_hashes(conn, hashes)?);
    referenced.extend(super::dialogue::referenced_file_hashes(conn, hashes)?);
    Ok(referenced)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = clarifications)]
pub struct Clarification {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub asked_by: String,
    pub question: String,
    pub asked_at: NaiveDateTime,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// Answered in the asker's dialogue channel, not published.
    pub private: bool,
}

pub fn insert_clarification(conn: &mut DbConnection, c: &Clarification) -> QueryResult<()> {
    diesel::insert_into(clarifications::table)
        .values(c)
        .execute(conn)
        .map(|_| ())
}

pub fn find_clarification(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Clarification>> {
    clarifications::table.find(id).first(conn).optional()
}

pub fn clarifications_for_call(
    conn: &mut DbConnection,
    call_id: &str,
) -> QueryResult<Vec<Clarification>> {
    clarifications::table
        .filter(clarifications::call_id.eq(call_id))
        .order(clarifications::asked_at.asc())
        .load(conn)
}

pub fn answer_clarification(
    conn: &mut DbConnection,
    id: &str,
    answer: &str,
    by: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(clarifications::table.find(id))
        .set((
            clarifications::answer.eq(Some(answer)),
            clarifications::answered_by.eq(Some(by)),
            clarifications::answered_at.eq(Some(at.naive_utc())),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn make_clarification_private(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::update(clarifications::table.find(id))
        .set(clarifications::private.eq(true))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = addenda)]
pub struct Addendum {
    pub id: String,
    pub call_id: String,
    pub number: i32,
    pub body: String,
    pub published_by: String,
    pub published_at: NaiveDateTime,
}

pub fn insert_addendum(
    conn: &mut DbConnection,
    a: &Addendum,
    files: &[Document],
) -> QueryResult<()> {
    diesel::insert_into(addenda::table)
        .values(a)
        .execute(conn)?;
    for f in files {
        diesel::insert_into(documents::table)
            .values(f)
            .execute(conn)?;
    }
    Ok(())
}

/// A call's addenda in order, each with its files.
pub fn addenda_for_call(
    conn: &mut DbConnection,
    call_id: &str,
) -> QueryResult<Vec<(Addendum, Vec<Document>)>> {
    let list: Vec<Addendum> = addenda::table
        .filter(addenda::call_id.eq(call_id))
        .order(addenda::number.asc())
        .load(conn)?;
    let mut files: Vec<Document> = documents::table
        .filter(documents::call_id.eq(call_id))
        .filter(documents::addendum_id.is_not_null())
        .order(documents::uploaded_at.asc())
        .load(conn)?;
    Ok(list
        .into_iter()
        .map(|a| {
            let (mine, rest): (Vec<Document>, Vec<Document>) = files
                .drain(..)
                .partition(|d| d.addendum_id.as_deref() == Some(a.id.as_str()));
            files = rest;
            (a, mine)
        })
        .collect())
}

pub fn confirm(
    conn: &mut DbConnection,
    proposal_id: &str,
    addendum_id: &str,
    by: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(proposal_confirmations::table)
        .values((
            proposal_confirmations::proposal_id.eq(proposal_id),
            proposal_confirmations::addendum_id.eq(addendum_id),
            proposal_confirmations::confirmed_by.eq(by),
            proposal_confirmations::confirmed_at.eq(at.naive_utc()),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn confirmed_addenda(conn: &mut DbConnection, proposal_id: &str) -> QueryResult<Vec<String>> {
    proposal_confirmations::table
        .filter(proposal_confirmations::proposal_id.eq(proposal_id))
        .select(proposal_confirmations::addendum_id)
        .load(conn)
}

pub fn list_organisations(
    conn: &mut DbConnection,
) -> QueryResult<Vec<crate::db::accounts::Organisation>> {
    organisations::table
        .order(organisations::legal_name.asc())
        .load(conn)
}
