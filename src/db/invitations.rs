//! One-time links by which a colleague joins an organisation; only each link's hash is kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::invitations;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub token_hash: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub invited_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, invitation: &Invitation) -> QueryResult<()> {
    diesel::insert_into(invitations::table)
        .values(invitation)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<Invitation>> {
    invitations::table.find(token_hash).first(conn).optional()
}

/// Marks the invitation used; false if another request used it first.
pub fn accept(conn: &mut DbConnection, token_hash: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let updated = diesel::update(
        invitations::table
            .find(token_hash)
            .filter(invitations::accepted_at.is_null()),
    )
    .set(invitations::accepted_at.eq(Some(at)))
    .execute(conn)?;
    Ok(updated == 1)
}
