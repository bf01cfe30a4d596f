//! What a person reads when something is refused or invalid, and why a proposal was excluded.

use crate::domain::ViolationKind;
use crate::domain::call::CallStatus;
use crate::domain::lang::Lang;
use crate::domain::phase::PhaseKind;

use crate::domain::money::format_euro;
use crate::error::AppError;

use super::{Tr, status_name};

pub fn violation_code(kind: &ViolationKind) -> &'static str {
    match kind {
        ViolationKind::Required => "required",
        ViolationKind::TooLong { .. } => "too_long",
        ViolationKind::InvalidCpv { .. } => "invalid_cpv",
        ViolationKind::InvalidFiscalCode => "invalid_fiscal_code",
        ViolationKind::InvalidAmount => "invalid_amount",
        ViolationKind::InvalidDate { .. } => "invalid_date",
        ViolationKind::NonexistentLocalTime { .. } => "nonexistent_local_time",
        ViolationKind::MustBePositive => "must_be_positive",
        ViolationKind::InPast => "in_past",
        ViolationKind::InFuture => "in_future",
        ViolationKind::BeforeRequest => "before_request",
        ViolationKind::NotAfterPrevious { .. } => "not_after_previous",
        ViolationKind::TooSoonAfterPublication { .. } => "too_soon_after_publication",
        ViolationKind::BudgetExceeded { .. } => "budget_exceeded",
        ViolationKind::FunnelMustNarrow => "funnel_must_narrow",
        ViolationKind::AtLeast { .. } => "at_least",
        ViolationKind::AtMost { .. } => "at_most",
        ViolationKind::WeightsMustSumTo100 { .. } => "weights_must_sum_to_100",
        ViolationKind::NoCriteria => "no_criteria",
        ViolationKind::ThresholdAboveMax => "threshold_above_max",
        ViolationKind::AwardNeedsQualityAndPrice => "award_needs_quality_and_price",
        ViolationKind::PriceNotAllowed => "price_not_allowed",
        ViolationKind::UnknownProcedure { .. } => "unknown_procedure",
        ViolationKind::UnknownCriterionKind { .. } => "unknown_criterion_kind",
        ViolationKind::Malformed { .. } => "malformed",
        ViolationKind::FileTypeNotAccepted { .. } => "file_type_not_accepted",
        ViolationKind::ContentNotOfType { .. } => "content_not_of_type",
        ViolationKind::PasswordTooGuessable => "password_too_guessable",
        ViolationKind::EmptyFile => "empty_file",
        ViolationKind::AlreadyRegistered => "already_registered",
        ViolationKind::InvitationNotValid => "invitation_not_valid",
        ViolationKind::ChoiceRequired => "choice_required",
        ViolationKind::NotKeepable => "not_keepable",
        ViolationKind::CpvSearch => "cpv_search",
        ViolationKind::IdentifierTaken => "identifier_taken",
        ViolationKind::BeforeDeadline => "before_deadline",
        ViolationKind::Duplicate => "duplicate",
        ViolationKind::MustBeOdd => "must_be_odd",
        ViolationKind::ChairNotMember => "chair_not_member",
        ViolationKind::OutOfRange { .. } => "out_of_range",
        ViolationKind::TooManyDecimals { .. } => "too_many_decimals",
        ViolationKind::FileTooLarge { .. } => "file_too_large",
        other => super::contracts::violation_code(other),
    }
}

pub fn violation_message(kind: &ViolationKind, lang: Lang) -> String {
    use ViolationKind as V;
    let it = lang == Lang::It;
    match kind {
        V::Required => if it { "Campo obbligatorio." } else { "This field is required." }.into(),
        V::TooLong { max } => if it { format!("Al massimo {max} caratteri.") } else { format!("At most {max} characters.") },
        V::InvalidCpv { value } => if it {
            format!("«{value}» non è un codice CPV valido: servono 8 cifre, un trattino e la cifra di controllo (es. 73000000-2).")
        } else {
            format!("\"{value}\" is not a valid CPV code: 8 digits, a dash and the check digit (e.g. 73000000-2).")
        },
        V::InvalidFiscalCode => if it { "Codice fiscale non valido: 11 cifre con cifra di controllo." } else { "Invalid fiscal code: 11 digits with a check digit." }.into(),
        V::InvalidAmount => if it { "Importo non valido: scrivi una cifra in euro, es. 1.520.000,00." } else { "Invalid amount: write a figure in euro, e.g. 1,520,000.00." }.into(),
        V::InvalidDate { value } => if it {
            format!("«{value}» non è una data valida: usa il formato AAAA-MM-GG HH:MM.")
        } else {
            format!("\"{value}\" is not a valid date: use YYYY-MM-DD HH:MM.")
        },
        V::NonexistentLocalTime { value } => if it {
            format!("L'ora {value} non esiste a Roma (passaggio all'ora legale): scegli un altro orario.")
        } else {
            format!("{value} does not exist in Rome (clocks go forward): choose another time.")
        },
        V::MustBePositive => if it { "Deve essere maggiore di zero." } else { "Must be greater than zero." }.into(),
        V::InFuture => if it { "Questa data è nel futuro: indica quando è avvenuto." } else { "This date is in the future: give when it happened." }.into(),
        V::BeforeRequest => if it { "Non può precedere la richiesta di spiegazioni." } else { "Cannot be before the request for explanations." }.into(),
        V::InPast => if it { "La scadenza è già passata: indica una data futura." } else { "This deadline has passed: choose a future date." }.into(),
        V::NotAfterPrevious { .. } => if it { "Deve essere successiva alla scadenza della fase precedente." } else { "Must be after the previous phase's deadline." }.into(),
        V::TooSoonAfterPublication { min_days } => if it {
            format!("Servono almeno {min_days} giorni dalla pubblicazione (art. 30 dir. 2014/24/UE).")
        } else {
            format!("At least {min_days} days from publication are required (art. 30 Directive 2014/24/EU).")
        },
        V::BudgetExceeded { phases_total_cents, call_total_cents } => if it {
            format!("I budget delle fasi ({}) superano l'importo complessivo ({}).", format_euro(*phases_total_cents, lang), format_euro(*call_total_cents, lang))
        } else {
            format!("The phase budgets ({}) exceed the total budget ({}).", format_euro(*phases_total_cents, lang), format_euro(*call_total_cents, lang))
        },
        V::FunnelMustNarrow => if it { "Una fase non può ammettere più fornitori della precedente." } else { "A phase cannot admit more suppliers than the previous one." }.into(),
        V::AtLeast { min } => if it { format!("Almeno {min}.") } else { format!("At least {min}.") },
        V::AtMost { max } => if it { format!("Al massimo {max}.") } else { format!("At most {max}.") },
        V::WeightsMustSumTo100 { sum } => if it { format!("I pesi devono sommare a 100 (ora {sum}).") } else { format!("Weights must add up to 100 (now {sum}).") },
        V::NoCriteria => if it { "Indica almeno un criterio di valutazione." } else { "Add at least one evaluation criterion." }.into(),
        V::ThresholdAboveMax => if it { "La soglia non può superare il punteggio massimo." } else { "The threshold cannot exceed the maximum points." }.into(),
        V::AwardNeedsQualityAndPrice => if it {
            "L'aggiudicazione deve pesare sia la qualità sia il prezzo (miglior rapporto qualità/prezzo)."
        } else {
            "The award must weigh both quality and price (best price-quality ratio)."
        }.into(),
        V::PriceNotAllowed => if it { "Questa fase non prevede un prezzo (le domande di partecipazione non ne contengono mai): togli il prezzo e l'offerta economica." } else { "This phase takes no price (requests to participate never carry one): remove the price and the financial offer." }.into(),
        V::UnknownProcedure { value } => if it { format!("Procedura sconosciuta: «{value}».") } else { format!("Unknown procedure: \"{value}\".") },
        V::UnknownCriterionKind { value } => if it { format!("Tipo di criterio sconosciuto: «{value}».") } else { format!("Unknown criterion type: \"{value}\".") },
        V::Malformed { detail } => if it { format!("Richiesta non leggibile: {detail}") } else { format!("The request could not be read: {detail}") },
        V::PasswordTooGuessable => if it { "Password troppo facile da indovinare: usa tre o quattro parole non collegate tra loro, evita nomi, date, sequenze e parti del tuo indirizzo e-mail.".into() } else { "This password is too easy to guess: use three or four unrelated words, and avoid names, dates, sequences and parts of your e-mail address.".into() },
        V::ContentNotOfType { declared } => if it { format!("Il contenuto del file non è un {declared}: controlla di aver scelto il file giusto, o salvalo di nuovo in quel formato.") } else { format!("The file's content is not a {declared}: check that you chose the right file, or save it again in that format.") },
        V::FileTypeNotAccepted { accepted } => if it { format!("Tipo di file non accettato. Sono accettati: {accepted}.") } else { format!("File type not accepted. Accepted: {accepted}.") },
        V::EmptyFile => if it { "Il file è vuoto." } else { "The file is empty." }.into(),
        V::BeforeDeadline => if it { "Non prima della scadenza delle proposte." } else { "Not before the proposals' deadline." }.into(),
        V::Duplicate => if it { "La stessa persona compare due volte." } else { "The same person appears twice." }.into(),
        V::MustBeOdd => if it { "La commissione deve avere un numero dispari di componenti (1, 3 o 5)." } else { "The committee must have an odd number of members (1, 3 or 5)." }.into(),
        V::ChairNotMember => if it { "Il presidente deve essere un componente della commissione." } else { "The chair must be a member of the committee." }.into(),
        V::OutOfRange { min, max } => if it { format!("Tra {min} e {max}.") } else { format!("Between {min} and {max}.") },
        V::TooManyDecimals { max } => if it { format!("Al massimo {max} decimali.") } else { format!("At most {max} decimals.") },
        V::IdentifierTaken => if it { "Un'organizzazione con questa partita IVA o codice fiscale è già registrata: chiedi a un suo utente di aggiungerti come collega." } else { "An organisation with this VAT number or fiscal code is already registered: ask one of its users to add you as a colleague." }.into(),
        V::AlreadyRegistered => if it { "Esiste già un account con questo indirizzo." } else { "An account with this address already exists." }.into(),
        V::CpvSearch => if it { "Indica un codice CPV (per esempio 73110000-6) o le sue prime cifre (per esempio 73)." } else { "Give a CPV code (for example 73110000-6) or its first digits (for example 73)." }.into(),
        V::NotKeepable => if it { "Si possono mantenere solo i file della proposta che stai sostituendo o quelli che hai inviato nelle ultime 24 ore: ricarica la pagina e riprova." } else { "Only the files of the proposal you are replacing, or those you sent in the last 24 hours, can be kept: reload the page and try again." }.into(),
        V::ChoiceRequired => if it { "Scegli una delle risposte: nessuna è indicata per te." } else { "Choose one of the answers: none is chosen for you." }.into(),
        V::InvitationNotValid => if it { "Questo invito non è più valido: è scaduto, è già stato usato o non esiste. Chiedi al collega che ti ha invitato un nuovo invito." } else { "This invitation is no longer valid: it expired, was already used or does not exist. Ask the colleague who invited you for a new one." }.into(),
        V::FileTooLarge { max_bytes } => if it { format!("Il file supera il limite di {} MiB.", max_bytes / (1024 * 1024)) } else { format!("The file exceeds the {} MiB limit.", max_bytes / (1024 * 1024)) },
        other => super::contracts::violation_message(other, lang),
    }
}

pub fn error_message(e: &AppError, lang: Lang) -> String {
    let it = lang == Lang::It;
    match e {
        AppError::Invalid(_) => if it {
            "Alcuni dati non sono validi: vedi i campi indicati."
        } else {
            "Some input is not valid: see the fields listed."
        }
        .into(),
        AppError::Unauthorized => if it {
            "Devi accedere per continuare."
        } else {
            "You must sign in to continue."
        }
        .into(),
        AppError::BadCredentials => if it {
            "E-mail o password errate."
        } else {
            "Wrong email or password."
        }
        .into(),
        AppError::Forbidden => if it {
            "Non hai i permessi per questa operazione."
        } else {
            "You are not allowed to do this."
        }
        .into(),
        AppError::Csrf => if it {
            "Il modulo è scaduto: ricarica la pagina e riprova."
        } else {
            "The form has expired: reload the page and try again."
        }
        .into(),
        AppError::NotFound => if it {
            "La pagina o la risorsa richiesta non esiste."
        } else {
            "The page or resource does not exist."
        }
        .into(),
        AppError::Conflict(m) => m.clone(),
        AppError::Step(r) => step_refused(*r, lang).into(),
        AppError::Contract(r) => super::contracts::refused(*r, lang).into(),
        AppError::Challenge(r) => super::challenges::refused(*r, lang).into(),
        AppError::Dialogue(r) => super::dialogue::refused(*r, lang).into(),
        AppError::Refused(r) => transition_refused(r.from, r.action, lang),
        AppError::Submission(r) => submission_refused(r, lang),
        AppError::TooLarge { max_bytes } => {
            if it {
                format!(
                    "Il file supera il limite di {} MiB.",
                    max_bytes / (1024 * 1024)
                )
            } else {
                format!(
                    "The file exceeds the {} MiB limit.",
                    max_bytes / (1024 * 1024)
                )
            }
        }
        AppError::TooManyUploads { max } => {
            if it {
                format!(
                    "Da questo indirizzo sono già in corso {max} caricamenti: attendi che uno \
                     finisca e riprova."
                )
            } else {
                format!(
                    "{max} uploads from this address are already in progress: wait for one to \
                     finish and try again."
                )
            }
        }
        AppError::Unexpected(_) => if it {
            "Errore interno: nulla è stato modificato. Riprova più tardi."
        } else {
            "Internal error: nothing was changed. Try again later."
        }
        .into(),
    }
}

pub fn submission_refused(r: &crate::domain::submission::SubmitRefusal, lang: Lang) -> String {
    use crate::domain::submission::SubmitRefusal as R;
    let it = lang == Lang::It;
    match r {
        R::CallNotPublished => if it {
            "Il bando non è aperto: non si possono presentare proposte."
        } else {
            "The call is not open: proposals cannot be submitted."
        }
        .into(),
        R::NoSubmissionsInThisPhase => if it {
            "In questa fase non si presentano proposte."
        } else {
            "This phase takes no proposals."
        }
        .into(),
        R::NoDeadline => if it {
            "La fase non ha ancora una scadenza."
        } else {
            "The phase has no deadline yet."
        }
        .into(),
        R::DeadlinePassed { deadline } => {
            let when = crate::domain::time::format_rome_seconds(*deadline);
            if it {
                format!(
                    "La scadenza ({when}) è passata secondo l'orologio del server: la proposta NON è stata presentata."
                )
            } else {
                format!(
                    "The deadline ({when}) has passed by the server's clock: the proposal was NOT submitted."
                )
            }
        }
        R::NotAdmitted => if it {
            "La tua organizzazione non è stata ammessa a questa fase."
        } else {
            "Your organisation was not admitted to this phase."
        }
        .into(),
        R::NotActive => if it {
            "Questa proposta è già stata sostituita o ritirata."
        } else {
            "This proposal was already replaced or withdrawn."
        }
        .into(),
        R::NothingToConfirm => if it {
            "Non ci sono addenda da confermare."
        } else {
            "There is no addendum to confirm."
        }
        .into(),
    }
}

pub fn exclusion_reason(e: &crate::domain::evaluation::Exclusion, lang: Lang) -> String {
    use crate::domain::evaluation::Exclusion as X;
    let it = lang == Lang::It;
    match e {
        X::BelowThreshold { criterion } => {
            if it {
                format!("sotto la soglia minima del criterio {}", criterion + 1)
            } else {
                format!("below the minimum of criterion {}", criterion + 1)
            }
        }
        X::BelowQualityMinimum => if it {
            "sotto la soglia minima di qualità"
        } else {
            "below the minimum quality score"
        }
        .into(),
        X::NoPrice => if it { "prezzo mancante" } else { "no price" }.into(),
        X::FailedSelection { criterion } => {
            if it {
                format!(
                    "requisito di selezione {} non soddisfatto, come motivato nella verifica della commissione",
                    criterion + 1
                )
            } else {
                format!(
                    "selection criterion {} not met, for the reasons in the committee's check",
                    criterion + 1
                )
            }
        }
        X::AbnormallyLowRejected => if it {
            "offerta anormalmente bassa, spiegazioni non sufficienti (art. 110 D.Lgs. 36/2023)"
        } else {
            "abnormally low offer, explanations not sufficient (art. 110 D.Lgs. 36/2023)"
        }
        .into(),
        X::AboveBasePrice { base_cents } => {
            let base = crate::domain::money::format_euro(*base_cents, lang);
            if it {
                format!("prezzo superiore al prezzo base di {base}")
            } else {
                format!("price above the base price of {base}")
            }
        }
    }
}

/// A proposal's outcome in a phase's results, in the words of its phase: a PCP contract, an
/// invitation to the dialogue, a solution retained, the award; or excluded and why.
pub fn result_outcome(
    kind: PhaseKind,
    excluded: Option<&crate::domain::evaluation::Exclusion>,
    admitted: bool,
    lang: Lang,
) -> String {
    let t = Tr(lang);
    let (yes, no) = match kind {
        PhaseKind::RequestsToParticipate => ("results.invited", "results.not_invited"),
        PhaseKind::Dialogue => ("results.retained", "results.not_retained"),
        PhaseKind::FinalTenders | PhaseKind::Award => ("results.awarded", "results.not_awarded"),
        _ => ("results.admitted", "results.not_admitted"),
    };
    match (excluded, admitted) {
        (Some(e), _) => format!("{}: {}", t.s("results.excluded"), exclusion_reason(e, lang)),
        (None, true) => t.s(yes).to_string(),
        (None, false) => t.s(no).to_string(),
    }
}

/// Refusal of a lifecycle step, for a person to read.
pub fn transition_refused(status: CallStatus, action: &str, lang: Lang) -> String {
    let state = status_name(status, lang);
    match lang {
        Lang::It => {
            format!("Operazione «{action}» non consentita: il bando è nello stato «{state}».")
        }
        Lang::En => format!("Action \"{action}\" is not allowed: the call is {state}."),
    }
}

/// Why an evaluation step cannot be taken now, in the reader's language.
fn step_refused(r: crate::domain::evaluation_steps::Refusal, lang: Lang) -> &'static str {
    use crate::domain::evaluation_steps::Refusal as R;
    let (it, en) = match r {
        R::NotYours => ("Questo passo non spetta a te.", "This step is not yours."),
        R::BeforeDeadline => (
            "La scadenza non è ancora passata.",
            "The deadline has not passed yet.",
        ),
        R::AlreadyAppointed => (
            "La commissione di questa fase è già nominata.",
            "A committee is already appointed for this phase.",
        ),
        R::NoCommittee => (
            "Nomina prima la commissione.",
            "Appoint the committee first.",
        ),
        R::NoVacancy => ("Nessun componente da sostituire.", "No member to replace."),
        R::AlreadyOpen => (
            "Le proposte sono già aperte.",
            "The proposals are already open.",
        ),
        R::NotOpen => (
            "Le proposte non sono ancora aperte.",
            "The proposals are not open yet.",
        ),
        R::NotDeclared => (
            "Dichiara prima se hai un conflitto di interessi.",
            "Declare first whether you have a conflict of interest.",
        ),
        R::AlreadySubmitted => (
            "I tuoi punteggi sono già stati inviati.",
            "Your scores are already submitted.",
        ),
        R::NotAllSubmitted => (
            "Ogni componente deve prima inviare i propri punteggi.",
            "Every member must submit their scores first.",
        ),
        R::NoConsensusToRecord => (
            "In questa fase il punteggio della commissione è la media dei componenti: non c'è un consenso da registrare.",
            "This phase takes the mean of the members' scores: there is no consensus to record.",
        ),
        R::ScoresFinal => (
            "I punteggi della commissione sono definitivi.",
            "The committee's scores are final.",
        ),
        R::CommitteeIncomplete => (
            "La commissione deve essere completa, con un numero dispari di componenti, e ogni componente deve aver firmato la dichiarazione.",
            "The committee must be complete, with an odd number of members, and every member must have signed the declaration.",
        ),
        R::ScoresNotFinal => (
            "I punteggi della commissione non sono ancora definitivi.",
            "The committee's scores are not final yet.",
        ),
        R::AlreadyDecided => (
            "L'esito è già confermato.",
            "The outcome is already confirmed.",
        ),
        R::DeclarationSigned => (
            "La dichiarazione è già firmata.",
            "The declaration is already signed.",
        ),
        R::VerificationsPending => (
            "Registra prima la verifica di ogni offerta anormalmente bassa (art. 110 D.Lgs. 36/2023).",
            "Record the verification of every abnormally low offer first (art. 110 D.Lgs. 36/2023).",
        ),
        R::NotTimeToVerify => (
            "Un prezzo si verifica dopo i punteggi tecnici definitivi e prima dell'esito.",
            "A price is verified after the final technical scores and before the outcome.",
        ),
        R::SelectionChecksPending => (
            "Registra prima la verifica di ogni domanda rispetto a ciascun requisito di selezione.",
            "Record first the check of every request against each selection criterion.",
        ),
    };
    if lang == Lang::It { it } else { en }
}
