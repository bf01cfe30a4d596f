//! Contracting authorities, supplier organisations, users and their sessions.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{authorities, organisations, sessions, users};

#[derive(Debug, Clone, Queryable, Insertable, serde::Serialize)]
#[diesel(table_name = authorities)]
pub struct Authority {
    pub id: String,
    pub name: String,
    pub fiscal_code: String,
    pub address: String,
    pub created_at: NaiveDateTime,
    /// `AuthorityProfile` as JSON, once recorded.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable, serde::Serialize)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: String,
    pub legal_name: String,
    pub vat_number: String,
    pub country: String,
    pub address: String,
    pub email: String,
    pub created_at: NaiveDateTime,
    /// `SupplierProfile` as JSON, when the supplier gave it.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub display_name: String,
    pub authority_id: Option<String>,
    pub organisation_id: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn set_authority_profile(
    conn: &mut DbConnection,
    id: &str,
    profile: &str,
) -> QueryResult<usize> {
    diesel::update(authorities::table.find(id))
        .set(authorities::profile.eq(Some(profile)))
        .execute(conn)
}

pub fn insert_authority(conn: &mut DbConnection, a: &Authority) -> QueryResult<()> {
    diesel::insert_into(authorities::table)
        .values(a)
        .execute(conn)
        .map(|_| ())
}

pub fn find_authority(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Authority>> {
    authorities::table.find(id).first(conn).optional()
}

pub fn find_authority_by_fiscal_code(
    conn: &mut DbConnection,
    fiscal_code: &str,
) -> QueryResult<Option<Authority>> {
    authorities::table
        .filter(authorities::fiscal_code.eq(fiscal_code))
        .first(conn)
        .optional()
}

pub fn list_authorities(conn: &mut DbConnection) -> QueryResult<Vec<Authority>> {
    authorities::table.order(authorities::name).load(conn)
}

pub fn insert_organisation(conn: &mut DbConnection, o: &Organisation) -> QueryResult<()> {
    diesel::insert_into(organisations::table)
        .values(o)
        .execute(conn)
        .map(|_| ())
}

/// The organisation registered with this (normalised) identifier in this country, if any.
pub fn find_organisation_by_identifier(
    conn: &mut DbConnection,
    country: &str,
    vat_number: &str,
) -> QueryResult<Option<Organisation>> {
    organisations::table
        .filter(organisations::country.eq(country))
        .filter(organisations::vat_number.eq(vat_number))
        .first(conn)
        .optional()
}

pub fn find_organisation(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Organisation>> {
    organisations::table.find(id).first(conn).optional()
}

pub fn insert_user(conn: &mut DbConnection, u: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(u)
        .execute(conn)
        .map(|_| ())
}

pub fn find_user_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .first(conn)
        .optional()
}

pub fn find_user_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table.find(id).first(conn).optional()
}

/// Accounts with a role, by name: officers choose committee members among the evaluators.
pub fn users_with_role(conn: &mut DbConnection, role: &str) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::role.eq(role))
        .order(users::display_name.asc())
        .load(conn)
}

pub fn count_users(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

pub fn insert_session(
    conn: &mut DbConnection,
    token_hash: &str,
    user_id: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now.naive_utc()),
            sessions::expires_at.eq(expires_at.naive_utc()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The user of a live session.
pub fn user_for_session(
    conn: &mut DbConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<UserRow>> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now.naive_utc()))
        .select(users::all_columns)
        .first(conn)
        .optional()
}

pub fn delete_session(conn: &mut DbConnection, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)
}

pub fn delete_expired_sessions(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now.naive_utc()))).execute(conn)
}
