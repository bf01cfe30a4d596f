//! The dialogue of a competitive dialogue, on the record (art. 30 Directive 2014/24/EU, art. 74
//! D.Lgs. 36/2023): each candidate talks with the authority in a channel of its own, sessions
//! are minuted and the minutes approved by the candidate, and a candidate's material reaches
//! another only with its specific consent (art. 30(3)).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::access::{Actor, Role};
use super::violation::{Violation, ViolationKind, check_text};

pub const MAX_MESSAGE_CHARS: usize = 8000;
pub const MAX_MINUTES_CHARS: usize = 20_000;
pub const MAX_SHORT_CHARS: usize = 500;
pub const MAX_SHARED_FILES: usize = 10;

/// Who sees a candidate's channel, and who speaks in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The authority's officers: they read and write.
    Authority,
    /// The committee's members: they read, they do not write.
    Committee,
    /// The candidate's own organisation.
    Candidate,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Authority => "authority",
            Side::Committee => "committee",
            Side::Candidate => "candidate",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Authority, Side::Committee, Side::Candidate]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// The side `actor` is on in the channel of `candidate`, or none: then the channel does not
/// exist for it (every other candidate, every other authority, the public).
pub fn side(
    actor: &Actor,
    authority_id: &str,
    candidate: &str,
    on_committee: bool,
) -> Option<Side> {
    if actor.is_officer_of(authority_id) {
        Some(Side::Authority)
    } else if actor.role == Role::Supplier && actor.organisation_id.as_deref() == Some(candidate) {
        Some(Side::Candidate)
    } else if actor.role == Role::Evaluator && on_committee {
        Some(Side::Committee)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Written by a person.
    Message,
    /// A question asked publicly and answered in the channel instead (it concerned the
    /// candidate's own solution).
    Clarification,
    /// Whether the candidate continues after a stage, with the reasons.
    StageOutcome,
    /// A session with the candidate is fixed: when, where, the agenda.
    SessionScheduled,
    MinutesSubmitted,
    ChangesRequested,
    MinutesApproved,
    ConsentRequested,
    ConsentAnswered,
    /// The dialogue is concluded: final tenders are invited.
    Concluded,
}

impl MessageKind {
    pub const ALL: [MessageKind; 10] = [
        MessageKind::Message,
        MessageKind::Clarification,
        MessageKind::StageOutcome,
        MessageKind::SessionScheduled,
        MessageKind::MinutesSubmitted,
        MessageKind::ChangesRequested,
        MessageKind::MinutesApproved,
        MessageKind::ConsentRequested,
        MessageKind::ConsentAnswered,
        MessageKind::Concluded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Message => "message",
            MessageKind::Clarification => "clarification",
            MessageKind::StageOutcome => "stage_outcome",
            MessageKind::SessionScheduled => "session_scheduled",
            MessageKind::MinutesSubmitted => "minutes_submitted",
            MessageKind::ChangesRequested => "changes_requested",
            MessageKind::MinutesApproved => "minutes_approved",
            MessageKind::ConsentRequested => "consent_requested",
            MessageKind::ConsentAnswered => "consent_answered",
            MessageKind::Concluded => "concluded",
        }
    }

    pub fn parse(s: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A message's text and its answer-by date: only the authority asks for an answer by a date,
/// and that date is not in the past.
pub fn check_message(
    body: &str,
    answer_by: Option<NaiveDate>,
    side: Side,
    today: NaiveDate,
) -> Vec<Violation> {
    let mut v = Vec::new();
    check_text("body", body, MAX_MESSAGE_CHARS, &mut v);
    match answer_by {
        Some(_) if side != Side::Authority => v.push(Violation::new(
            "answer_by",
            ViolationKind::Malformed {
                detail: "only the authority asks for an answer by a date".into(),
            },
        )),
        Some(d) if d < today => v.push(Violation::new("answer_by", ViolationKind::InPast)),
        _ => {}
    }
    v
}

/// Where a session's minutes stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    /// The authority is writing them.
    Draft,
    /// Sent to the candidate, who approves them or asks for changes.
    AwaitingApproval,
    /// Approved by the candidate: frozen and hash-stamped.
    Approved,
}

impl MinutesStatus {
    pub const ALL: [MinutesStatus; 3] = [
        MinutesStatus::Draft,
        MinutesStatus::AwaitingApproval,
        MinutesStatus::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MinutesStatus::Draft => "draft",
            MinutesStatus::AwaitingApproval => "awaiting_approval",
            MinutesStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<MinutesStatus> {
        MinutesStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What someone does with a session's minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesAct {
    Edit,
    Submit,
    Approve,
    RequestChanges,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogueRefusal {
    /// Only the officer writes minutes, schedules sessions and asks for consents; only the
    /// candidate approves its minutes and answers its consents; the committee only reads.
    NotYours,
    /// The minutes are not in the state this step needs.
    MinutesNotDraft,
    MinutesNotAwaiting,
    MinutesEmpty,
    /// The candidate has already answered this consent request.
    ConsentAnswered,
    /// Another candidate's file, shared without a consent given for it and for this candidate.
    NoConsent,
    /// The dialogue cannot be concluded before its last stage's outcome, nor twice.
    NotConcludable,
    AlreadyConcluded,
    /// The call is not a competitive dialogue with this organisation among its candidates.
    NotACandidate,
}

impl DialogueRefusal {
    pub fn code(self) -> &'static str {
        match self {
            DialogueRefusal::NotYours => "not_yours",
            DialogueRefusal::MinutesNotDraft => "minutes_not_draft",
            DialogueRefusal::MinutesNotAwaiting => "minutes_not_awaiting",
            DialogueRefusal::MinutesEmpty => "minutes_empty",
            DialogueRefusal::ConsentAnswered => "consent_answered",
            DialogueRefusal::NoConsent => "no_consent",
            DialogueRefusal::NotConcludable => "not_concludable",
            DialogueRefusal::AlreadyConcluded => "already_concluded",
            DialogueRefusal::NotACandidate => "not_a_candidate",
        }
    }
}

/// The state the minutes move to when `side` does `act`, or why it may not: the authority
/// drafts and sends, the candidate approves or sends them back; approved minutes never change.
pub fn minutes_step(
    status: MinutesStatus,
    act: MinutesAct,
    side: Side,
    minutes_empty: bool,
) -> Result<MinutesStatus, DialogueRefusal> {
    let owner = match act {
        MinutesAct::Edit | MinutesAct::Submit => Side::Authority,
        MinutesAct::Approve | MinutesAct::RequestChanges => Side::Candidate,
    };
    if side != owner {
        return Err(DialogueRefusal::NotYours);
    }
    match (act, status) {
        (MinutesAct::Edit, MinutesStatus::Draft) => Ok(MinutesStatus::Draft),
        (MinutesAct::Submit, MinutesStatus::Draft) if minutes_empty => {
            Err(DialogueRefusal::MinutesEmpty)
        }
        (MinutesAct::Submit, MinutesStatus::Draft) => Ok(MinutesStatus::AwaitingApproval),
        (MinutesAct::Edit | MinutesAct::Submit, _) => Err(DialogueRefusal::MinutesNotDraft),
        (MinutesAct::Approve, MinutesStatus::AwaitingApproval) => Ok(MinutesStatus::Approved),
        (MinutesAct::RequestChanges, MinutesStatus::AwaitingApproval) => Ok(MinutesStatus::Draft),
        (MinutesAct::Approve | MinutesAct::RequestChanges, _) => {
            Err(DialogueRefusal::MinutesNotAwaiting)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Requested,
    Given,
    Refused,
}

impl ConsentStatus {
    pub const ALL: [ConsentStatus; 3] = [
        ConsentStatus::Requested,
        ConsentStatus::Given,
        ConsentStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::Requested => "requested",
            ConsentStatus::Given => "given",
            ConsentStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentStatus> {
        ConsentStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a consent covers, as far as the rule that checks sharing cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: String,
    /// The candidate whose material it is.
    pub owner: String,
    /// The file or message it covers, if it covers one (their ids never collide).
    pub item: Option<String>,
    /// The candidate it may be shared with; none: every other candidate.
    pub shared_with: Option<String>,
    pub status: ConsentStatus,
}

/// The consent that lets the authority put `owner`'s file or message `item` (attached, quoted)
/// in `recipient`'s channel: given, by that owner, for that very item, and for that recipient (or
/// for every candidate). A candidate's own material needs none.
pub fn consent_for<'a>(
    consents: &'a [Consent],
    owner: &str,
    item: &str,
    recipient: &str,
) -> Result<Option<&'a Consent>, DialogueRefusal> {
    if owner == recipient {
        return Ok(None);
    }
    consents
        .iter()
        .find(|c| {
            c.status == ConsentStatus::Given
                && c.owner == owner
                && c.item.as_deref() == Some(item)
                && c.shared_with.as_deref().is_none_or(|w| w == recipient)
        })
        .map(Some)
        .ok_or(DialogueRefusal::NoConsent)
}

/// A consent request: what, for which purpose; the file, when given, is the candidate's own.
pub fn check_consent_request(subject: &str, purpose: &str) -> Vec<Violation> {
    let mut v = Vec::new();
    check_text("subject", subject, MAX_SHORT_CHARS, &mut v);
    check_text("purpose", purpose, MAX_SHORT_CHARS, &mut v);
    v
}

/// A session's place or link, attendees and agenda.
pub fn check_session(place: &str, attendees: &str, agenda: &str) -> Vec<Violation> {
    let mut v = Vec::new();
    check_text("place", place, MAX_SHORT_CHARS, &mut v);
    check_text("attendees", attendees, MAX_SHORT_CHARS * 4, &mut v);
    check_text("agenda", agenda, MAX_MESSAGE_CHARS, &mut v);
    v
}

#[cfg(test)]
mod tests;
