//! Storage of the hash-chained audit log; the chain itself is defined in `crate::audit`.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::audit_events;
use crate::audit::AuditEvent;

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    seq: i64,
    at: chrono::NaiveDateTime,
    actor: String,
    action: String,
    entity_type: String,
    entity_id: String,
    before_summary: String,
    after_summary: String,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        AuditEvent {
            seq: r.seq,
            at: r.at.and_utc(),
            actor: r.actor,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: r.before_summary,
            after: r.after_summary,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

pub fn last(conn: &mut DbConnection) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .order(audit_events::seq.desc())
        .first::<AuditRow>(conn)
        .optional()
        .map(|r| r.map(Into::into))
}

pub fn insert(conn: &mut DbConnection, e: &AuditEvent) -> QueryResult<()> {
    let row = AuditRow {
        seq: e.seq,
        at: e.at.naive_utc(),
        actor: e.actor.clone(),
        action: e.action.clone(),
        entity_type: e.entity_type.clone(),
        entity_id: e.entity_id.clone(),
        before_summary: e.before.clone(),
        after_summary: e.after.clone(),
        prev_hash: e.prev_hash.clone(),
        hash: e.hash.clone(),
    };
    diesel::insert_into(audit_events::table)
        .values(&row)
        .execute(conn)
        .map(|_| ())
}

/// Events in chain order, `limit` at a time after `after_seq`.
pub fn page(conn: &mut DbConnection, after_seq: i64, limit: i64) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::seq.gt(after_seq))
        .order(audit_events::seq.asc())
        .limit(limit)
        .load::<AuditRow>(conn)
        .map(|rows| rows.into_iter().map(Into::into).collect())
}

pub fn for_entity(
    conn: &mut DbConnection,
    entity_type: &str,
    entity_id: &str,
) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::entity_type.eq(entity_type))
        .filter(audit_events::entity_id.eq(entity_id))
        .order(audit_events::seq.asc())
        .load::<AuditRow>(conn)
        .map(|rows| rows.into_iter().map(Into::into).collect())
}

/// The chain's head as it stood at `at`: the last event recorded then or before.
pub fn head_at(
    conn: &mut DbConnection,
    at: chrono::DateTime<chrono::Utc>,
) -> QueryResult<Option<AuditEvent>> {
    audit_events::table
        .filter(audit_events::at.le(at.naive_utc()))
        .order(audit_events::seq.desc())
        .first::<AuditRow>(conn)
        .optional()
        .map(|r| r.map(Into::into))
}
