//! The words of complaints, appeals and ANAC opinions, in Italian and English.

use crate::domain::challenge::{ChallengeKind, ChallengeRefusal, ChallengeStatus, Ground};
use crate::domain::lang::Lang;

pub(super) const ENTRIES: super::Entries = entries! {
    "challenges.title" => "Reclami e ricorsi", "Complaints and appeals";
    "challenges.none" => "Nessun reclamo o ricorso.", "No complaints or appeals.";
    "challenges.file" => "Presenta un reclamo", "File a complaint";
    "challenges.file_hint" => "Il reclamo va all'amministrazione, che risponde con le sue ragioni. Non sospende la procedura; il ricorso al TAR è un'altra via.", "The complaint goes to the authority, which answers with its reasons. It does not suspend the procedure; an appeal to the administrative court is another way.";
    "challenges.ground" => "Oggetto", "About";
    "challenges.text" => "Testo", "Text";
    "challenges.filed_on" => "Presentato il", "Filed on";
    "challenges.status" => "Stato", "Status";
    "challenges.court" => "Giudice", "Court";
    "challenges.interim" => "Domanda cautelare", "Interim measures requested";
    "challenges.interim_decision" => "Decisione sulla domanda cautelare", "Decision on interim measures";
    "challenges.interim_granted" => "accolta", "granted";
    "challenges.interim_refused" => "respinta", "refused";
    "challenges.interim_pending" => "in attesa di decisione", "awaiting decision";
    "challenges.record_appeal" => "Registra un ricorso o una richiesta di parere ANAC", "Record an appeal or a request for an ANAC opinion";
    "challenges.kind" => "Tipo", "Kind";
    "challenges.appellant" => "Ricorrente", "Appellant";
    "challenges.answer" => "Rispondi o registra la decisione", "Answer or record the decision";
    "challenges.accept" => "Accolto", "Accepted";
    "challenges.reject" => "Respinto", "Rejected";
    "challenges.reasons" => "Motivazione", "Reasons";
    "challenges.measures" => "Misure adottate (se accolto)", "Measures taken (if accepted)";
    "challenges.decided_on" => "Data della decisione", "Date of the decision";
    "challenges.held" => "Un ricorso con domanda cautelare è pendente: l'aggiudicazione non diventa efficace e il contratto non si stipula finché il giudice non decide sulla domanda (art. 18 c.4).", "An appeal with a request for interim measures is pending: the award does not become final and the contract is not signed until the court decides on the request (art. 18(4)).";
    "challenges.send" => "Invia", "Send";
    "challenges.record" => "Registra", "Record";
    "done.challenge_recorded" => "Registrato.", "Recorded.";
    "challenges.add_file" => "Allega un file (PDF, ODT, DOCX…)", "Attach a file (PDF, ODT, DOCX…)";
    "challenges.upload" => "Allega", "Attach";
};

pub fn kind_label(k: ChallengeKind, lang: Lang) -> &'static str {
    let (it, en) = match k {
        ChallengeKind::Complaint => ("Reclamo", "Complaint"),
        ChallengeKind::Appeal => ("Ricorso al TAR", "Appeal to the administrative court"),
        ChallengeKind::AnacOpinion => (
            "Parere di precontenzioso ANAC (art. 220)",
            "ANAC pre-litigation opinion (art. 220)",
        ),
    };
    if lang == Lang::It { it } else { en }
}

pub fn ground_label(g: Ground, lang: Lang) -> &'static str {
    let (it, en) = match g {
        Ground::Terms => ("le condizioni del bando", "the call's terms"),
        Ground::Exclusion => ("l'esclusione", "the exclusion"),
        Ground::Admission => (
            "l'ammissione di un altro concorrente",
            "another's admission",
        ),
        Ground::Award => ("l'aggiudicazione", "the award"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn status_label(s: ChallengeStatus, lang: Lang) -> &'static str {
    let (it, en) = match s {
        ChallengeStatus::Open => ("in corso", "open"),
        ChallengeStatus::Accepted => ("accolto", "accepted"),
        ChallengeStatus::Rejected => ("respinto", "rejected"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn refused(r: ChallengeRefusal, lang: Lang) -> &'static str {
    let (it, en) = match r {
        ChallengeRefusal::NotAParty => (
            "Può presentare reclamo solo chi ha partecipato alla procedura, e sull'esclusione solo l'escluso.",
            "Only those who took part may complain, and of an exclusion only the one excluded.",
        ),
        ChallengeRefusal::AlreadyClosed => (
            "Questo reclamo o ricorso ha già una risposta o una decisione.",
            "This complaint or appeal already has an answer or a decision.",
        ),
        ChallengeRefusal::NoInterimRequest => (
            "Il ricorso non contiene una domanda cautelare.",
            "The appeal asked for no interim measures.",
        ),
        ChallengeRefusal::InterimDecided => (
            "La decisione sulla domanda cautelare è già registrata.",
            "The decision on interim measures is already recorded.",
        ),
        ChallengeRefusal::NotYours => (
            "Questo passo spetta a un altro ruolo.",
            "This step belongs to another role.",
        ),
    };
    if lang == Lang::It { it } else { en }
}

/// Subject and body of the authority's answer to a complaint, to the complainant.
pub fn answer_text(
    call_title: &str,
    reference: &str,
    accepted: bool,
    reasons: &str,
    measures: &str,
    lang: Lang,
) -> (String, String) {
    let it = lang == Lang::It;
    let subject = if it {
        format!("Risposta al reclamo – {call_title} ({reference})")
    } else {
        format!("Answer to your complaint – {call_title} ({reference})")
    };
    let mut body = match (it, accepted) {
        (true, true) => {
            format!("Il vostro reclamo sul bando «{call_title}» è accolto. Motivazione: {reasons}")
        }
        (true, false) => {
            format!("Il vostro reclamo sul bando «{call_title}» è respinto. Motivazione: {reasons}")
        }
        (false, true) => {
            format!("Your complaint on the call \"{call_title}\" is accepted. Reasons: {reasons}")
        }
        (false, false) => {
            format!("Your complaint on the call \"{call_title}\" is rejected. Reasons: {reasons}")
        }
    };
    if accepted {
        body.push_str(&if it {
            format!(" Misure adottate: {measures}")
        } else {
            format!(" Measures taken: {measures}")
        });
    }
    (subject, body)
}

/// One row of the procurement report: kind, ground, party, filed, status with its date and the
/// interim measures where asked for.
pub fn report_row(c: &crate::service::challenges::ChallengeView, lang: Lang) -> Vec<String> {
    let t = super::Tr(lang);
    let mut status = status_label(c.status, lang).to_string();
    if let Some(on) = c.decided_on {
        status.push_str(&format!(" ({})", on.format("%d/%m/%Y")));
    }
    if c.interim_requested {
        let interim = match c.interim_granted {
            Some(true) => t.s("challenges.interim_granted"),
            Some(false) => t.s("challenges.interim_refused"),
            None => t.s("challenges.interim_pending"),
        };
        status.push_str(&format!("; {}: {interim}", t.s("challenges.interim")));
    }
    vec![
        kind_label(c.kind, lang).to_string(),
        ground_label(c.ground, lang).to_string(),
        c.organisation.clone().unwrap_or_else(|| "–".into()),
        c.filed_on.format("%d/%m/%Y").to_string(),
        status,
    ]
}
