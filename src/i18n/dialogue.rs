//! The words of the dialogue's channels, sessions and consents, in Italian and English.

use crate::domain::declaration::ExclusionGround;
use crate::domain::dialogue::{ConsentStatus, DialogueRefusal, MessageKind, MinutesStatus};
use crate::domain::lang::Lang;

pub(super) const ENTRIES: super::Entries = entries! {
    "dialogue.title" => "Dialogo", "Dialogue";
    "dialogue.channels" => "Canali riservati dei candidati", "Candidates' private channels";
    "dialogue.channels_hint" => "Ogni candidato vede solo il proprio canale; l'amministrazione e la commissione li vedono tutti.", "Each candidate sees only its own channel; the authority and the committee see them all.";
    "dialogue.none" => "Nessun candidato ammesso al dialogo.", "No candidate admitted to the dialogue.";
    "dialogue.channel" => "Canale riservato", "Private channel";
    "dialogue.channel_hint" => "Questo canale è visibile solo al candidato, all'amministrazione e alla commissione. Nessun altro candidato lo vede.", "This channel is visible only to the candidate, the authority and the committee. No other candidate sees it.";
    "dialogue.open" => "Apri il canale", "Open the channel";
    "dialogue.unread" => "da leggere", "unread";
    "dialogue.messages" => "Messaggi", "Messages";
    "dialogue.no_messages" => "Nessun messaggio.", "No messages.";
    "dialogue.from_authority" => "Amministrazione", "Authority";
    "dialogue.from_candidate" => "Candidato", "Candidate";
    "dialogue.platform" => "PCP Desk", "PCP Desk";
    "dialogue.read_at" => "Letto il", "Read on";
    "dialogue.not_read" => "Non ancora letto", "Not read yet";
    "dialogue.answer_by" => "Risposta attesa entro il", "Answer expected by";
    "dialogue.reply_to" => "In risposta a un messaggio del", "In reply to a message of";
    "dialogue.write" => "Scrivi nel canale", "Write in the channel";
    "dialogue.body" => "Messaggio", "Message";
    "dialogue.attach" => "Allegato (facoltativo: PDF, ODT, DOCX…)", "Attachment (optional: PDF, ODT, DOCX…)";
    "dialogue.send" => "Invia", "Send";
    "dialogue.in_reply" => "In risposta a (facoltativo)", "In reply to (optional)";
    "dialogue.share" => "Condividi un file di un altro canale (serve il consenso del suo titolare)", "Share a file of another channel (its owner's consent is needed)";
    "dialogue.quote" => "Cita un messaggio di un candidato (di un altro canale, solo con il suo consenso)", "Quote a candidate's message (another channel's only with its consent)";
    "dialogue.quoting" => "Citazione di un messaggio:", "Quoting a message:";
    "dialogue.with_consent" => "con il suo consenso", "with its consent";
    "dialogue.consent_message" => "Messaggio (facoltativo)", "Message (optional)";
    "dialogue.sessions" => "Incontri", "Sessions";
    "dialogue.no_sessions" => "Nessun incontro.", "No sessions.";
    "dialogue.schedule" => "Fissa un incontro", "Schedule a session";
    "dialogue.starts_at" => "Data e ora (ora italiana)", "Date and time (Italian time)";
    "dialogue.place" => "Luogo o collegamento", "Place or link";
    "dialogue.attendees" => "Partecipanti", "Attendees";
    "dialogue.agenda" => "Ordine del giorno", "Agenda";
    "dialogue.minutes" => "Verbale", "Minutes";
    "dialogue.session_minutes" => "Verbale dell'incontro di dialogo", "Minutes of the dialogue session";
    "dialogue.minutes_status" => "Stato del verbale", "Minutes";
    "dialogue.save_minutes" => "Salva il verbale", "Save the minutes";
    "dialogue.submit_minutes" => "Invia al candidato per l'approvazione", "Send to the candidate for approval";
    "dialogue.approve" => "Approvo il verbale", "I approve the minutes";
    "dialogue.changes" => "Modifiche richieste", "Changes requested";
    "dialogue.ask_changes" => "Chiedi modifiche", "Ask for changes";
    "dialogue.minutes_pdf" => "Verbale approvato (PDF)", "Approved minutes (PDF)";
    "dialogue.consents" => "Registro dei consensi", "Consent register";
    "dialogue.no_consents" => "Nessuna richiesta di consenso.", "No requests for consent.";
    "dialogue.ask_consent" => "Chiedi il consenso a condividere", "Ask for consent to share";
    "dialogue.subject" => "Che cosa", "What";
    "dialogue.file" => "File (facoltativo)", "File (optional)";
    "dialogue.shared_with" => "Con chi", "With whom";
    "dialogue.everyone" => "Tutti gli altri candidati", "Every other candidate";
    "dialogue.purpose" => "Scopo", "Purpose";
    "dialogue.give" => "Do il consenso", "I give consent";
    "dialogue.refuse" => "Nego il consenso", "I refuse consent";
    "dialogue.status" => "Stato", "Status";
    "dialogue.conclude" => "Dichiara concluso il dialogo", "Declare the dialogue concluded";
    "dialogue.conclude_hint" => "Dopo l'esito dell'ultima fase di dialogo: i candidati rimasti sono invitati, nel loro canale, a presentare l'offerta finale.", "After the outcome of the last dialogue stage: the remaining candidates are invited, in their channels, to submit final tenders.";
    "dialogue.concluded" => "Dialogo concluso", "Dialogue concluded";
    "dialogue.stage" => "Fase", "Stage";
    "dialogue.answered_on" => "Risposta del", "Answered on";
    "report.dialogue_public" => "Copia pubblica: il contenuto dei messaggi e dei verbali, gli ordini del giorno e l'oggetto dei consensi sono riservati (art. 30 c.3 dir. 2014/24/UE) e figurano solo nella copia dell'amministrazione; l'impronta SHA-256 di ogni verbale approvato ne permette la verifica.", "Public copy: the content of messages and minutes, the agendas and what each consent covered are confidential (art. 30(3) Directive 2014/24/EU) and appear only in the authority's copy; the SHA-256 of each approved minutes allows them to be verified.";
    "report.confidential_copy" => "copia riservata dell'amministrazione", "the authority's confidential copy";
    "declaration_form.title" => "Autodichiarazione e requisiti di selezione", "Self-declaration and selection criteria";
    "declaration_form.hint" => "Come nel DGUE: ogni motivo di esclusione degli artt. 94–98 D.Lgs. 36/2023 ha una risposta, con una spiegazione dove ricorre (per esempio le misure dell'art. 96 c.6). Nessun prezzo.", "As in the ESPD: each exclusion ground of arts. 94–98 D.Lgs. 36/2023 has an answer, with an explanation where it applies (the measures of art. 96(6), say). No price.";
    "declaration_form.grounds" => "Motivi di esclusione", "Exclusion grounds";
    "declaration_form.no" => "Non ricorre", "Does not apply";
    "declaration_form.yes" => "Ricorre", "Applies";
    "declaration_form.explanation" => "Spiegazione (obbligatoria se ricorre)", "Explanation (required if it applies)";
    "declaration_form.turnover" => "Fatturato annuo degli ultimi esercizi (euro)", "Annual turnover of the last financial years (euro)";
    "declaration_form.year" => "Esercizio", "Year";
    "declaration_form.services" => "Servizi analoghi", "Similar services";
    "declaration_form.service" => "Servizio", "Service";
    "declaration_form.client" => "Committente", "Client";
    "declaration_form.description" => "Descrizione", "Description";
    "declaration_form.service_year" => "Anno", "Year";
    "declaration_form.amount" => "Importo (euro)", "Amount (euro)";
    "declaration_form.certifications" => "Certificazioni", "Certifications";
    "declaration_form.certifications_hint" => "Una per riga (per esempio ISO 9001)", "One per line (ISO 9001, say)";
    "declaration_form.save" => "Salva l'autodichiarazione", "Save the self-declaration";
    "declaration_form.none" => "Nessuna autodichiarazione presentata.", "No self-declaration submitted.";
    "declaration_form.check" => "Verifica dei requisiti di selezione", "Check against the selection criteria";
    "declaration_form.passed" => "Soddisfatto", "Met";
    "declaration_form.failed" => "Non soddisfatto", "Not met";
    "declaration_form.not_checked" => "Non ancora verificato", "Not checked yet";
    "declaration_form.record_check" => "Registra la verifica", "Record the check";
    "declaration_form.back_board" => "Torna alla valutazione", "Back to the evaluation";
    "declaration_form.link" => "Autodichiarazione e requisiti", "Self-declaration and requirements";
    "done.dialogue_recorded" => "Registrato nel canale.", "Recorded in the channel.";
};

pub fn kind_label(k: MessageKind, lang: Lang) -> &'static str {
    let (it, en) = match k {
        MessageKind::Message => ("Messaggio", "Message"),
        MessageKind::Clarification => ("Chiarimento riservato", "Private clarification"),
        MessageKind::StageOutcome => ("Esito della fase", "Outcome of the stage"),
        MessageKind::SessionScheduled => ("Incontro fissato", "Session scheduled"),
        MessageKind::MinutesSubmitted => ("Verbale da approvare", "Minutes to approve"),
        MessageKind::ChangesRequested => (
            "Modifiche al verbale richieste",
            "Changes to the minutes requested",
        ),
        MessageKind::MinutesApproved => ("Verbale approvato", "Minutes approved"),
        MessageKind::ConsentRequested => ("Richiesta di consenso", "Request for consent"),
        MessageKind::ConsentAnswered => ("Risposta sul consenso", "Answer on consent"),
        MessageKind::Concluded => (
            "Dialogo concluso: invito all'offerta finale",
            "Dialogue concluded: invitation to the final tender",
        ),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

pub fn ground_label(g: ExclusionGround, lang: Lang) -> &'static str {
    let (it, en) = match g {
        ExclusionGround::Conviction => (
            "Condanna definitiva per uno dei reati dell'art. 94 c.1",
            "Final conviction for one of the offences of art. 94(1)",
        ),
        ExclusionGround::AntiMafia => (
            "Cause di decadenza, sospensione o divieto antimafia (art. 94 c.2)",
            "Anti-mafia disqualification, suspension or prohibition (art. 94(2))",
        ),
        ExclusionGround::Insolvency => (
            "Liquidazione giudiziale, liquidazione coatta o concordato (art. 94 c.5 d)",
            "Judicial or compulsory liquidation or an arrangement with creditors (art. 94(5)(d))",
        ),
        ExclusionGround::TaxesAndContributions => (
            "Violazioni definitivamente accertate di imposte o contributi (art. 94 c.6)",
            "Definitively established breaches of taxes or social contributions (art. 94(6))",
        ),
        ExclusionGround::SafetyAndLabourLaw => (
            "Infrazioni in materia di salute e sicurezza, lavoro o ambiente (art. 95 c.1 a)",
            "Breaches of health and safety, labour or environmental law (art. 95(1)(a))",
        ),
        ExclusionGround::ConflictOfInterest => (
            "Conflitto di interessi non risolvibile altrimenti (art. 95 c.1 b)",
            "A conflict of interest not otherwise resolvable (art. 95(1)(b))",
        ),
        ExclusionGround::PriorInvolvement => (
            "Distorsione della concorrenza per un precedente coinvolgimento (art. 95 c.1 c)",
            "Distortion of competition from prior involvement (art. 95(1)(c))",
        ),
        ExclusionGround::ProfessionalMisconduct => (
            "Grave illecito professionale (art. 95 c.1 e, art. 98)",
            "Grave professional misconduct (art. 95(1)(e), art. 98)",
        ),
        ExclusionGround::PendingTaxBreaches => (
            "Gravi violazioni fiscali non definitivamente accertate (art. 95 c.2)",
            "Serious tax breaches not definitively established (art. 95(2))",
        ),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

pub fn minutes_label(s: MinutesStatus, lang: Lang) -> &'static str {
    let (it, en) = match s {
        MinutesStatus::Draft => ("in bozza", "draft"),
        MinutesStatus::AwaitingApproval => (
            "in attesa di approvazione del candidato",
            "awaiting the candidate's approval",
        ),
        MinutesStatus::Approved => ("approvato", "approved"),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

pub fn consent_label(s: ConsentStatus, lang: Lang) -> &'static str {
    let (it, en) = match s {
        ConsentStatus::Requested => ("richiesto", "requested"),
        ConsentStatus::Given => ("dato", "given"),
        ConsentStatus::Refused => ("negato", "refused"),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}

pub fn refused(r: DialogueRefusal, lang: Lang) -> &'static str {
    let (it, en) = match r {
        DialogueRefusal::NotYours => (
            "Questo passo spetta a un altro ruolo: l'amministrazione scrive i verbali e chiede i consensi, il candidato li approva e risponde; la commissione legge.",
            "This step belongs to another role: the authority writes minutes and asks for consent, the candidate approves and answers; the committee reads.",
        ),
        DialogueRefusal::MinutesNotDraft => (
            "Il verbale non è in bozza: è già stato inviato o approvato.",
            "The minutes are not a draft: they were sent or approved already.",
        ),
        DialogueRefusal::MinutesNotAwaiting => (
            "Il verbale non è in attesa di approvazione.",
            "The minutes are not awaiting approval.",
        ),
        DialogueRefusal::MinutesEmpty => (
            "Il verbale è vuoto: scrivetelo prima di inviarlo.",
            "The minutes are empty: write them before sending them.",
        ),
        DialogueRefusal::ConsentAnswered => (
            "A questa richiesta di consenso è già stata data una risposta.",
            "This request for consent has already been answered.",
        ),
        DialogueRefusal::NoConsent => (
            "Il file o il messaggio è di un altro candidato: si può condividere o citare solo con il suo consenso specifico, dato per quel file o messaggio e per questo destinatario (art. 30 c.3 dir. 2014/24/UE).",
            "The file or message is another candidate's: it may be shared or quoted only with its specific consent, given for that file or message and this recipient (art. 30(3) Directive 2014/24/EU).",
        ),
        DialogueRefusal::NotConcludable => (
            "Il dialogo si può concludere solo dopo l'esito confermato della sua ultima fase.",
            "The dialogue can be concluded only after its last stage's outcome is confirmed.",
        ),
        DialogueRefusal::AlreadyConcluded => (
            "Il dialogo è già stato dichiarato concluso.",
            "The dialogue has already been declared concluded.",
        ),
        DialogueRefusal::NotACandidate => (
            "L'organizzazione che ha posto la domanda non è un candidato del dialogo: la risposta va pubblicata.",
            "The organisation that asked is not a candidate of the dialogue: the answer must be published.",
        ),
    };
    match lang {
        Lang::It => it,
        Lang::En => en,
    }
}
