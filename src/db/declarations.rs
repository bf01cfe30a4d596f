//! Storage of requests' self-declarations and of the committee's selection checks; their rules
//! are in `domain::declaration`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{request_declarations, selection_checks};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = request_declarations)]
pub struct DeclarationRow {
    pub proposal_id: String,
    pub declaration: String,
    pub saved_by: String,
    pub saved_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, proposal_id: &str) -> QueryResult<Option<DeclarationRow>> {
    request_declarations::table
        .find(proposal_id)
        .first(conn)
        .optional()
}

/// Replaces the proposal's declaration.
pub fn save(conn: &mut DbConnection, row: &DeclarationRow) -> QueryResult<()> {
    diesel::delete(request_declarations::table.find(&row.proposal_id)).execute(conn)?;
    diesel::insert_into(request_declarations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = selection_checks)]
pub struct CheckRow {
    pub proposal_id: String,
    pub criterion: i32,
    pub passed: bool,
    pub reason: String,
    pub checked_by: String,
    pub checked_at: NaiveDateTime,
}

pub fn checks_of(conn: &mut DbConnection, proposal_id: &str) -> QueryResult<Vec<CheckRow>> {
    selection_checks::table
        .filter(selection_checks::proposal_id.eq(proposal_id))
        .order(selection_checks::criterion.asc())
        .load(conn)
}

/// Replaces the proposal's checks, one row per criterion.
pub fn save_checks(
    conn: &mut DbConnection,
    proposal_id: &str,
    rows: &[CheckRow],
) -> QueryResult<()> {
    diesel::delete(selection_checks::table.filter(selection_checks::proposal_id.eq(proposal_id)))
        .execute(conn)?;
    for row in rows {
        diesel::insert_into(selection_checks::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
