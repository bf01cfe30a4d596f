//! Storage of complaints, appeals and ANAC opinions; their rules are in `domain::challenge`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{challenge_files, challenges};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = challenges)]
pub struct ChallengeRow {
    pub id: String,
    pub call_id: String,
    pub phase_id: Option<String>,
    pub kind: String,
    pub ground: String,
    pub organisation_id: Option<String>,
    pub court: Option<String>,
    pub text: String,
    pub filed_on: NaiveDate,
    pub filed_by: String,
    pub created_at: NaiveDateTime,
    pub interim_requested: bool,
    pub interim_granted: Option<bool>,
    pub interim_on: Option<NaiveDate>,
    pub interim_text: Option<String>,
    pub status: String,
    pub decided_on: Option<NaiveDate>,
    pub reasons: Option<String>,
    pub measures: Option<String>,
    pub decided_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &ChallengeRow) -> QueryResult<()> {
    diesel::insert_into(challenges::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ChallengeRow>> {
    challenges::table.find(id).first(conn).optional()
}

/// A call's challenges, oldest first.
pub fn of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<ChallengeRow>> {
    challenges::table
        .filter(challenges::call_id.eq(call_id))
        .order((challenges::created_at.asc(), challenges::id.asc()))
        .load(conn)
}

pub fn record_interim(
    conn: &mut DbConnection,
    id: &str,
    granted: bool,
    on: NaiveDate,
    text: &str,
) -> QueryResult<()> {
    diesel::update(challenges::table.find(id))
        .set((
            challenges::interim_granted.eq(granted),
            challenges::interim_on.eq(on),
            challenges::interim_text.eq(text),
        ))
        .execute(conn)
        .map(|_| ())
}

pub struct Decision<'a> {
    pub status: &'a str,
    pub on: NaiveDate,
    pub reasons: &'a str,
    pub measures: &'a str,
    pub by: &'a str,
}

pub fn record_decision(conn: &mut DbConnection, id: &str, d: &Decision) -> QueryResult<()> {
    diesel::update(challenges::table.find(id))
        .set((
            challenges::status.eq(d.status),
            challenges::decided_on.eq(d.on),
            challenges::reasons.eq(d.reasons),
            challenges::measures.eq(d.measures),
            challenges::decided_by.eq(d.by),
        ))
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = challenge_files)]
pub struct ChallengeFileRow {
    pub id: String,
    pub challenge_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
}

pub fn insert_file(conn: &mut DbConnection, row: &ChallengeFileRow) -> QueryResult<()> {
    diesel::insert_into(challenge_files::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_file(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ChallengeFileRow>> {
    challenge_files::table.find(id).first(conn).optional()
}

pub fn files_of(conn: &mut DbConnection, challenge_id: &str) -> QueryResult<Vec<ChallengeFileRow>> {
    challenge_files::table
        .filter(challenge_files::challenge_id.eq(challenge_id))
        .order((
            challenge_files::uploaded_at.asc(),
            challenge_files::id.asc(),
        ))
        .load(conn)
}

/// Every stored file a challenge refers to (for the collector and the backup).
pub fn file_hashes(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    challenge_files::table
        .select(challenge_files::sha256)
        .distinct()
        .load(conn)
}

pub fn referenced_file_hashes(
    conn: &mut DbConnection,
    hashes: &[String],
) -> QueryResult<Vec<String>> {
    challenge_files::table
        .filter(challenge_files::sha256.eq_any(hashes))
        .select(challenge_files::sha256)
        .distinct()
        .load(conn)
}
