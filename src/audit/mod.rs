//! The audit log: every state change appends an event whose hash covers the previous event's
//! hash, so that removing, reordering or editing any event breaks the chain from there on.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::db::{self, DbConnection};
use crate::domain::time::truncate_to_micros;

pub mod checkpoint;

pub use checkpoint::Checkpoint;

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
    Broken { seq: i64, reason: String },
}

/// A link of the chain recorded outside it: an issued document's head at its issue, or a
/// signed checkpoint. `source` names it in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub source: String,
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
        let broken = |reason: &str| ChainReport::Broken {
            seq: e.seq,
            reason: reason.to_string(),
        };
        if e.seq != self.expected_seq {
            return Err(ChainReport::Broken {
                seq: self.expected_seq,
                reason: "event missing or out of order".into(),
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
    verify_anchored(conn, &[])
}

/// The anchors the database itself records: each issued document's head at its issue.
pub fn recorded_anchors(conn: &mut DbConnection) -> diesel::QueryResult<Vec<Anchor>> {
    Ok(db::documents::audit_anchors(conn)?
        .into_iter()
        .map(|(seq, hash, title)| Anchor {
            seq,
            hash,
            source: format!("document \"{title}\""),
        })
        .collect())
}

/// The anchors an OCDS package carries (a release package, or a record package with embedded
/// or compiled releases): each release's audit head at its date, named by the release id.
pub fn ocds_anchors(package: &serde_json::Value) -> Vec<Anchor> {
    fn walk(value: &serde_json::Value, found: &mut Vec<Anchor>) {
        match value {
            serde_json::Value::Object(map) => {
                let anchor = map.get(crate::ocds::AUDIT_ANCHOR);
                if let Some((seq, hash)) = anchor
                    .and_then(|a| Some((a.get("sequence")?.as_i64()?, a.get("hash")?.as_str()?)))
                {
                    let id = map.get("id").and_then(|v| v.as_str()).unwrap_or("?");
                    found.push(Anchor {
                        seq,
                        hash: hash.to_string(),
                        source: format!("OCDS release \"{id}\""),
                    });
                }
                map.values().for_each(|v| walk(v, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(package, &mut found);
    found
}

/// Checks the chain, then that every anchor still lies on it: an anchor past the end means
/// events were removed (truncation); a different hash at its sequence means the chain was
/// rewritten from there (re-chaining), however consistent the rewritten chain is in itself.
pub fn verify_anchored(
    conn: &mut DbConnection,
    extra: &[Anchor],
) -> diesel::QueryResult<ChainReport> {
    let mut anchors = recorded_anchors(conn)?;
    anchors.extend_from_slice(extra);
    let mut checker = AnchoredChecker::new(anchors);
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

/// The chain checker with anchors to meet on the way; pure, like `ChainChecker`.
pub struct AnchoredChecker {
    chain: ChainChecker,
    anchors: std::collections::BTreeMap<i64, Vec<Anchor>>,
}

impl AnchoredChecker {
    pub fn new(anchors: Vec<Anchor>) -> AnchoredChecker {
        let mut by_seq = std::collections::BTreeMap::<i64, Vec<Anchor>>::new();
        for a in anchors {
            by_seq.entry(a.seq).or_default().push(a);
        }
        AnchoredChecker {
            chain: ChainChecker::default(),
            anchors: by_seq,
        }
    }

    pub fn check(&mut self, e: &AuditEvent) -> Result<(), ChainReport> {
        self.chain.check(e)?;
        if let Some(anchors) = self.anchors.remove(&e.seq)
            && let Some(a) = anchors.iter().find(|a| a.hash != e.hash)
        {
            return Err(ChainReport::Broken {
                seq: e.seq,
                reason: format!(
                    "re-chained: its hash differs from the one {} recorded",
                    a.source
                ),
            });
        }
        Ok(())
    }

    pub fn finish(self) -> ChainReport {
        let report = self.chain.finish();
        let ChainReport::Intact { events } = report else {
            return report;
        };
        match self.anchors.values().flatten().find(|a| a.seq > events) {
            Some(a) => ChainReport::Broken {
                seq: events + 1,
                reason: format!(
                    "truncated: the chain ends at event {events}, but {} recorded event {}",
                    a.source, a.seq
                ),
            },
            None => report,
        }
    }
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

    #[test]
    fn ocds_anchors_are_found_in_release_and_record_packages() {
        let release = serde_json::json!({"id": "ocds-x-01-tender", "auditAnchor": {"sequence": 7, "hash": "ab"}});
        let releases = serde_json::json!({"releases": [release.clone(), {"id": "plain"}]});
        let records = serde_json::json!({"records": [{"releases": [release], "compiledRelease": {"id": "c", "auditAnchor": {"sequence": 9, "hash": "cd"}}}]});
        let seqs = |p: &serde_json::Value| {
            ocds_anchors(p)
                .iter()
                .map(|a| (a.seq, a.source.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            seqs(&releases),
            [(7, "OCDS release \"ocds-x-01-tender\"".to_string())]
        );
        assert_eq!(seqs(&records).len(), 2);
        assert!(
            ocds_anchors(
                &serde_json::json!({"releases": [{"id": "x", "auditAnchor": {"sequence": "7"}}]})
            )
            .is_empty()
        );
    }

    fn run(events: &[AuditEvent]) -> ChainReport {
        run_anchored(events, vec![])
    }

    fn run_anchored(events: &[AuditEvent], anchors: Vec<Anchor>) -> ChainReport {
        let mut checker = AnchoredChecker::new(anchors);
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
                reason: "content does not match its hash".into()
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
                reason: "event missing or out of order".into()
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
                reason: "does not link to the previous event".into()
            }
        );
    }

    fn anchor_at(events: &[AuditEvent], seq: usize) -> Anchor {
        Anchor {
            seq: seq as i64,
            hash: events[seq - 1].hash.clone(),
            source: "document \"Ricevuta\"".into(),
        }
    }

    /// Rewrites the chain from `from` on, as an owner of the database could: every later hash
    /// recomputed, so the chain alone is consistent.
    fn rechain(events: &mut [AuditEvent], from: usize) {
        events[from - 1].after = "forged".into();
        for i in from - 1..events.len() {
            if i > 0 {
                events[i].prev_hash = events[i - 1].hash.clone();
            }
            events[i].hash = event_hash(&events[i]);
        }
    }

    #[test]
    fn truncation_and_rechaining_pass_the_chain_but_not_its_anchors() {
        let events = chain(6);
        let anchor = anchor_at(&events, 5);
        assert_eq!(
            run_anchored(&events, vec![anchor.clone()]),
            ChainReport::Intact { events: 6 }
        );

        let truncated = &events[..3];
        assert_eq!(run(truncated), ChainReport::Intact { events: 3 });
        assert_eq!(
            run_anchored(truncated, vec![anchor.clone()]),
            ChainReport::Broken {
                seq: 4,
                reason: "truncated: the chain ends at event 3, but document \"Ricevuta\" \
                         recorded event 5"
                    .into()
            }
        );

        let mut rewritten = events.clone();
        rechain(&mut rewritten, 2);
        assert_eq!(run(&rewritten), ChainReport::Intact { events: 6 });
        assert_eq!(
            run_anchored(&rewritten, vec![anchor]),
            ChainReport::Broken {
                seq: 5,
                reason: "re-chained: its hash differs from the one document \"Ricevuta\" \
                         recorded"
                    .into()
            }
        );
    }
}
