//! eForms notices (EU eForms SDK 1.15, UBL 2.3) for the calls the authority publishes: the
//! contract notice when the call is published and the contract award notice once its award is
//! decided. A PCP is excluded from the procurement directives (art. 14 Directive 2014/24/EU,
//! art. 135 c.2 D.Lgs. 36/2023), so its notices are the voluntary subtypes E3 and E4; a
//! competitive dialogue uses subtypes 16 (procedure `comp-dial`) and 29.
//!
//! Built from the same public facts as the open data (`CallFacts`): nothing here reads the
//! database or the clock, and nothing a bidder keeps sealed can reach a notice.

mod award;
mod contract;
mod dialogue;
mod parts;
mod xml;

use chrono::{DateTime, Utc};

use crate::domain::phase::Procedure;
use crate::ocds::CallFacts;

pub use xml::El;

/// The SDK version the notices follow (`cbc:CustomizationID`).
pub const CUSTOMIZATION: &str = "eforms-sdk-1.15";

/// Which notice of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Contract,
    Award,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 2] = [NoticeKind::Contract, NoticeKind::Award];

    /// The name in the notice's address: `/eforms/{call}/{slug}.xml`.
    pub fn slug(self) -> &'static str {
        match self {
            NoticeKind::Contract => "contract-notice",
            NoticeKind::Award => "award-notice",
        }
    }

    pub fn from_slug(slug: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// The eForms notice subtype for a procedure.
    pub fn subtype(self, procedure: Procedure) -> &'static str {
        match (procedure, self) {
            (Procedure::Pcp, NoticeKind::Contract) => "E3",
            (Procedure::Pcp, NoticeKind::Award) => "E4",
            (Procedure::CompetitiveDialogue, NoticeKind::Contract) => "16",
            (Procedure::CompetitiveDialogue, NoticeKind::Award) => "29",
        }
    }
}

/// Where the call lives, for the addresses a notice gives.
#[derive(Debug, Clone, Copy)]
pub struct NoticeSite<'a> {
    pub base: &'a str,
}

/// The notices a public call has now: the contract notice from publication, the award notice
/// once the award is decided (for a PCP: the latest phase whose outcome is confirmed). A notice
/// the SDK's rules would refuse is not served:
///
/// - a call without its place of performance (`nuts`) has none: eForms requires the place;
/// - a contract notice needs its first deadline on a later day than the notice
///   (BR-BT-00131-0151);
/// - a competitive dialogue's contract notice (16) needs the authority's profile (seat,
///   telephone, kind, activity, review body); its award notice (29) states the date each
///   contract was concluded, which the platform does not record yet, so it has none.
pub fn available(call: &CallFacts) -> Vec<NoticeKind> {
    if call.spec.nuts.is_none() {
        return Vec::new();
    }
    let dialogue = call.spec.procedure == Procedure::CompetitiveDialogue;
    let mut kinds = Vec::new();
    if missing(call).is_none() {
        kinds.push(NoticeKind::Contract);
    }
    if !dialogue && award::decided_phase(call).is_some() {
        kinds.push(NoticeKind::Award);
    }
    kinds
}

/// The notice as XML, or None when the call does not have it (yet).
pub fn notice(call: &CallFacts, kind: NoticeKind, site: NoticeSite) -> Option<String> {
    if !available(call).contains(&kind) {
        return None;
    }
    let root = match kind {
        NoticeKind::Contract => contract::contract_notice(call, site),
        NoticeKind::Award => award::award_notice(call, site)?,
    };
    Some(xml::document(&root))
}

/// What keeps a public call from having its contract notice, for the officer to put right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The call's place of performance (NUTS 3).
    Place,
    /// The authority's profile, for a dialogue.
    AuthorityProfile,
    /// The first deadline falls on the day of publication.
    LaterDeadline,
}

pub fn missing(call: &CallFacts) -> Option<Missing> {
    if call.spec.nuts.is_none() {
        Some(Missing::Place)
    } else if call.spec.procedure == Procedure::CompetitiveDialogue
        && call.authority.profile.is_none()
    {
        Some(Missing::AuthorityProfile)
    } else if !parts::deadline_after_issue(call) {
        Some(Missing::LaterDeadline)
    } else {
        None
    }
}

/// When the notice was issued: the call's publication, or the award's decision.
pub fn issued_at(call: &CallFacts, kind: NoticeKind) -> Option<DateTime<Utc>> {
    match kind {
        NoticeKind::Contract => Some(call.published_at),
        NoticeKind::Award => award::decided_phase(call).map(|(_, outcome)| outcome.decided_at),
    }
}

#[cfg(test)]
mod tests;
