//! Framework agreements, specific contracts, deliverables, payments and the budget view.

use crate::domain::contract::{ContractRefusal, ContractStatus, DeliverableState};
use crate::domain::lang::Lang;
use crate::domain::money::format_euro;
use crate::domain::violation::ViolationKind;

pub(super) const ENTRIES: super::Entries = entries! {
    "contracts.one" => "Contratto", "Contract";
    "confirm.terminate" => "Il contratto è risolto e non si può riattivare: restano dovuti solo i pagamenti già registrati.", "The contract is terminated and cannot be revived: only the payments already recorded remain due.";
    "contracts.title" => "Contratti", "Contracts";
    "contracts.none" => "Nessun contratto: i contratti nascono dall'esito di ciascuna fase.", "No contracts: contracts follow each phase's outcome.";
    "contracts.framework" => "Accordi quadro", "Framework agreements";
    "contracts.framework_one" => "Accordo quadro", "Framework agreement";
    "contracts.specific" => "Contratti specifici per fase", "Specific contracts per phase";
    "contracts.supplier" => "Fornitore", "Supplier";
    "contracts.phase" => "Fase", "Phase";
    "contracts.amount" => "Importo", "Amount";
    "contracts.period" => "Periodo", "Period";
    "contracts.status" => "Stato", "Status";
    "contracts.signed_on" => "Data di firma", "Signed on";
    "contracts.sign" => "Registra la firma", "Record the signature";
    "contracts.starts_on" => "Inizio", "Start";
    "contracts.ends_on" => "Fine", "End";
    "contracts.deliverables" => "Prodotti da consegnare", "Deliverables";
    "contracts.deliverable" => "Prodotto", "Deliverable";
    "contracts.due_on" => "Scadenza", "Due on";
    "contracts.payment" => "Pagamento all'accettazione", "Payment at acceptance";
    "contracts.paid" => "Pagato", "Paid";
    "contracts.late" => "in ritardo", "late";
    "contracts.save_schedule" => "Salva il programma", "Save the schedule";
    "contracts.schedule_hint" => "Un prodotto per riga: titolo; scadenza (AAAA-MM-GG); pagamento in euro. I pagamenti sommano l'importo del contratto.", "One deliverable per line: title; due date (YYYY-MM-DD); payment in euro. The payments add up to the contract's amount.";
    "contracts.upload" => "Consegna il prodotto", "Hand in the deliverable";
    "contracts.submitted" => "Consegnato il", "Handed in on";
    "contracts.accept" => "Accetta", "Accept";
    "contracts.request_changes" => "Chiedi modifiche", "Ask for changes";
    "contracts.reason" => "Motivazione", "Reason";
    "contracts.record_payment" => "Registra il pagamento", "Record the payment";
    "contracts.paid_on" => "Data del pagamento", "Paid on";
    "contracts.terminate" => "Risolvi il contratto", "Terminate the contract";
    "contracts.budget" => "Budget", "Budget";
    "contracts.allocated" => "Stanziato", "Allocated";
    "contracts.contracted" => "Contrattualizzato", "Contracted";
    "contracts.unspent" => "Non impegnato", "Unspent";
    "contracts.total" => "Totale", "Total";
    "contracts.ipr" => "Diritti di proprietà intellettuale", "Intellectual property rights";
    "contracts.pdf" => "Contratto (PDF)", "Contract (PDF)";
    "contracts.framework_pdf" => "Accordo quadro (PDF)", "Framework agreement (PDF)";
    "contracts.mine" => "I miei contratti", "My contracts";
    "contracts.receipt" => "Ricevuta di consegna", "Delivery receipt";
    "done.contract_scheduled" => "Programma del contratto salvato.", "Contract schedule saved.";
    "done.contract_signed" => "Firma del contratto registrata.", "Contract signature recorded.";
    "done.framework_signed" => "Firma dell'accordo quadro registrata.", "Framework agreement signature recorded.";
    "done.contract_terminated" => "Contratto risolto.", "Contract terminated.";
    "done.deliverable_handed_in" => "Prodotto consegnato: la ricevuta riporta l'impronta SHA-256 del file.", "Deliverable handed in: the receipt states the file's SHA-256.";
    "done.deliverable_reviewed" => "Esame del prodotto registrato.", "Deliverable review recorded.";
    "done.payment_recorded" => "Pagamento registrato.", "Payment recorded.";
    "contracts.framework_signed" => "Accordo quadro firmato il", "Framework agreement signed on";
    "contracts.framework_unsigned" => "Accordo quadro da firmare", "Framework agreement to sign";
    "contracts.cap" => "Tetto per contratto", "Cap per contract";
    "contracts.receipt_number" => "Proposta aggiudicata", "Awarded proposal";
    "contracts.call" => "Bando", "Call";
    "contracts.file" => "File consegnato", "File handed in";
    "contracts.schedule" => "Programma dei prodotti", "Schedule of deliverables";
    "contracts.payments" => "Pagamenti", "Payments";
    "contracts.no_payments" => "Nessun pagamento registrato.", "No payment recorded.";
    "contracts.open" => "Apri", "Open";
    "contracts.terminated_on" => "Risolto il", "Terminated on";
    "contracts.errors" => "Non registrato: correggi quanto segue.", "Not recorded: correct the following.";
    "contracts.amount_typed" => "Importo in euro (solo se la fase non ha aggiudicato un prezzo)", "Amount in euro (only if the phase awarded no price)";
    "contracts.schedule_line" => "Riga", "Line";
    "pdf.contract_intro" => "Contratto specifico di appalto pre-commerciale (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799), concluso nell'ambito dell'accordo quadro con il fornitore. L'importo è il prezzo aggiudicato all'esito della fase; i pagamenti seguono l'accettazione dei prodotti. Per ogni prodotto consegnato è riportata l'impronta SHA-256 del file.", "Specific pre-commercial procurement contract (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799), concluded under the framework agreement with the supplier. The amount is the price awarded at the phase's outcome; payments follow the acceptance of the deliverables. Each deliverable handed in is given with its file's SHA-256.";
    "pdf.framework_intro" => "Accordo quadro di appalto pre-commerciale (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799) con il fornitore ammesso all'esito della prima fase. Per ogni fase che raggiunge, il fornitore firma un contratto specifico alle condizioni qui stabilite.", "Pre-commercial procurement framework agreement (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799) with the supplier admitted at the first phase's outcome. For each phase it reaches, the supplier signs a specific contract on the terms set here.";
    "board.previous_phase" => "Fase precedente", "Previous phase";
    "contracts.previous" => "Prodotto accettato nella fase precedente", "Deliverable accepted in the previous phase";
};

/// The intellectual property terms every PCP contract carries (COM(2007) 799, §4.2).
pub fn ipr_terms(months: i32, lang: Lang) -> Vec<String> {
    if lang == Lang::It {
        vec![
            "Il fornitore resta titolare dei diritti di proprietà intellettuale sui risultati che genera.".into(),
            "L'amministrazione ha una licenza gratuita, non esclusiva, per il proprio uso dei risultati.".into(),
            "L'amministrazione può chiedere al fornitore di concedere licenze a terzi a condizioni eque e di mercato.".into(),
            format!("Se il fornitore non sfrutta commercialmente i risultati entro {months} mesi dalla fine del contratto, l'amministrazione può chiederne la cessione (diritto di richiamo)."),
            "Il prezzo è il prezzo di sviluppo non esclusivo.".into(),
        ]
    } else {
        vec![
            "The supplier keeps ownership of the intellectual property rights in the results it generates.".into(),
            "The authority has a royalty-free, non-exclusive licence to use the results for its own purposes.".into(),
            "The authority may require the supplier to license the results to third parties on fair and reasonable market terms.".into(),
            format!("If the supplier does not exploit the results commercially within {months} months of the end of the contract, the authority may call back the rights (call-back right)."),
            "The price is the non-exclusive development price.".into(),
        ]
    }
}

pub fn status_label(status: ContractStatus, lang: Lang) -> &'static str {
    let (it, en) = match status {
        ContractStatus::Draft => ("bozza", "draft"),
        ContractStatus::Signed => ("firmato", "signed"),
        ContractStatus::Running => ("in esecuzione", "running"),
        ContractStatus::Delivered => ("consegnato", "delivered"),
        ContractStatus::Accepted => ("accettato", "accepted"),
        ContractStatus::Terminated => ("risolto", "terminated"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn deliverable_label(state: DeliverableState, lang: Lang) -> &'static str {
    let (it, en) = match state {
        DeliverableState::Due => ("da consegnare", "due"),
        DeliverableState::Submitted => ("consegnato, da esaminare", "handed in, to review"),
        DeliverableState::ChangesRequested => ("modifiche richieste", "changes requested"),
        DeliverableState::Accepted => ("accettato", "accepted"),
    };
    if lang == Lang::It { it } else { en }
}

pub fn refused(r: ContractRefusal, lang: Lang) -> &'static str {
    use ContractRefusal as R;
    let (it, en) = match r {
        R::HeldByAppeal => (
            "Un ricorso con domanda cautelare sospende la stipula (art. 18 c.4): si firma dopo la decisione del giudice sulla domanda.",
            "An appeal with a request for interim measures holds the signature (art. 18(4)): sign after the court decides on the request.",
        ),
        R::NotDraft => (
            "Il contratto è già firmato: non si può più modificare.",
            "The contract is already signed: it can no longer be changed.",
        ),
        R::FrameworkNotSigned => (
            "Prima si firma l'accordo quadro con questo fornitore.",
            "The framework agreement with this supplier must be signed first.",
        ),
        R::NoSchedule => (
            "Prima di firmare, salva il programma dei prodotti e dei pagamenti.",
            "Save the schedule of deliverables and payments before signing.",
        ),
        R::NotInForce => (
            "Il contratto non è in vigore (non ancora firmato, o già concluso).",
            "The contract is not in force (not signed yet, or already over).",
        ),
        R::NotSubmitted => (
            "Questo prodotto non è stato consegnato o è già stato esaminato.",
            "This deliverable has not been handed in or was already reviewed.",
        ),
        R::AlreadyAccepted => (
            "Questo prodotto è già stato accettato.",
            "This deliverable was already accepted.",
        ),
        R::NotAccepted => (
            "Si paga un prodotto dopo averlo accettato.",
            "A deliverable is paid once it is accepted.",
        ),
        R::NotTerminable => (
            "Un contratto accettato o già risolto non si può risolvere.",
            "An accepted or already terminated contract cannot be terminated.",
        ),
        R::AlreadySigned => (
            "L'accordo quadro è già firmato.",
            "The framework agreement is already signed.",
        ),
    };
    if lang == Lang::It { it } else { en }
}

pub(super) fn violation_code(kind: &ViolationKind) -> &'static str {
    match kind {
        ViolationKind::AwardedPriceFixed { .. } => "awarded_price_fixed",
        ViolationKind::BeforeDecision => "before_decision",
        ViolationKind::OutsidePeriod { .. } => "outside_period",
        ViolationKind::ScheduleMismatch { .. } => "schedule_mismatch",
        ViolationKind::AboveCap { .. } => "above_cap",
        ViolationKind::PhaseBudgetExceeded { .. } => "phase_budget_exceeded",
        ViolationKind::AboveScheduled { .. } => "above_scheduled",
        _ => "invalid",
    }
}

pub(super) fn violation_message(kind: &ViolationKind, lang: Lang) -> String {
    use ViolationKind as V;
    let it = lang == Lang::It;
    let euro = |c: &i64| format_euro(*c, lang);
    let date = |d: &chrono::NaiveDate| {
        if it {
            d.format("%d/%m/%Y").to_string()
        } else {
            d.format("%d %b %Y").to_string()
        }
    };
    match kind {
        V::AwardedPriceFixed { price_cents } => {
            if it {
                format!(
                    "L'importo è il prezzo aggiudicato, {}: non si cambia.",
                    euro(price_cents)
                )
            } else {
                format!(
                    "The amount is the awarded price, {}: it cannot change.",
                    euro(price_cents)
                )
            }
        }
        V::BeforeDecision => {
            if it {
                "La data non può precedere l'esito della fase.".into()
            } else {
                "The date cannot be before the phase's outcome.".into()
            }
        }
        V::OutsidePeriod { from, to } => {
            if it {
                format!(
                    "Scegli una data tra il {} e il {}, il periodo del contratto.",
                    date(from),
                    date(to)
                )
            } else {
                format!(
                    "Choose a date between {} and {}, the contract's period.",
                    date(from),
                    date(to)
                )
            }
        }
        V::ScheduleMismatch {
            scheduled_cents,
            amount_cents,
        } => {
            if it {
                format!(
                    "I pagamenti sommano {}, l'importo del contratto è {}: correggili.",
                    euro(scheduled_cents),
                    euro(amount_cents)
                )
            } else {
                format!(
                    "The payments add up to {}, the contract's amount is {}: correct them.",
                    euro(scheduled_cents),
                    euro(amount_cents)
                )
            }
        }
        V::AboveCap { cap_cents } => {
            if it {
                format!(
                    "Supera il tetto per contratto della fase, {}.",
                    euro(cap_cents)
                )
            } else {
                format!("Above the phase's cap per contract, {}.", euro(cap_cents))
            }
        }
        V::PhaseBudgetExceeded {
            budget_cents,
            contracted_cents,
        } => {
            if it {
                format!(
                    "Con gli altri contratti ({}) supera il budget della fase, {}.",
                    euro(contracted_cents),
                    euro(budget_cents)
                )
            } else {
                format!(
                    "With the other contracts ({}) it exceeds the phase's budget, {}.",
                    euro(contracted_cents),
                    euro(budget_cents)
                )
            }
        }
        V::AboveScheduled { remaining_cents } => {
            if it {
                format!(
                    "Resta da pagare al massimo {} per questo prodotto.",
                    euro(remaining_cents)
                )
            } else {
                format!(
                    "At most {} remains to be paid for this deliverable.",
                    euro(remaining_cents)
                )
            }
        }
        _ => {
            if it {
                "Valore non valido.".into()
            } else {
                "Invalid value.".into()
            }
        }
    }
}
