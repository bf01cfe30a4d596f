//! The messages the evaluation board shows when a step is refused, each naming its field.

use crate::error::AppError;
use crate::i18n;

/// What a field of the board's forms is called, so that every error names its field.
fn field_label(field: &str, t: i18n::Tr) -> Option<String> {
    let key = match field {
        "requested_at" => "verification.requested_at",
        "answered_at" => "verification.answered_at",
        "accepted" => "verification.accepted_label",
        "reason" => "minutes.reason",
        "text" => "decision.text",
        _ => {
            let mut parts = field.split('.');
            let (Some("scores"), Some(n), Some(part)) = (parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            let n: usize = n.parse().ok()?;
            let part = match part {
                "reason" => t.s("consensus.reason"),
                "justification" => t.s("scoring.justification"),
                _ => t.s("scoring.points"),
            };
            return Some(format!("{part} ({} {})", t.s("call.criterion"), n + 1));
        }
    };
    Some(t.s(key).to_string())
}

pub(super) fn messages(e: &AppError, lang: crate::domain::lang::Lang) -> Vec<String> {
    let t = i18n::Tr(lang);
    match e {
        AppError::Invalid(v) => v
            .iter()
            .map(|v| {
                let message = i18n::violation_message(&v.kind, lang);
                match field_label(&v.field, t) {
                    Some(label) => format!("{label}: {message}"),
                    None => message,
                }
            })
            .collect(),
        other => vec![i18n::error_message(other, lang)],
    }
}
