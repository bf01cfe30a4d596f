//! Storage of notifications, the kinds each person turned off and the CPV codes they follow.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{cpv_subscriptions, notification_opt_outs, notifications};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub call_id: Option<String>,
    pub subject_it: String,
    pub body_it: String,
    pub subject_en: String,
    pub body_en: String,
    pub link: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub once_key: String,
}

/// Records the notice unless one with its key exists; whether it was recorded.
pub fn insert_once(conn: &mut DbConnection, row: &NotificationRow) -> QueryResult<bool> {
    let exists = notifications::table
        .filter(notifications::once_key.eq(&row.once_key))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(notifications::table)
        .values(row)
        .execute(conn)
        .map(|n| n == 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<NotificationRow>> {
    notifications::table.find(id).first(conn).optional()
}

/// A person's notifications, newest first.
pub fn of_user(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<NotificationRow>> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::created_at.desc(), notifications::id.asc()))
        .load(conn)
}

pub fn mark_read(conn: &mut DbConnection, user_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(conn)
}

pub fn opt_outs(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<String>> {
    notification_opt_outs::table
        .filter(notification_opt_outs::user_id.eq(user_id))
        .select(notification_opt_outs::kind)
        .load(conn)
}

/// Replaces a person's preferences: the kinds turned off and the CPV codes followed.
pub fn set_preferences(
    conn: &mut DbConnection,
    user_id: &str,
    off: &[String],
    prefixes: &[String],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(notification_opt_outs::table.filter(notification_opt_outs::user_id.eq(user_id)))
        .execute(conn)?;
    for kind in off {
        diesel::insert_into(notification_opt_outs::table)
            .values((
                notification_opt_outs::user_id.eq(user_id),
                notification_opt_outs::kind.eq(kind),
            ))
            .execute(conn)?;
    }
    diesel::delete(cpv_subscriptions::table.filter(cpv_subscriptions::user_id.eq(user_id)))
        .execute(conn)?;
    for prefix in prefixes {
        diesel::insert_into(cpv_subscriptions::table)
            .values((
                cpv_subscriptions::user_id.eq(user_id),
                cpv_subscriptions::prefix.eq(prefix),
                cpv_subscriptions::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn prefixes_of(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<String>> {
    cpv_subscriptions::table
        .filter(cpv_subscriptions::user_id.eq(user_id))
        .order(cpv_subscriptions::prefix.asc())
        .select(cpv_subscriptions::prefix)
        .load(conn)
}

/// Every subscription: who follows which digits.
pub fn all_subscriptions(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    cpv_subscriptions::table
        .select((cpv_subscriptions::user_id, cpv_subscriptions::prefix))
        .load(conn)
}

/// The phases whose deadline falls in `(from, to]`, with their call: reminders look at these.
pub fn phases_closing(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(String, String)>> {
    use super::schema::phases;
    phases::table
        .filter(phases::deadline.gt(from))
        .filter(phases::deadline.le(to))
        .select((phases::id, phases::call_id))
        .load(conn)
}

/// The users of an organisation.
pub fn users_of(
    conn: &mut DbConnection,
    organisation_id: &str,
) -> QueryResult<Vec<(String, String)>> {
    use super::schema::users;
    users::table
        .filter(users::organisation_id.eq(organisation_id))
        .select((users::id, users::email))
        .load(conn)
}

/// The officers of an authority.
pub fn officers_of(conn: &mut DbConnection, authority_id: &str) -> QueryResult<Vec<String>> {
    use super::schema::users;
    users::table
        .filter(users::authority_id.eq(authority_id))
        .filter(users::role.eq("officer"))
        .select(users::id)
        .load(conn)
}

/// The organisations admitted to a phase, and those whose users hold files for it.
pub fn started_in_phase(conn: &mut DbConnection, phase_id: &str) -> QueryResult<Vec<String>> {
    use super::schema::{admissions, held_files, users};
    let mut orgs: Vec<String> = admissions::table
        .filter(admissions::phase_id.eq(phase_id))
        .select(admissions::organisation_id)
        .load(conn)?;
    let holders: Vec<Option<String>> = held_files::table
        .inner_join(users::table.on(users::id.eq(held_files::user_id)))
        .filter(held_files::phase_id.eq(phase_id))
        .select(users::organisation_id)
        .load(conn)?;
    orgs.extend(holders.into_iter().flatten());
    Ok(orgs)
}
