//! Storage of the dialogue's channels, files, sessions, consents and closing; their rules are in
//! `domain::dialogue`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{
    dialogue_closings, dialogue_consents, dialogue_files, dialogue_messages, dialogue_sessions,
};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = dialogue_messages)]
pub struct MessageRow {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub phase_id: Option<String>,
    pub reply_to: Option<String>,
    pub kind: String,
    pub from_authority: bool,
    pub author_id: String,
    pub body: String,
    pub body_en: Option<String>,
    pub answer_by: Option<chrono::NaiveDate>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub read_by: Option<String>,
    /// The message it quotes, and the consent that allowed quoting another candidate's.
    pub quotes: Option<String>,
    pub quote_consent_id: Option<String>,
}

pub fn insert_message(conn: &mut DbConnection, row: &MessageRow) -> QueryResult<()> {
    diesel::insert_into(dialogue_messages::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_message(conn: &mut DbConnection, id: &str) -> QueryResult<Option<MessageRow>> {
    dialogue_messages::table.find(id).first(conn).optional()
}

/// A channel's messages, oldest first.
pub fn messages_of(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
) -> QueryResult<Vec<MessageRow>> {
    dialogue_messages::table
        .filter(dialogue_messages::call_id.eq(call_id))
        .filter(dialogue_messages::organisation_id.eq(organisation_id))
        .order((
            dialogue_messages::created_at.asc(),
            dialogue_messages::id.asc(),
        ))
        .load(conn)
}

/// Every message of a call's channels (for the report).
pub fn messages_of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<MessageRow>> {
    dialogue_messages::table
        .filter(dialogue_messages::call_id.eq(call_id))
        .order((
            dialogue_messages::created_at.asc(),
            dialogue_messages::id.asc(),
        ))
        .load(conn)
}

/// Keeps the first reading of the messages the other side sent; later readings change nothing.
pub fn mark_read(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
    sent_by_authority: bool,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        dialogue_messages::table
            .filter(dialogue_messages::call_id.eq(call_id))
            .filter(dialogue_messages::organisation_id.eq(organisation_id))
            .filter(dialogue_messages::from_authority.eq(sent_by_authority))
            .filter(dialogue_messages::read_at.is_null()),
    )
    .set((
        dialogue_messages::read_at.eq(at),
        dialogue_messages::read_by.eq(by),
    ))
    .execute(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = dialogue_files)]
pub struct FileRow {
    pub id: String,
    pub message_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
    pub shared_from: Option<String>,
    pub consent_id: Option<String>,
}

pub fn insert_file(conn: &mut DbConnection, row: &FileRow) -> QueryResult<()> {
    diesel::insert_into(dialogue_files::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_file(conn: &mut DbConnection, id: &str) -> QueryResult<Option<FileRow>> {
    dialogue_files::table.find(id).first(conn).optional()
}

pub fn files_of(conn: &mut DbConnection, message_id: &str) -> QueryResult<Vec<FileRow>> {
    dialogue_files::table
        .filter(dialogue_files::message_id.eq(message_id))
        .order((dialogue_files::uploaded_at.asc(), dialogue_files::id.asc()))
        .load(conn)
}

/// Every stored file a dialogue message refers to (for the collector and the backup).
pub fn file_hashes(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    dialogue_files::table
        .select(dialogue_files::sha256)
        .distinct()
        .load(conn)
}

pub fn referenced_file_hashes(
    conn: &mut DbConnection,
    hashes: &[String],
) -> QueryResult<Vec<String>> {
    dialogue_files::table
        .filter(dialogue_files::sha256.eq_any(hashes))
        .select(dialogue_files::sha256)
        .distinct()
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = dialogue_sessions)]
pub struct SessionRow {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub phase_id: Option<String>,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub attendees: String,
    pub agenda: String,
    pub minutes: String,
    pub status: String,
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    pub minutes_sha256: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_session(conn: &mut DbConnection, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(dialogue_sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_session(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SessionRow>> {
    dialogue_sessions::table.find(id).first(conn).optional()
}

pub fn sessions_of(
    conn: &mut DbConnection,
    call_id: &str,
    organisation_id: &str,
) -> QueryResult<Vec<SessionRow>> {
    dialogue_sessions::table
        .filter(dialogue_sessions::call_id.eq(call_id))
        .filter(dialogue_sessions::organisation_id.eq(organisation_id))
        .order((
            dialogue_sessions::starts_at.asc(),
            dialogue_sessions::id.asc(),
        ))
        .load(conn)
}

pub fn sessions_of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<SessionRow>> {
    dialogue_sessions::table
        .filter(dialogue_sessions::call_id.eq(call_id))
        .order((
            dialogue_sessions::starts_at.asc(),
            dialogue_sessions::id.asc(),
        ))
        .load(conn)
}

pub fn write_minutes(
    conn: &mut DbConnection,
    id: &str,
    minutes: &str,
    status: &str,
) -> QueryResult<()> {
    diesel::update(dialogue_sessions::table.find(id))
        .set((
            dialogue_sessions::minutes.eq(minutes),
            dialogue_sessions::status.eq(status),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_minutes_status(conn: &mut DbConnection, id: &str, status: &str) -> QueryResult<()> {
    diesel::update(dialogue_sessions::table.find(id))
        .set(dialogue_sessions::status.eq(status))
        .execute(conn)
        .map(|_| ())
}

/// Freezes approved minutes: only while they await approval, so that two approvals race to one.
pub fn approve_minutes(
    conn: &mut DbConnection,
    id: &str,
    sha256: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        dialogue_sessions::table
            .find(id)
            .filter(dialogue_sessions::status.eq("awaiting_approval")),
    )
    .set((
        dialogue_sessions::status.eq("approved"),
        dialogue_sessions::minutes_sha256.eq(sha256),
        dialogue_sessions::approved_by.eq(by),
        dialogue_sessions::approved_at.eq(at),
    ))
    .execute(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = dialogue_consents)]
pub struct ConsentRow {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub subject: String,
    pub file_id: Option<String>,
    pub shared_with: Option<String>,
    pub purpose: String,
    pub status: String,
    pub requested_by: String,
    pub requested_at: NaiveDateTime,
    pub answered_by: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// The message of the candidate's channel it covers, if one.
    pub message_id: Option<String>,
}

pub fn insert_consent(conn: &mut DbConnection, row: &ConsentRow) -> QueryResult<()> {
    diesel::insert_into(dialogue_consents::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_consent(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ConsentRow>> {
    dialogue_consents::table.find(id).first(conn).optional()
}

pub fn consents_of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<ConsentRow>> {
    dialogue_consents::table
        .filter(dialogue_consents::call_id.eq(call_id))
        .order((
            dialogue_consents::requested_at.asc(),
            dialogue_consents::id.asc(),
        ))
        .load(conn)
}

/// Records the candidate's answer, only while the request is open.
pub fn answer_consent(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        dialogue_consents::table
            .find(id)
            .filter(dialogue_consents::status.eq("requested")),
    )
    .set((
        dialogue_consents::status.eq(status),
        dialogue_consents::answered_by.eq(by),
        dialogue_consents::answered_at.eq(at),
    ))
    .execute(conn)
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = dialogue_closings)]
pub struct ClosingRow {
    pub call_id: String,
    pub text: String,
    pub concluded_by: String,
    pub concluded_at: NaiveDateTime,
}

pub fn insert_closing(conn: &mut DbConnection, row: &ClosingRow) -> QueryResult<()> {
    diesel::insert_into(dialogue_closings::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn closing(conn: &mut DbConnection, call_id: &str) -> QueryResult<Option<ClosingRow>> {
    dialogue_closings::table
        .find(call_id)
        .first(conn)
        .optional()
}
