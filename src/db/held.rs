//! Files of a refused page submission, held for the person who sent them (see the migration).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::held_files;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = held_files)]
pub struct HeldFile {
    pub id: String,
    pub phase_id: String,
    pub user_id: String,
    pub envelope: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub held_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, files: &[HeldFile]) -> QueryResult<()> {
    for f in files {
        diesel::insert_into(held_files::table)
            .values(f)
            .execute(conn)?;
    }
    Ok(())
}

/// The files held for `user_id` in the phase since `since`, in the order they were received.
pub fn of_holder(
    conn: &mut DbConnection,
    user_id: &str,
    phase_id: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<HeldFile>> {
    held_files::table
        .filter(held_files::user_id.eq(user_id))
        .filter(held_files::phase_id.eq(phase_id))
        .filter(held_files::held_at.ge(since))
        .order((held_files::held_at.asc(), held_files::file_name.asc()))
        .load(conn)
}

/// Releases the holder's files in the phase except `keep`; returns the hashes released.
pub fn release_except(
    conn: &mut DbConnection,
    user_id: &str,
    phase_id: &str,
    keep: &[String],
) -> QueryResult<Vec<String>> {
    let released = held_files::table
        .filter(held_files::user_id.eq(user_id))
        .filter(held_files::phase_id.eq(phase_id))
        .filter(held_files::id.ne_all(keep))
        .select(held_files::sha256)
        .load(conn)?;
    diesel::delete(
        held_files::table
            .filter(held_files::user_id.eq(user_id))
            .filter(held_files::phase_id.eq(phase_id))
            .filter(held_files::id.ne_all(keep)),
    )
    .execute(conn)?;
    Ok(released)
}

/// Releases every file held since before `before`; returns how many.
pub fn release_older(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(held_files::table.filter(held_files::held_at.lt(before))).execute(conn)
}

/// Which of `hashes` a file held since `since` refers to.
pub fn referenced(
    conn: &mut DbConnection,
    hashes: &[String],
    since: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    held_files::table
        .filter(held_files::sha256.eq_any(hashes))
        .filter(held_files::held_at.ge(since))
        .select(held_files::sha256)
        .distinct()
        .load(conn)
}
