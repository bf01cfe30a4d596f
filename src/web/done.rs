//! "Fatto": the message a page shows after the action that led to it. The action is named in the
//! redirect's query (`?done=withdrawn`) from a closed list, so a hand-made address can only show one
//! of these messages, never text of its own.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Done {
    Withdrawn,
    Reconfirmed,
    QuestionAsked,
    QuestionAnswered,
    AddendumPublished,
    Published,
    Cancelled,
    Concluded,
    DocumentRemoved,
    Appointed,
    MemberAdded,
    Declared,
    Opened,
    ScoresSent,
    ConsensusRecorded,
    PriceVerified,
    Decided,
    ContractScheduled,
    ContractSigned,
    FrameworkSigned,
    ContractTerminated,
    DeliverableHandedIn,
    DeliverableReviewed,
    PaymentRecorded,
    ChallengeRecorded,
    PreferencesSaved,
    DialogueRecorded,
}

#[derive(Serialize, Deserialize)]
struct DoneQuery {
    done: Done,
}

impl Done {
    /// The catalogue key of the message.
    pub fn key(self) -> &'static str {
        match self {
            Done::Withdrawn => "done.withdrawn",
            Done::Reconfirmed => "done.reconfirmed",
            Done::QuestionAsked => "done.question_asked",
            Done::QuestionAnswered => "done.question_answered",
            Done::AddendumPublished => "done.addendum_published",
            Done::Published => "done.published",
            Done::Cancelled => "done.cancelled",
            Done::Concluded => "done.concluded",
            Done::DocumentRemoved => "done.document_removed",
            Done::Appointed => "done.appointed",
            Done::MemberAdded => "done.member_added",
            Done::Declared => "done.declared",
            Done::Opened => "done.opened",
            Done::ScoresSent => "done.scores_sent",
            Done::ConsensusRecorded => "done.consensus_recorded",
            Done::PriceVerified => "done.price_verified",
            Done::Decided => "done.decided",
            Done::ContractScheduled => "done.contract_scheduled",
            Done::ContractSigned => "done.contract_signed",
            Done::FrameworkSigned => "done.framework_signed",
            Done::ContractTerminated => "done.contract_terminated",
            Done::DeliverableHandedIn => "done.deliverable_handed_in",
            Done::DeliverableReviewed => "done.deliverable_reviewed",
            Done::PaymentRecorded => "done.payment_recorded",
            Done::ChallengeRecorded => "done.challenge_recorded",
            Done::PreferencesSaved => "done.preferences_saved",
            Done::DialogueRecorded => "done.dialogue_recorded",
        }
    }

    /// `path` (without a query) with this action named, and then `fragment` if any.
    pub fn on(self, path: &str, fragment: Option<&str>) -> String {
        let query = serde_urlencoded::to_string(DoneQuery { done: self }).unwrap_or_default();
        match fragment {
            Some(f) => format!("{path}?{query}#{f}"),
            None => format!("{path}?{query}"),
        }
    }

    /// The action a page's query names, if it names one of ours.
    pub fn from_query(query: &str) -> Option<Done> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "done")
            .and_then(|(_, v)| serde_urlencoded::from_str::<DoneQuery>(&format!("done={v}")).ok())
            .map(|q| q.done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_the_action_and_nothing_else_is_read() {
        let to = Done::Withdrawn.on("/supplier/proposals/p1", None);
        assert_eq!(to, "/supplier/proposals/p1?done=withdrawn");
        assert_eq!(
            Done::from_query(to.split_once('?').unwrap().1),
            Some(Done::Withdrawn)
        );
        assert_eq!(
            Done::QuestionAsked.on("/calls/c", Some("clarifications")),
            "/calls/c?done=question_asked#clarifications"
        );
        assert_eq!(
            Done::from_query("lang=en&done=decided"),
            Some(Done::Decided)
        );
        assert_eq!(Done::from_query("done=%3Cscript%3E"), None);
        assert_eq!(Done::from_query("done="), None);
        assert_eq!(Done::from_query(""), None);
    }
}
