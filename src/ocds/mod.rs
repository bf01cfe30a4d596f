//! Open Contracting Data Standard 1.1 (OCDS): the releases of a call, one per change that
//! matters, and the record that compiles them. Built from plain facts: nothing here reads the
//! database or the clock, so the same facts give the same JSON.

#[cfg(test)]
pub(crate) mod fixtures;
mod merge;
mod release;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

pub use merge::compile;
pub use release::{release_dates, releases};

use crate::domain::call::{CallSpec, CallStatus};

/// The OCDS version this service publishes, as packages state it.
pub const VERSION: &str = "1.1";
/// The bids extension, for `tender`-level bid statistics and details.
pub const BID_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json";
/// Open data of the public administration in Italy is published under CC BY 4.0 by default
/// (art. 52 c.2 CAD).
pub const LICENSE: &str = "https://creativecommons.org/licenses/by/4.0/";

/// Everything public about a call that its open data states.
#[derive(Debug, Clone)]
pub struct CallFacts {
    pub id: String,
    pub ocid: String,
    pub authority: AuthorityFacts,
    pub spec: CallSpec,
    pub currency: String,
    pub status: CallStatus,
    pub published_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub documents: Vec<DocumentFacts>,
    pub addenda: Vec<AddendumFacts>,
    /// In the order of `spec.phases`.
    pub phases: Vec<PhaseFacts>,
    /// PCP: the signed contracts of the phases, with their implementation.
    pub contracts: Vec<ContractFacts>,
    /// An appeal with interim measures holds the award (art. 18 c.4): no award becomes final.
    pub award_held: bool,
}

/// A signed PCP contract, as its open data states it: drafts are not public.
#[derive(Debug, Clone)]
pub struct ContractFacts {
    pub id: String,
    pub phase_index: usize,
    /// The receipt of the proposal it was awarded on: it names the award.
    pub receipt_number: String,
    pub amount_cents: i64,
    pub starts_on: chrono::NaiveDate,
    pub ends_on: chrono::NaiveDate,
    pub signed_on: chrono::NaiveDate,
    pub signed_at: DateTime<Utc>,
    /// Ended before acceptance: when it was recorded, and why.
    pub terminated: Option<(DateTime<Utc>, String)>,
    pub deliverables: Vec<DeliverableFacts>,
    pub payments: Vec<PaymentFacts>,
}

#[derive(Debug, Clone)]
pub struct DeliverableFacts {
    pub id: String,
    pub title: String,
    pub due_on: chrono::NaiveDate,
    pub accepted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct PaymentFacts {
    pub id: String,
    pub amount_cents: i64,
    pub paid_on: chrono::NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

impl ContractFacts {
    /// Every instant at which something public happened to the contract.
    pub fn acts(&self) -> Vec<DateTime<Utc>> {
        let mut acts = vec![self.signed_at];
        acts.extend(self.deliverables.iter().filter_map(|d| d.accepted_at));
        acts.extend(self.payments.iter().map(|p| p.recorded_at));
        acts.extend(self.terminated.as_ref().map(|(at, _)| *at));
        acts
    }
}

#[derive(Debug, Clone)]
pub struct AuthorityFacts {
    pub name: String,
    pub fiscal_code: String,
    pub address: String,
    /// Seat, contacts, kind and review body, once the administrator has recorded them.
    pub profile: Option<crate::domain::authority::AuthorityProfile>,
}

#[derive(Debug, Clone)]
pub struct DocumentFacts {
    pub id: String,
    pub title: String,
    pub content_type: String,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct AddendumFacts {
    pub number: i32,
    pub body: String,
    pub published_at: DateTime<Utc>,
    pub documents: Vec<DocumentFacts>,
}

#[derive(Debug, Clone)]
pub struct PhaseFacts {
    pub id: String,
    /// Set once the phase's outcome is confirmed and public.
    pub outcome: Option<OutcomeFacts>,
}

#[derive(Debug, Clone)]
pub struct OutcomeFacts {
    pub decided_at: DateTime<Utc>,
    pub decision: String,
    /// After an award: when the standstill ends and the award becomes final.
    pub standstill_until: Option<DateTime<Utc>>,
    pub bids: Vec<BidFacts>,
}

#[derive(Debug, Clone)]
pub struct BidFacts {
    pub receipt_number: String,
    pub received_at: DateTime<Utc>,
    pub organisation: OrganisationFacts,
    pub price_cents: Option<i64>,
    pub result: BidResult,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BidResult {
    Admitted,
    NotAdmitted,
    Excluded,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFacts {
    pub legal_name: String,
    pub vat_number: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Seat and size, when the supplier gave them.
    pub profile: Option<crate::domain::organisation::SupplierProfile>,
}

/// Who publishes a package.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    /// The authority's codice fiscale, when one authority publishes.
    pub fiscal_code: Option<String>,
    pub uri: String,
}

impl Publisher {
    pub fn of(authority: &AuthorityFacts, base: &str) -> Publisher {
        Publisher {
            name: authority.name.clone(),
            fiscal_code: Some(authority.fiscal_code.clone()),
            uri: base.to_string(),
        }
    }

    fn to_json(&self) -> Value {
        let mut publisher = json!({ "name": self.name, "uri": self.uri });
        if let Some(code) = &self.fiscal_code {
            publisher["scheme"] = json!("IT-CF");
            publisher["uid"] = json!(code);
        }
        publisher
    }
}

/// A release package: the releases of one call, or of every call for the bulk download.
pub fn release_package(uri: &str, publisher: &Publisher, releases: Vec<Value>) -> Value {
    json!({
        "uri": uri,
        "version": VERSION,
        "extensions": [BID_EXTENSION],
        "publishedDate": latest_date(releases.iter().map(|r| &r["date"])),
        "publisher": publisher.to_json(),
        "license": LICENSE,
        "releases": releases,
    })
}

/// A record package: for each call (the address of its release package and its releases), links
/// to the releases and the compiled release.
pub fn record_package(uri: &str, publisher: &Publisher, calls: &[(String, Vec<Value>)]) -> Value {
    let mut packages = Vec::new();
    let mut compiled_dates = Vec::new();
    let records: Vec<Value> = calls
        .iter()
        .filter(|(_, releases)| !releases.is_empty())
        .map(|(package_uri, releases)| {
            packages.push(json!(package_uri));
            let linked: Vec<Value> = releases
                .iter()
                .map(|r| {
                    json!({
                        "url": format!("{package_uri}#{}", r["id"].as_str().unwrap_or_default()),
                        "date": r["date"],
                        "tag": r["tag"],
                    })
                })
                .collect();
            let compiled = compile(releases);
            compiled_dates.push(compiled["date"].clone());
            json!({
                "ocid": releases[0]["ocid"],
                "releases": linked,
                "compiledRelease": compiled,
            })
        })
        .collect();
    json!({
        "uri": uri,
        "version": VERSION,
        "extensions": [BID_EXTENSION],
        "publishedDate": latest_date(compiled_dates.iter()),
        "publisher": publisher.to_json(),
        "license": LICENSE,
        "packages": packages,
        "records": records,
    })
}

/// A package is dated by its latest release, not by the moment it is served, so the same data
/// gives the same bytes. An empty package takes the Unix epoch.
fn latest_date<'a>(dates: impl Iterator<Item = &'a Value>) -> String {
    dates
        .filter_map(Value::as_str)
        .max()
        .map(str::to_string)
        .unwrap_or_else(|| timestamp(DateTime::<Utc>::UNIX_EPOCH))
}

/// OCDS dates: RFC 3339 in UTC, to the second.
/// The field of a release that records the audit chain's head at the release's date, so that a
/// harvester's copy can later show that the chain was not truncated or rewritten since.
pub const AUDIT_ANCHOR: &str = "auditAnchor";

pub fn set_audit_anchor(release: &mut Value, seq: i64, hash: &str) {
    release[AUDIT_ANCHOR] = serde_json::json!({ "sequence": seq, "hash": hash });
}

/// A day (a contract's start, a due date) as an OCDS date: its first instant in Rome.
pub fn day(d: chrono::NaiveDate) -> String {
    use chrono::TimeZone;
    let start = chrono_tz::Europe::Rome
        .from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc());
    timestamp(start)
}

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// An amount in euros as a JSON number: whole euros stay integers, cents keep two decimals.
pub fn amount(cents: i64) -> Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        json!(cents as f64 / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_numbers_in_euros() {
        assert_eq!(amount(38_000_000).to_string(), "380000");
        assert_eq!(amount(123_456).to_string(), "1234.56");
        assert_eq!(amount(5).to_string(), "0.05");
    }

    #[test]
    fn timestamps_are_utc_to_the_second() {
        let at = DateTime::parse_from_rfc3339("2026-03-29T01:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp(at), "2026-03-29T00:30:00Z");
    }
}
