//! The texts of the communications sent after an outcome, in Italian and English.

use crate::domain::communication::CommunicationKind;
use crate::domain::lang::Lang;

/// What a communication of an outcome states.
pub struct OutcomeFacts<'a> {
    pub call_reference: &'a str,
    pub call_title: &'a str,
    pub phase_name: &'a str,
    /// The organisations admitted or awarded.
    pub winners: &'a [String],
    /// Why the bidder was excluded.
    pub reason: Option<&'a str>,
    /// When the standstill ends, in this language (after an award that has one).
    pub standstill_until: Option<String>,
    pub results_url: &'a str,
}

pub(super) const ENTRIES: super::Entries = entries! {
    "communications.title" => "Comunicazioni", "Communications";
    "communications.none" => "Nessuna comunicazione.", "No communications.";
    "communications.unread" => "non lette", "unread";
    "communications.sent" => "Inviata il", "Sent on";
    "communications.read" => "Letta il", "Read on";
    "communications.not_read" => "Non ancora letta", "Not read yet";
    "communications.due" => "Dovuta entro", "Due by";
    "communications.subject" => "Oggetto", "Subject";
    "communications.recipient" => "Destinatario", "Recipient";
    "communications.kind" => "Tipo", "Kind";
    "communications.email" => "E-mail (PEC)", "E-mail (PEC)";
    "communications.email_sent" => "consegnata al server il", "accepted by the server on";
    "communications.email_pending" => "in coda", "queued";
    "communications.email_retrying" => "non consegnata, nuovo tentativo il", "not delivered, next attempt on";
    "communications.email_attempts" => "tentativi", "attempts";
    "communications.email_off" => "L'invio per e-mail (PEC) non è configurato (PCP_DESK_SMTP_URL): le comunicazioni sono consegnate solo sulla piattaforma e le e-mail restano in coda.", "E-mail (PEC) delivery is not configured (PCP_DESK_SMTP_URL): communications are delivered on the platform only and their e-mails stay queued.";
    "communications.email_failing" => "E-mail non ancora consegnate, con l'errore dell'ultimo tentativo:", "E-mails not yet delivered, with the last attempt's error:";
};

pub fn kind_label(kind: CommunicationKind, lang: Lang) -> &'static str {
    use CommunicationKind as K;
    let (it, en) = match kind {
        K::Award => ("Aggiudicazione (art. 90 c.1 b)", "Award (art. 90(1)(b))"),
        K::AwardNotice => (
            "Esito dell'aggiudicazione (art. 90 c.1 c)",
            "Award outcome (art. 90(1)(c))",
        ),
        K::Exclusion => ("Esclusione (art. 90 c.1 d)", "Exclusion (art. 90(1)(d))"),
        K::Admission => (
            "Ammissione alla fase successiva",
            "Admission to the next phase",
        ),
        K::NotAdmitted => (
            "Non ammissione alla fase successiva",
            "Not admitted to the next phase",
        ),
        K::Addendum => ("Integrazione al bando", "Addendum to the call"),
        K::Cancellation => (
            "Annullamento della procedura (art. 90 c.1 a)",
            "Procedure cancelled (art. 90(1)(a))",
        ),
        K::ComplaintAnswer => ("Risposta al reclamo", "Answer to a complaint"),
        K::ContractSigned => (
            "Stipula del contratto (art. 90 c.1 e)",
            "Contract signed (art. 90(1)(e))",
        ),
        K::ClarificationAnswered => ("Risposta al quesito", "Answer to your question"),
    };
    if lang == Lang::It { it } else { en }
}

/// Subject and body of the notice of an addendum to those with an active proposal.
pub fn addendum_text(
    call_title: &str,
    reference: &str,
    number: i32,
    lang: Lang,
) -> (String, String) {
    let subject = format!(
        "{} n. {number} – {call_title} ({reference})",
        kind_label(CommunicationKind::Addendum, lang)
    );
    let body = if lang == Lang::It {
        format!(
            "È stata pubblicata l'integrazione n. {number} al bando «{call_title}». La vostra proposta resta valida solo se la confermate o la sostituite prima della scadenza: apritela dall'Area fornitore."
        )
    } else {
        format!(
            "Addendum no. {number} to the call \"{call_title}\" has been published. Your proposal stays valid only if you confirm or replace it before the deadline: open it from the supplier area."
        )
    };
    (subject, body)
}

/// Subject and body of the notice that the call was cancelled, to everyone who took part.
pub fn cancellation_text(
    call_title: &str,
    reference: &str,
    reason: &str,
    lang: Lang,
) -> (String, String) {
    let subject = format!(
        "{} – {call_title} ({reference})",
        kind_label(CommunicationKind::Cancellation, lang)
    );
    let body = if lang == Lang::It {
        format!(
            "La procedura «{call_title}» è stata annullata e non sarà aggiudicata. Motivo: {reason}"
        )
    } else {
        format!(
            "The procedure \"{call_title}\" was cancelled and will not be awarded. Reason: {reason}"
        )
    };
    (subject, body)
}

/// Subject and body of the communication of an outcome.
pub fn outcome_text(kind: CommunicationKind, f: &OutcomeFacts, lang: Lang) -> (String, String) {
    use CommunicationKind as K;
    let it = lang == Lang::It;
    let subject = format!(
        "{} – {} ({}) – {}",
        kind_label(kind, lang),
        f.call_title,
        f.call_reference,
        f.phase_name
    );
    let winners = f.winners.join(", ");
    let mut body = match (kind, it) {
        (
            K::Addendum
            | K::Cancellation
            | K::ComplaintAnswer
            | K::ContractSigned
            | K::ClarificationAnswered,
            _,
        ) => String::new(),
        (K::Award, true) => format!(
            "Con l'esito della fase «{}» del bando «{}» la vostra offerta è risultata aggiudicataria.",
            f.phase_name, f.call_title
        ),
        (K::Award, false) => format!(
            "At the outcome of the phase \"{}\" of the call \"{}\", your offer was awarded.",
            f.phase_name, f.call_title
        ),
        (K::AwardNotice, true) => format!(
            "Con l'esito della fase «{}» del bando «{}» la vostra offerta, valida, non è risultata aggiudicataria. Aggiudicatari: {winners}.",
            f.phase_name, f.call_title
        ),
        (K::AwardNotice, false) => format!(
            "At the outcome of the phase \"{}\" of the call \"{}\", your valid offer was not awarded. Awarded: {winners}.",
            f.phase_name, f.call_title
        ),
        (K::Exclusion, true) => format!(
            "Con l'esito della fase «{}» del bando «{}» la vostra offerta è stata esclusa. Motivo: {}.",
            f.phase_name,
            f.call_title,
            f.reason.unwrap_or("–")
        ),
        (K::Exclusion, false) => format!(
            "At the outcome of the phase \"{}\" of the call \"{}\", your offer was excluded. Reason: {}.",
            f.phase_name,
            f.call_title,
            f.reason.unwrap_or("–")
        ),
        (K::Admission, true) => format!(
            "Con l'esito della fase «{}» del bando «{}» siete ammessi alla fase successiva.",
            f.phase_name, f.call_title
        ),
        (K::Admission, false) => format!(
            "At the outcome of the phase \"{}\" of the call \"{}\", you are admitted to the next phase.",
            f.phase_name, f.call_title
        ),
        (K::NotAdmitted, true) => format!(
            "Con l'esito della fase «{}» del bando «{}» la vostra proposta, valida, non è tra quelle ammesse alla fase successiva. Ammessi: {winners}.",
            f.phase_name, f.call_title
        ),
        (K::NotAdmitted, false) => format!(
            "At the outcome of the phase \"{}\" of the call \"{}\", your valid proposal is not among those admitted to the next phase. Admitted: {winners}.",
            f.phase_name, f.call_title
        ),
    };
    if let Some(until) = &f.standstill_until {
        body.push(' ');
        body.push_str(&if it {
            format!("Il termine dilatorio (art. 18 c.3) termina il {until}: prima di allora il contratto non può essere stipulato.")
        } else {
            format!("The standstill period (art. 18(3)) ends on {until}: the contract cannot be signed before then.")
        });
    }
    body.push(' ');
    body.push_str(&if it {
        format!("Graduatoria e verbali: {}", f.results_url)
    } else {
        format!("Ranking and minutes: {}", f.results_url)
    });
    (subject, body)
}

/// The e-mail copy of a communication: the Italian text, then the English one, with where to read
/// it on the platform and the attachment's fingerprint, which anyone can verify there.
pub fn mail_text(
    (subject_it, body_it): (&str, &str),
    (subject_en, body_en): (&str, &str),
    read_url: &str,
    attachment: Option<(&str, &str)>,
    public_base: &str,
) -> String {
    let mut text = format!("{subject_it}\n\n{body_it}\n\nLeggi sulla piattaforma: {read_url}\n");
    if let Some((name, sha256)) = attachment {
        text.push_str(&format!(
            "Allegato: {name}, SHA-256 {sha256}; verifica: {public_base}/verify/{sha256}\n"
        ));
    }
    text.push_str(&format!(
        "\n-- English --\n\n{subject_en}\n\n{body_en}\n\nRead on the platform: {read_url}\n"
    ));
    if let Some((name, sha256)) = attachment {
        text.push_str(&format!(
            "Attachment: {name}, SHA-256 {sha256}; verify: {public_base}/verify/{sha256}\n"
        ));
    }
    text
}

/// Subject and body of the notice that a contract of a phase was signed, to its bidders.
pub fn contract_signed_text(
    call_title: &str,
    reference: &str,
    phase_name: &str,
    supplier: &str,
    signed_on: &str,
    lang: Lang,
) -> (String, String) {
    let subject = format!(
        "{} – {call_title} ({reference}) – {phase_name}",
        kind_label(CommunicationKind::ContractSigned, lang)
    );
    let body = if lang == Lang::It {
        format!(
            "Il contratto della fase «{phase_name}» del bando «{call_title}» con {supplier} è stato stipulato il {signed_on}."
        )
    } else {
        format!(
            "The contract of the phase \"{phase_name}\" of the call \"{call_title}\" with {supplier} was signed on {signed_on}."
        )
    };
    (subject, body)
}

/// Subject and body of the answer to an organisation's question, now public.
pub fn clarification_text(
    call_title: &str,
    reference: &str,
    question: &str,
    answer: &str,
    lang: Lang,
) -> (String, String) {
    let subject = format!(
        "{} – {call_title} ({reference})",
        kind_label(CommunicationKind::ClarificationAnswered, lang)
    );
    let body = if lang == Lang::It {
        format!(
            "Al vostro quesito «{question}» l'amministrazione ha risposto: «{answer}». La risposta è pubblicata sul bando, senza il vostro nome."
        )
    } else {
        format!(
            "To your question \"{question}\" the authority answered: \"{answer}\". The answer is published on the call, without your name."
        )
    };
    (subject, body)
}
