//! Storage of the e-mail copies of communications; when to try again is decided in
//! `domain::communication::retry_after`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::mail_outbox;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = mail_outbox)]
pub struct MailRow {
    pub id: String,
    pub communication_id: Option<String>,
    pub to_address: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment: Option<Vec<u8>>,
    pub attachment_sha256: Option<String>,
    pub notification_id: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &MailRow) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<MailRow>> {
    mail_outbox::table.find(id).first(conn).optional()
}

/// The e-mail copies of one communication (one per address).
pub fn of_communication(
    conn: &mut DbConnection,
    communication_id: &str,
) -> QueryResult<Vec<MailRow>> {
    mail_outbox::table
        .filter(mail_outbox::communication_id.eq(communication_id))
        .order(mail_outbox::id.asc())
        .load(conn)
}

/// The ids of the messages due at `now`: not sent, their next attempt reached, nobody's claim
/// running; oldest first.
pub fn due(conn: &mut DbConnection, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<String>> {
    mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::next_attempt_at.le(now))
        .filter(
            mail_outbox::claimed_until
                .is_null()
                .or(mail_outbox::claimed_until.lt(now)),
        )
        .order((mail_outbox::created_at.asc(), mail_outbox::id.asc()))
        .select(mail_outbox::id)
        .limit(limit)
        .load(conn)
}

/// Takes the message for one attempt until `until`, counting the attempt; false when another
/// worker holds it or it is sent. One statement, so that two workers never both win.
pub fn claim(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        mail_outbox::table
            .find(id)
            .filter(mail_outbox::sent_at.is_null())
            .filter(mail_outbox::next_attempt_at.le(now))
            .filter(
                mail_outbox::claimed_until
                    .is_null()
                    .or(mail_outbox::claimed_until.lt(now)),
            ),
    )
    .set((
        mail_outbox::claimed_until.eq(until),
        mail_outbox::attempts.eq(mail_outbox::attempts + 1),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Keeps the attachment rendered for the first attempt, so that every retry sends those bytes.
pub fn set_attachment(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    bytes: &[u8],
    sha256: &str,
) -> QueryResult<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::attachment_name.eq(name),
            mail_outbox::attachment.eq(bytes),
            mail_outbox::attachment_sha256.eq(sha256),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_sent(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::sent_at.eq(at),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn mark_failed(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    next_attempt_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::last_error.eq(error),
            mail_outbox::next_attempt_at.eq(next_attempt_at),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}
