//! The audit log: every state change appends an event whose hash covers the previous event's
//! hash, so that removing, reordering or editing any event breaks the chain from there on.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::db::{self, DbConnection};
use crate::domain::time::truncate_to_micros;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The user id, or `system` for the command line and the demo loader.
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What a state change records; `before` and `after` are short human-readable summaries.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub before: String,
    pub after: String,
}

pub fn event_hash(e: &AuditEvent) -> String {
    // A JSON array keeps field boundaries unambiguous whatever the summaries contain.
    let canonical = serde_json::json!([
        e.seq,
        e.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        e.actor,
        e.action,
        e.entity_type,
        e.entity_id,
        e.before,
        e.after,
        e.prev_hash
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Appends an event; call it inside the write transaction of the change it records.
pub fn append(
    conn: &mut DbConnection,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> diesel::QueryResult<AuditEvent> {
    let last = db::audit::last(conn)?;
    let (seq, prev_hash) = match last {
        Some(e) => (e.seq + 1, e.hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let mut event = AuditEvent {
        seq,
        at: truncate_to_micros(now),
        actor: change.actor.to_string(),
        action: change.action.to_string(),
        entity_type: change.entity_type.to_string(),
        entity_id: change.entity_id.to_string(),
        before: change.before,
        after: change.after,
        prev_hash,
        hash: String::new(),
    };
    event.hash = event_hash(&event);
    db::audit::insert(conn, &event)?;
    Ok(event)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReport {
    Intact { events: i64 },
    Broken { seq: i64, reason: &'static str },
}

/// Follows the chain link by link; pure, so it can check any sequence of events.
pub struct ChainChecker {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainChecker {
    fn default() -> Self {
        ChainChecker {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
        }
    }
}

impl ChainChecker {
    pub fn check(&mut self, e: &AuditEvent) -> Result<(), ChainReport> {
        let broken = |reason| ChainReport::Broken { seq: e.seq, reason };
        if e.seq != self.expected_seq {
            return Err(ChainReport::Broken {
                seq: self.expected_seq,
                reason: "event missing or out of order",
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(broken("does not link to the previous event"));
        }
        if event_hash(e) != e.hash {
            return Err(broken("content does not match its hash"));
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    pub fn finish(self) -> ChainReport {
        ChainReport::Intact {
            events: self.expected_seq - 1,
        }
    }
}

/// Checks the whole stored chain and reports the first broken link.
pub fn verify(conn: &mut DbConnection) -> diesel::QueryResult<ChainReport> {
    let mut checker = ChainChecker::default();
    let mut after = 0;
    loop {
        let page = db::audit::page(conn, after, 1000)?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for e in &page {
            if let Err(report) = checker.check(e) {
                return Ok(report);
            }
        }
    }
    Ok(checker.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEvent {
                    seq,
                    at: DateTime::from_timestamp(1_700_000_000 + seq, 0).unwrap(),
                    actor: "system".into(),
                    action: "call.published".into(),
                    entity_type: "call".into(),
                    entity_id: format!("c{seq}"),
                    before: "draft".into(),
                    after: "published".into(),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = event_hash(&e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn run(events: &[AuditEvent]) -> ChainReport {
        let mut checker = ChainChecker::default();
        for e in events {
            if let Err(r) = checker.check(e) {
                return r;
            }
        }
        checker.finish()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        assert_eq!(run(&chain(5)), ChainReport::Intact { events: 5 });
    }

    #[test]
    fn an_edited_event_is_the_first_broken_link() {
        let mut events = chain(5);
        events[2].after = "cancelled".into();
        assert_eq!(
            run(&events),
            ChainReport::Broken {
                seq: 3,
                reason: "content does not match its hash"
            }
        );
    }

    #[test]
    fn a_removed_event_is_found() {
        let mut events = chain(5);
        events.remove(1);
        assert_eq!(
            run(&events),
            ChainReport::Broken {
                seq: 2,
                reason: "event missing or out of order"
            }
        );
    }

    #[test]
    fn a_rehashed_forgery_does_not_link() {
        let mut events = chain(3);
        events[1].after = "forged".into();
        events[1].hash = event_hash(&events[1]);
        assert_eq!(
            run(&events),
            ChainReport::Broken {
                seq: 3,
                reason: "does not link to the previous event"
            }
        );
    }
}
