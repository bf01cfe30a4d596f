//! The names of the things a person reads about: procedures, phases, states, roles.

use crate::domain::access::Role;
use crate::domain::call::CallStatus;
use crate::domain::lang::Lang;
use crate::domain::phase::{PhaseKind, Procedure};

use super::Tr;

/// Why the authority uses this procedure, as the procurement report and the open data state it.
pub fn procedure_rationale(p: Procedure, lang: Lang) -> &'static str {
    let key = match p {
        Procedure::Pcp => "report.pcp_why",
        Procedure::CompetitiveDialogue => "report.cd_why",
    };
    Tr(lang).s(key)
}

pub fn procedure_name(p: Procedure, lang: Lang) -> &'static str {
    match (p, lang) {
        (Procedure::Pcp, Lang::It) => "Appalto pre-commerciale (PCP)",
        (Procedure::Pcp, Lang::En) => "Pre-commercial procurement (PCP)",
        (Procedure::CompetitiveDialogue, Lang::It) => "Dialogo competitivo",
        (Procedure::CompetitiveDialogue, Lang::En) => "Competitive dialogue",
    }
}

pub fn phase_kind_name(k: PhaseKind, lang: Lang) -> &'static str {
    let (it, en) = match k {
        PhaseKind::SolutionDesign => ("Progettazione della soluzione", "Solution design"),
        PhaseKind::Prototyping => ("Prototipazione", "Prototyping"),
        PhaseKind::Testing => (
            "Sviluppo originale e collaudo",
            "Original development and testing",
        ),
        PhaseKind::RequestsToParticipate => {
            ("Domande di partecipazione", "Requests to participate")
        }
        PhaseKind::Selection => ("Selezione dei candidati", "Selection of candidates"),
        PhaseKind::Dialogue => ("Dialogo", "Dialogue"),
        PhaseKind::FinalTenders => ("Offerte finali", "Final tenders"),
        PhaseKind::Award => ("Aggiudicazione", "Award"),
        PhaseKind::Standstill => ("Standstill", "Standstill"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn status_name(s: CallStatus, lang: Lang) -> &'static str {
    let (it, en) = match s {
        CallStatus::Draft => ("Bozza", "Draft"),
        CallStatus::Published => ("Pubblicato", "Published"),
        CallStatus::Concluded => ("Concluso", "Concluded"),
        CallStatus::Cancelled => ("Annullato", "Cancelled"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn proposal_status_name(
    s: crate::domain::submission::ProposalStatus,
    lang: Lang,
) -> &'static str {
    use crate::domain::submission::ProposalStatus as P;
    let (it, en) = match s {
        P::Submitted => ("Presentata", "Submitted"),
        P::Superseded => ("Sostituita", "Replaced"),
        P::Withdrawn => ("Ritirata", "Withdrawn"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn envelope_name(e: crate::domain::submission::Envelope, lang: Lang) -> &'static str {
    use crate::domain::submission::Envelope as E;
    let (it, en) = match e {
        E::Administrative => (
            "Busta amministrativa (dichiarazioni, DGUE)",
            "Administrative envelope (declarations, ESPD)",
        ),
        E::Technical => ("Busta tecnica", "Technical envelope"),
        E::Financial => ("Busta economica", "Financial envelope"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn role_name(r: Role, lang: Lang) -> &'static str {
    let (it, en) = match r {
        Role::Admin => ("Amministratore", "Administrator"),
        Role::Officer => ("Funzionario", "Officer"),
        Role::Evaluator => ("Valutatore", "Evaluator"),
        Role::Supplier => ("Fornitore", "Supplier"),
    };
    if lang == Lang::It { it } else { en }
}

/// An issued document's kind in words.
pub fn document_kind_name(kind: &str, lang: Lang) -> &'static str {
    let (it, en) = match kind {
        "receipt" => (
            "Ricevuta di presentazione di una proposta",
            "Receipt of a proposal",
        ),
        "opening_minutes" => (
            "Verbale di apertura delle proposte",
            "Minutes of the opening",
        ),
        "evaluation_minutes" => ("Verbale di valutazione", "Evaluation minutes"),
        "phase_outcome" => ("Esito di una fase", "Outcome of a phase"),
        "award_decision" => ("Provvedimento di aggiudicazione", "Award decision"),
        "procurement_report" => ("Relazione unica sulla procedura", "Procurement report"),
        _ => (
            "Documento emesso da PCP Desk",
            "Document issued by PCP Desk",
        ),
    };
    if lang == Lang::It { it } else { en }
}

/// How a receipt names the moment its proposal stopped counting.
pub fn closed_label(status: crate::domain::submission::ProposalStatus, lang: Lang) -> &'static str {
    use crate::domain::submission::ProposalStatus as S;
    match (status, lang) {
        (S::Withdrawn, Lang::It) => "Ritirata il",
        (S::Withdrawn, Lang::En) => "Withdrawn on",
        (_, Lang::It) => "Sostituita il",
        (_, Lang::En) => "Replaced on",
    }
}

/// A committee member's next step, in words.
pub fn member_todo_text(todo: crate::domain::evaluation_steps::MemberTodo, lang: Lang) -> String {
    use crate::domain::evaluation_steps::MemberTodo as T;
    let it = lang == Lang::It;
    match todo {
        T::Declare => if it {
            "Da fare: firma la dichiarazione sul conflitto di interessi."
        } else {
            "To do: sign the declaration on conflicts of interest."
        }
        .into(),
        T::AwaitOpening => if it {
            "In attesa dell'apertura delle proposte."
        } else {
            "Waiting for the proposals to be opened."
        }
        .into(),
        T::Score { done, of } => {
            if it {
                format!("Da fare: valuta le proposte ({done} di {of} valutate).")
            } else {
                format!("To do: score the proposals ({done} of {of} scored).")
            }
        }
        T::Submit => if it {
            "Da fare: tutte le proposte sono valutate, invia i tuoi punteggi."
        } else {
            "To do: every proposal is scored, send your scores."
        }
        .into(),
        T::RecordConsensus => if it {
            "Da fare: come presidente, registra i punteggi della commissione."
        } else {
            "To do: as chair, record the committee's scores."
        }
        .into(),
        T::Nothing => if it {
            "Nulla da fare: i tuoi punteggi sono inviati."
        } else {
            "Nothing to do: your scores are sent."
        }
        .into(),
    }
}

/// The officer's next step in a phase, in words.
pub fn officer_todo_text(
    todo: crate::domain::evaluation_steps::OfficerTodo,
    lang: Lang,
) -> &'static str {
    use crate::domain::evaluation_steps::OfficerTodo as T;
    let (it, en) = match todo {
        T::AwaitDeadline => (
            "proposte aperte fino alla scadenza",
            "proposals open until the deadline",
        ),
        T::AppointCommittee => ("nomina la commissione", "appoint the committee"),
        T::ReplaceMember => (
            "nomina un sostituto nella commissione",
            "appoint a replacement on the committee",
        ),
        T::AwaitDeclarations => (
            "in attesa delle dichiarazioni dei componenti",
            "waiting for the members' declarations",
        ),
        T::OpenProposals => ("apri le proposte", "open the proposals"),
        T::AwaitScores => (
            "in valutazione: in attesa dei punteggi della commissione",
            "under evaluation: waiting for the committee's scores",
        ),
        T::ConfirmOutcome => ("conferma l'esito", "confirm the outcome"),
        T::Decided => ("esito confermato", "outcome confirmed"),
    };
    if lang == Lang::It { it } else { en }
}

/// A call's stage in the public list ("Fase 2 · proposte degli ammessi fino al …"), or nothing
/// for a call that is not running (its status says it).
pub fn call_stage_text(stage: crate::domain::call_stage::CallStage, lang: Lang) -> Option<String> {
    use crate::domain::call_stage::CallStage as S;
    let it = lang == Lang::It;
    let phase = |i: usize| {
        if it {
            format!("Fase {}", i + 1)
        } else {
            format!("Phase {}", i + 1)
        }
    };
    Some(match stage {
        S::Taking {
            phase: i,
            deadline,
            open_to_all,
        } => {
            let until = crate::domain::time::format_rome(deadline, lang);
            match (it, open_to_all) {
                (true, true) => format!("{} · proposte aperte fino al {until}", phase(i)),
                (true, false) => format!("{} · proposte degli ammessi fino al {until}", phase(i)),
                (false, true) => format!("{} · proposals open until {until}", phase(i)),
                (false, false) => {
                    format!("{} · proposals of those admitted until {until}", phase(i))
                }
            }
        }
        S::Evaluating { phase: i } if it => format!("{} · in valutazione", phase(i)),
        S::Evaluating { phase: i } => format!("{} · under evaluation", phase(i)),
        S::Waiting { phase: i } if it => format!("{} · scadenza da annunciare", phase(i)),
        S::Waiting { phase: i } => format!("{} · deadline to be announced", phase(i)),
        S::Decided if it => "Tutti gli esiti confermati".to_string(),
        S::Decided => "Every outcome confirmed".to_string(),
        S::Closed => return None,
    })
}
