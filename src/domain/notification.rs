//! Notices people expect, beside the communications the law requires: a new call under a CPV
//! code a supplier follows, reminders 48 and 24 hours before a deadline to an organisation that
//! started a proposal and has not submitted it, an evaluator's appointment and the opening of the
//! proposals to the committee. Each person may turn each kind off; the communications of
//! `domain::communication` cannot be turned off.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewCall,
    #[serde(rename = "reminder_48h")]
    Reminder48h,
    #[serde(rename = "reminder_24h")]
    Reminder24h,
    Appointed,
    ProposalsOpen,
    /// The other side wrote in a dialogue channel (the text stays on the platform).
    DialogueMessage,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::NewCall,
        NotificationKind::Reminder48h,
        NotificationKind::Reminder24h,
        NotificationKind::Appointed,
        NotificationKind::ProposalsOpen,
        NotificationKind::DialogueMessage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::NewCall => "new_call",
            NotificationKind::Reminder48h => "reminder_48h",
            NotificationKind::Reminder24h => "reminder_24h",
            NotificationKind::Appointed => "appointed",
            NotificationKind::ProposalsOpen => "proposals_open",
            NotificationKind::DialogueMessage => "dialogue_message",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds a person of this role receives, and so may turn off.
    pub fn for_supplier(self) -> bool {
        matches!(
            self,
            NotificationKind::NewCall
                | NotificationKind::Reminder48h
                | NotificationKind::Reminder24h
                | NotificationKind::DialogueMessage
        )
    }
}

/// A CPV subscription matches a call's code when the code starts with its digits: `72` follows
/// the whole division, `72212000` one class. The check digit is never compared.
pub fn cpv_matches(prefix: &str, code: &str) -> bool {
    let digits = |s: &str| -> String { s.split('-').next().unwrap_or("").to_string() };
    let (prefix, code) = (digits(prefix.trim()), digits(code.trim()));
    // A whole code written as a class ends in zeros: 72212000 follows 72212xxx.
    let significant = prefix.trim_end_matches('0');
    let significant = if significant.len() < 2 {
        &prefix[..prefix.len().min(2)]
    } else {
        significant
    };
    !significant.is_empty() && code.starts_with(significant)
}

/// Which reminder is due `now` for a deadline: the 48-hour one from 48 hours before, the
/// 24-hour one from 24 hours before; none after the deadline.
pub fn reminder_due(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<NotificationKind> {
    if now >= deadline {
        None
    } else if now >= deadline - Duration::hours(24) {
        Some(NotificationKind::Reminder24h)
    } else if now >= deadline - Duration::hours(48) {
        Some(NotificationKind::Reminder48h)
    } else {
        None
    }
}

/// The key that makes a notice happen once: its kind, what it is about, and whom it is for.
pub fn once_key(kind: NotificationKind, about: &str, user_id: &str) -> String {
    format!("{}:{about}:{user_id}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscription_follows_the_codes_under_its_digits() {
        assert!(cpv_matches("72", "72212000-4"));
        assert!(cpv_matches("72000000-5", "72212000-4"), "a division's code");
        assert!(cpv_matches("72212000", "72212100-0"));
        assert!(!cpv_matches("72212000", "72213000-1"));
        assert!(!cpv_matches("73", "72212000-4"));
        assert!(cpv_matches("73110000-6", "73110000-6"));
        assert!(!cpv_matches("", "73110000-6"));
        assert!(cpv_matches("7", "73110000-6"));
    }

    #[test]
    fn reminders_fall_48_and_24_hours_before_the_deadline() {
        let deadline = DateTime::parse_from_rfc3339("2027-03-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |h: i64| deadline - Duration::hours(h);
        assert_eq!(reminder_due(deadline, at(49)), None);
        assert_eq!(
            reminder_due(deadline, at(48)),
            Some(NotificationKind::Reminder48h)
        );
        assert_eq!(
            reminder_due(deadline, at(25)),
            Some(NotificationKind::Reminder48h)
        );
        assert_eq!(
            reminder_due(deadline, at(24)),
            Some(NotificationKind::Reminder24h)
        );
        assert_eq!(
            reminder_due(deadline, deadline - Duration::minutes(2)),
            Some(NotificationKind::Reminder24h)
        );
        assert_eq!(reminder_due(deadline, deadline), None);
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str()),
                "the API's name is the stored one"
            );
        }
        assert_ne!(
            once_key(NotificationKind::Reminder24h, "p", "u"),
            once_key(NotificationKind::Reminder48h, "p", "u")
        );
    }
}
