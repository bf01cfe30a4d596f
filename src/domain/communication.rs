//! The communications the law requires after an outcome (art. 90 D.Lgs. 36/2023): the award to
//! the winner (b), the award and the winners' names to every other admitted bidder (c), each
//! exclusion with its reasons (d); for a phase that selects, the invitation to go on or not. They
//! are due within five days of the act (art. 90 c.1) and delivered digitally (art. 29).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Art. 90 c.1: "tempestivamente e comunque entro un termine non superiore a cinque giorni".
pub const DUE_DAYS: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommunicationKind {
    /// Art. 90 c.1 (b): the award, to the winner.
    Award,
    /// Art. 90 c.1 (c): the award and the winners' names, to every other admitted bidder.
    AwardNotice,
    /// Art. 90 c.1 (d): the exclusion, with its reasons.
    Exclusion,
    /// A phase that selects: invited to the next one.
    Admission,
    /// A phase that selects: valid, but not among those invited.
    NotAdmitted,
    /// An addendum to the call: confirm or replace the proposal before the deadline.
    Addendum,
    /// Art. 90 c.1 (a): the decision not to award (the call cancelled), with its reason.
    Cancellation,
    /// The authority's answer to a bidder's complaint.
    ComplaintAnswer,
    /// Art. 90 c.1 (e): the date the contract was signed, to every bidder of the phase.
    ContractSigned,
    /// The answer to the organisation's question, now published for everyone.
    ClarificationAnswered,
}

impl CommunicationKind {
    pub const ALL: [CommunicationKind; 10] = [
        CommunicationKind::Award,
        CommunicationKind::AwardNotice,
        CommunicationKind::Exclusion,
        CommunicationKind::Admission,
        CommunicationKind::NotAdmitted,
        CommunicationKind::Addendum,
        CommunicationKind::Cancellation,
        CommunicationKind::ComplaintAnswer,
        CommunicationKind::ContractSigned,
        CommunicationKind::ClarificationAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommunicationKind::Award => "award",
            CommunicationKind::AwardNotice => "award_notice",
            CommunicationKind::Exclusion => "exclusion",
            CommunicationKind::Admission => "admission",
            CommunicationKind::NotAdmitted => "not_admitted",
            CommunicationKind::Addendum => "addendum",
            CommunicationKind::Cancellation => "cancellation",
            CommunicationKind::ComplaintAnswer => "complaint_answer",
            CommunicationKind::ContractSigned => "contract_signed",
            CommunicationKind::ClarificationAnswered => "clarification_answered",
        }
    }

    pub fn parse(s: &str) -> Option<CommunicationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The letter of art. 90 c.1 the communication answers, if any.
    pub fn article_letter(self) -> Option<char> {
        match self {
            CommunicationKind::Cancellation => Some('a'),
            CommunicationKind::Award => Some('b'),
            CommunicationKind::ContractSigned => Some('e'),
            CommunicationKind::AwardNotice => Some('c'),
            CommunicationKind::Exclusion => Some('d'),
            CommunicationKind::Admission
            | CommunicationKind::NotAdmitted
            | CommunicationKind::Addendum
            | CommunicationKind::ComplaintAnswer
            | CommunicationKind::ClarificationAnswered => None,
        }
    }
}

/// What a bidder of a decided phase is told: a phase that awards contracts (each PCP phase, a
/// dialogue's final tenders) awards or notifies the award; one that selects invites or not; an
/// excluded bidder learns why in either.
pub fn outcome_kind(awards: bool, admitted: bool, excluded: bool) -> CommunicationKind {
    match (excluded, awards, admitted) {
        (true, _, _) => CommunicationKind::Exclusion,
        (false, true, true) => CommunicationKind::Award,
        (false, true, false) => CommunicationKind::AwardNotice,
        (false, false, true) => CommunicationKind::Admission,
        (false, false, false) => CommunicationKind::NotAdmitted,
    }
}

/// The day by which a communication of an act is due.
pub fn due_at(act_at: DateTime<Utc>) -> DateTime<Utc> {
    act_at + Duration::days(DUE_DAYS)
}

/// Overdue: not delivered by its due date (judged now, or at its delivery).
pub fn is_overdue(
    due_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    delivered_at.unwrap_or(now) > due_at
}

/// The standstill runs from the communication of the award to the last admitted bidder (art. 18
/// c.3), not from the decision: the latest delivery of the phase's award communications, the
/// decision itself for an outcome recorded before communications existed.
pub fn standstill_start(
    award_deliveries: &[DateTime<Utc>],
    decided_at: DateTime<Utc>,
) -> DateTime<Utc> {
    award_deliveries.iter().copied().max().unwrap_or(decided_at)
}

/// The communications that start the standstill: the award and its notice to the others.
pub fn starts_standstill(kind: CommunicationKind) -> bool {
    matches!(
        kind,
        CommunicationKind::Award | CommunicationKind::AwardNotice
    )
}

/// The communications of an outcome carry its PDF (the outcome or the award decision) by e-mail.
pub fn attaches_outcome(kind: CommunicationKind) -> bool {
    matches!(
        kind,
        CommunicationKind::Award
            | CommunicationKind::AwardNotice
            | CommunicationKind::Exclusion
            | CommunicationKind::Admission
            | CommunicationKind::NotAdmitted
    )
}

/// A communication is read by the organisation it was sent to, and by the authority's officers
/// who sent it; by nobody else.
pub fn can_read(
    actor: &crate::domain::access::Actor,
    authority_id: &str,
    organisation_id: &str,
) -> bool {
    crate::domain::contract::can_view(actor, authority_id, organisation_id)
}

/// How long a worker holds a message it is sending: longer than an SMTP exchange can take (the
/// transport gives up after a minute), so that no second worker sends it meanwhile.
pub const MAIL_CLAIM_MINUTES: i64 = 5;

/// When to try again after `attempts` failed sends: 30 s, doubling, at most an hour; never given
/// up, because the law wants the communication delivered (the officer sees each failure).
pub fn retry_after(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 7) as u32;
    Duration::seconds(30 * 2i64.pow(doublings)).min(Duration::hours(1))
}

/// Where the e-mail copy of a communication stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting for its first attempt.
    Pending,
    /// An attempt failed; another is scheduled.
    Retrying,
    /// Accepted by the SMTP server.
    Sent,
}

pub fn mail_status(sent: bool, attempts_failed: bool) -> MailStatus {
    match (sent, attempts_failed) {
        (true, _) => MailStatus::Sent,
        (false, true) => MailStatus::Retrying,
        (false, false) => MailStatus::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bidder_is_told_in_the_words_of_its_phase() {
        use CommunicationKind as K;
        assert_eq!(outcome_kind(true, true, false), K::Award);
        assert_eq!(outcome_kind(true, false, false), K::AwardNotice);
        assert_eq!(outcome_kind(false, true, false), K::Admission);
        assert_eq!(outcome_kind(false, false, false), K::NotAdmitted);
        for awards in [true, false] {
            assert_eq!(outcome_kind(awards, false, true), K::Exclusion);
        }
        for k in K::ALL {
            assert_eq!(K::parse(k.as_str()), Some(k));
        }
        assert_eq!(K::AwardNotice.article_letter(), Some('c'));
    }

    #[test]
    fn the_standstill_runs_from_the_last_award_communication() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let decided = at("2027-05-10T10:00:00Z");
        assert_eq!(standstill_start(&[], decided), decided);
        let late = at("2027-05-12T09:00:00Z");
        assert_eq!(
            standstill_start(&[at("2027-05-10T10:00:05Z"), late], decided),
            late
        );
        assert!(starts_standstill(CommunicationKind::AwardNotice));
        assert!(!starts_standstill(CommunicationKind::Exclusion));
        assert!(attaches_outcome(CommunicationKind::Exclusion));
        assert!(!attaches_outcome(CommunicationKind::Addendum));
    }

    #[test]
    fn a_communication_is_due_within_five_days_of_its_act() {
        let act = DateTime::parse_from_rfc3339("2026-12-03T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let due = due_at(act);
        assert_eq!(due - act, Duration::days(5));
        assert!(!is_overdue(due, Some(act), act));
        assert!(!is_overdue(due, None, due));
        assert!(is_overdue(due, None, due + Duration::seconds(1)));
        assert!(is_overdue(due, Some(due + Duration::hours(1)), act));
    }

    #[test]
    fn a_failed_mail_is_tried_again_later_and_later_up_to_an_hour() {
        assert_eq!(retry_after(1), Duration::seconds(30));
        assert_eq!(retry_after(2), Duration::seconds(60));
        assert_eq!(retry_after(5), Duration::seconds(480));
        assert_eq!(retry_after(8), Duration::hours(1));
        assert_eq!(retry_after(i32::MAX), Duration::hours(1));
        assert_eq!(retry_after(0), Duration::seconds(30));
        for n in 1..40 {
            assert!(retry_after(n + 1) >= retry_after(n));
        }
        assert!(Duration::minutes(MAIL_CLAIM_MINUTES) > Duration::seconds(60));
        assert_eq!(mail_status(false, false), MailStatus::Pending);
        assert_eq!(mail_status(false, true), MailStatus::Retrying);
        assert_eq!(mail_status(true, true), MailStatus::Sent);
    }
}
