//! The words of notifications, in Italian and English.

use crate::domain::lang::Lang;
use crate::domain::notification::NotificationKind;

pub(super) const ENTRIES: super::Entries = entries! {
    "notifications.title" => "Avvisi", "Notices";
    "notifications.none" => "Nessun avviso.", "No notices.";
    "notifications.preferences" => "Quali avvisi ricevere", "Which notices to receive";
    "notifications.preferences_hint" => "Le comunicazioni previste dalla legge (esiti, esclusioni, integrazioni, annullamenti) arrivano sempre; questi avvisi si possono spegnere.", "The communications the law requires (outcomes, exclusions, addenda, cancellations) always arrive; these notices can be turned off.";
    "notifications.cpv" => "Codici CPV seguiti (o le loro prime cifre), separati da virgole", "CPV codes followed (or their first digits), separated by commas";
    "notifications.save" => "Salva", "Save";
    "done.preferences_saved" => "Preferenze salvate.", "Preferences saved.";
};

pub fn kind_label(kind: NotificationKind, lang: Lang) -> &'static str {
    let (it, en) = match kind {
        NotificationKind::NewCall => (
            "Nuovi bandi con i codici CPV che seguo",
            "New calls with the CPV codes I follow",
        ),
        NotificationKind::Reminder48h => (
            "Promemoria 48 ore prima della scadenza",
            "Reminder 48 hours before the deadline",
        ),
        NotificationKind::Reminder24h => (
            "Promemoria 24 ore prima della scadenza",
            "Reminder 24 hours before the deadline",
        ),
        NotificationKind::Appointed => ("Nomina in una commissione", "Appointment to a committee"),
        NotificationKind::ProposalsOpen => (
            "Proposte aperte alla commissione",
            "Proposals open to the committee",
        ),
        NotificationKind::DialogueMessage => (
            "Nuovi messaggi nei canali riservati del dialogo",
            "New messages in the dialogue's private channels",
        ),
    };
    if lang == Lang::It { it } else { en }
}

/// Subject and body of a notice about `title` (a call) and `detail` (its reference, or the
/// phase's name).
pub fn text(kind: NotificationKind, title: &str, detail: &str, lang: Lang) -> (String, String) {
    let it = lang == Lang::It;
    let (subject, body) = match (kind, it) {
        (NotificationKind::NewCall, true) => (
            format!("Nuovo bando: {title}"),
            format!("È pubblicato il bando «{title}» ({detail}), con un codice CPV che seguite."),
        ),
        (NotificationKind::NewCall, false) => (
            format!("New call: {title}"),
            format!("The call \"{title}\" ({detail}) is published, with a CPV code you follow."),
        ),
        (NotificationKind::Reminder48h | NotificationKind::Reminder24h, true) => (
            format!("Scadenza vicina: {title} – {detail}"),
            format!(
                "La fase «{detail}» del bando «{title}» scade entro {} ore e la vostra proposta non è ancora inviata.",
                if kind == NotificationKind::Reminder48h {
                    48
                } else {
                    24
                }
            ),
        ),
        (NotificationKind::Reminder48h | NotificationKind::Reminder24h, false) => (
            format!("Deadline near: {title} – {detail}"),
            format!(
                "The phase \"{detail}\" of the call \"{title}\" closes within {} hours and your proposal is not submitted yet.",
                if kind == NotificationKind::Reminder48h {
                    48
                } else {
                    24
                }
            ),
        ),
        (NotificationKind::Appointed, true) => (
            format!("Nomina in commissione: {title} – {detail}"),
            format!(
                "Siete nominati nella commissione della fase «{detail}» del bando «{title}». Prima di valutare, rendete la dichiarazione sui conflitti di interesse."
            ),
        ),
        (NotificationKind::Appointed, false) => (
            format!("Committee appointment: {title} – {detail}"),
            format!(
                "You are appointed to the committee of the phase \"{detail}\" of the call \"{title}\". Before scoring, make the declaration on conflicts of interest."
            ),
        ),
        (NotificationKind::ProposalsOpen, true) => (
            format!("Proposte aperte: {title} – {detail}"),
            format!(
                "Le proposte della fase «{detail}» del bando «{title}» sono aperte: potete valutarle."
            ),
        ),
        (NotificationKind::ProposalsOpen, false) => (
            format!("Proposals open: {title} – {detail}"),
            format!(
                "The proposals of the phase \"{detail}\" of the call \"{title}\" are open: you can score them."
            ),
        ),
        (NotificationKind::DialogueMessage, true) => (
            format!("Nuovo messaggio nel dialogo: {title}"),
            format!(
                "C'è un nuovo messaggio da {detail} nel canale riservato del dialogo «{title}». Per riservatezza il testo resta sulla piattaforma: accedete per leggerlo."
            ),
        ),
        (NotificationKind::DialogueMessage, false) => (
            format!("New message in the dialogue: {title}"),
            format!(
                "There is a new message from {detail} in the private channel of the dialogue \"{title}\". For confidentiality the text stays on the platform: sign in to read it."
            ),
        ),
    };
    (subject, body)
}
