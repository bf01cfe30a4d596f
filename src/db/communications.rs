//! Storage of the communications sent after an act; their meaning is in `domain::communication`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::communications;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = communications)]
pub struct CommunicationRow {
    pub id: String,
    pub call_id: String,
    pub phase_id: Option<String>,
    pub kind: String,
    pub organisation_id: String,
    pub subject_it: String,
    pub body_it: String,
    pub subject_en: String,
    pub body_en: String,
    pub created_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub read_at: Option<NaiveDateTime>,
    pub read_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &CommunicationRow) -> QueryResult<()> {
    diesel::insert_into(communications::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CommunicationRow>> {
    communications::table.find(id).first(conn).optional()
}

/// An organisation's communications, newest first.
pub fn of_organisation(
    conn: &mut DbConnection,
    organisation_id: &str,
) -> QueryResult<Vec<CommunicationRow>> {
    communications::table
        .filter(communications::organisation_id.eq(organisation_id))
        .order((communications::created_at.desc(), communications::id.asc()))
        .load(conn)
}

/// How many of an organisation's communications nobody has read yet.
pub fn unread_count(conn: &mut DbConnection, organisation_id: &str) -> QueryResult<usize> {
    communications::table
        .filter(communications::organisation_id.eq(organisation_id))
        .filter(communications::read_at.is_null())
        .count()
        .get_result::<i64>(conn)
        .map(|n| usize::try_from(n).unwrap_or(0))
}

pub fn of_phase(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<CommunicationRow>> {
    communications::table
        .filter(communications::phase_id.eq(phase_id))
        .load(conn)
}

pub fn of_call(conn: &mut DbConnection, call_id: &str) -> QueryResult<Vec<CommunicationRow>> {
    communications::table
        .filter(communications::call_id.eq(call_id))
        .order((communications::created_at.asc(), communications::id.asc()))
        .load(conn)
}

/// Records the first reading; a later one changes nothing. Whether this was the first.
pub fn mark_read(
    conn: &mut DbConnection,
    id: &str,
    reader: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        communications::table
            .find(id)
            .filter(communications::read_at.is_null()),
    )
    .set((
        communications::read_at.eq(at),
        communications::read_by.eq(reader),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
