//! Every text a person reads, in Italian (default) and English.

use crate::domain::ViolationKind;
use crate::domain::access::Role;
use crate::domain::call::CallStatus;
use crate::domain::criteria::CriterionKind;
use crate::domain::lang::Lang;
use crate::domain::money::format_euro;
use crate::domain::phase::{PhaseKind, Procedure};
use crate::domain::time::Countdown;
use crate::error::AppError;

macro_rules! catalogue {
    ($($key:literal => $it:literal, $en:literal;)*) => {
        fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($it, $en)),)*
                _ => None,
            }
        }

        #[cfg(test)]
        pub(crate) const KEYS: &[&str] = &[$($key),*];
    };
}

catalogue! {
    "site.name" => "PCP Desk", "PCP Desk";
    "site.tagline" => "Appalti pre-commerciali e dialogo competitivo", "Pre-commercial procurement and competitive dialogue";
    "site.skip" => "Vai al contenuto principale", "Skip to main content";
    "nav.calls" => "Bandi", "Calls";
    "nav.officer" => "I miei bandi", "My calls";
    "nav.login" => "Accedi", "Sign in";
    "nav.logout" => "Esci", "Sign out";
    "nav.api" => "API", "API";
    "nav.language" => "Lingua", "Language";
    "nav.signed_in_as" => "Connesso come", "Signed in as";
    "footer.times" => "Tutti gli orari sono nel fuso orario di Roma (CET/CEST); l'orologio del server fa fede.", "All times are in the Rome time zone (CET/CEST); the server's clock is authoritative.";
    "footer.opendata" => "Dati aperti", "Open data";
    "calls.title" => "Bandi pubblicati", "Published calls";
    "calls.filter" => "Filtra", "Filter";
    "calls.any" => "Tutte", "Any";
    "calls.procedure" => "Procedura", "Procedure";
    "calls.status" => "Stato", "Status";
    "calls.cpv" => "Codice CPV", "CPV code";
    "calls.cpv_hint" => "Un codice o le sue prime cifre, es. 73", "A code or its first digits, e.g. 73";
    "calls.none" => "Nessun bando corrisponde ai criteri.", "No call matches.";
    "calls.count" => "Bandi trovati", "Calls found";
    "calls.page" => "Pagina", "Page";
    "calls.of" => "di", "of";
    "calls.previous" => "Precedente", "Previous";
    "calls.next" => "Successiva", "Next";
    "calls.published_on" => "Pubblicato il", "Published on";
    "call.title" => "Titolo", "Title";
    "call.reference" => "Codice di riferimento", "Reference";
    "call.authority" => "Amministrazione aggiudicatrice", "Contracting authority";
    "call.budget" => "Importo complessivo", "Total budget";
    "call.currency" => "Valuta", "Currency";
    "call.contact" => "Contatti", "Contact";
    "call.summary" => "Sintesi", "Summary";
    "call.description" => "Descrizione", "Description";
    "call.cpv_codes" => "Codici CPV", "CPV codes";
    "call.phases" => "Fasi e scadenze", "Phases and deadlines";
    "call.phase" => "Fase", "Phase";
    "call.deadline" => "Scadenza", "Deadline";
    "call.time_left" => "Tempo rimanente", "Time left";
    "call.closed" => "Scaduto", "Closed";
    "call.no_deadline" => "Nessuna scadenza", "No deadline";
    "call.phase_budget" => "Budget della fase", "Phase budget";
    "call.max_contracts" => "Contratti (fornitori ammessi)", "Contracts (suppliers admitted)";
    "call.duration" => "Durata (giorni)", "Duration (days)";
    "call.min_candidates" => "Candidati minimi", "Minimum candidates";
    "call.standstill_days" => "Giorni di standstill", "Standstill days";
    "call.criteria" => "Criteri di valutazione", "Evaluation criteria";
    "call.criterion" => "Criterio", "Criterion";
    "call.criterion_kind" => "Tipo", "Type";
    "call.weight" => "Peso (%)", "Weight (%)";
    "call.max_points" => "Punteggio massimo", "Maximum points";
    "call.threshold" => "Soglia minima", "Minimum threshold";
    "call.documents" => "Documenti di gara", "Tender documents";
    "call.no_documents" => "Nessun documento.", "No documents.";
    "call.document_title" => "Titolo del documento", "Document title";
    "call.file" => "File", "File";
    "call.size" => "Dimensione", "Size";
    "call.download" => "Scarica", "Download";
    "call.cancelled_because" => "Bando annullato. Motivazione:", "Call cancelled. Reason:";
    "call.draft_notice" => "Bozza: visibile solo alla tua amministrazione.", "Draft: visible to your authority only.";
    "call.edit" => "Modifica", "Edit";
    "call.days" => "giorni", "days";
    "call.hours" => "ore", "hours";
    "call.minutes" => "minuti", "minutes";
    "call.status_since" => "Stato", "Status";
    "login.title" => "Accedi", "Sign in";
    "login.email" => "Indirizzo e-mail", "Email address";
    "login.password" => "Password", "Password";
    "login.submit" => "Accedi", "Sign in";
    "login.required" => "Accedi per continuare.", "Sign in to continue.";
    "officer.title" => "I bandi della mia amministrazione", "My authority's calls";
    "officer.new" => "Nuovo bando", "New call";
    "officer.none" => "Nessun bando ancora. Creane uno.", "No calls yet. Create one.";
    "officer.updated" => "Ultima modifica", "Last change";
    "new.title" => "Nuovo bando", "New call";
    "new.intro" => "Scegli la procedura: le sue fasi vengono proposte e potrai modificarle al passo successivo.", "Choose the procedure: its phases are proposed and you can adjust them in the next step.";
    "new.create" => "Crea la bozza", "Create the draft";
    "form.errors_title" => "Il modulo contiene errori: correggi i campi indicati.", "The form has errors: fix the fields shown.";
    "form.euro_hint" => "In euro, es. 1.520.000,00", "In euro, e.g. 1,520,000.00";
    "form.date_hint" => "Data e ora di Roma", "Date and time in Rome";
    "form.cpv_hint" => "Uno o più codici separati da virgola, es. 73000000-2", "One or more codes separated by commas, e.g. 73000000-2";
    "form.optional" => "facoltativo", "optional";
    "edit.title" => "Modifica bando", "Edit call";
    "edit.save" => "Salva bozza", "Save draft";
    "edit.publish" => "Pubblica", "Publish";
    "edit.publish_hint" => "Alla pubblicazione si controllano tutte le date e i pesi: ogni errore viene mostrato accanto al campo.", "On publication every date and weight is checked: each error is shown next to its field.";
    "edit.add_criterion" => "Aggiungi criterio", "Add criterion";
    "edit.remove" => "Rimuovi", "Remove";
    "edit.add_stage" => "Aggiungi fase di dialogo", "Add dialogue stage";
    "edit.remove_stage" => "Rimuovi questa fase", "Remove this stage";
    "edit.unsaved" => "Modifiche non ancora salvate.", "Changes not saved yet.";
    "edit.saved" => "Bozza salvata.", "Draft saved.";
    "edit.weights_sum" => "Somma dei pesi", "Sum of weights";
    "edit.upload" => "Carica documento", "Upload document";
    "edit.upload_hint" => "PDF, ODT, ODS, DOCX, XLSX, ZIP o P7M.", "PDF, ODT, ODS, DOCX, XLSX, ZIP or P7M.";
    "edit.cancel_title" => "Annulla il bando", "Cancel the call";
    "edit.cancel_reason" => "Motivazione dell'annullamento", "Reason for cancelling";
    "edit.cancel" => "Annulla il bando", "Cancel the call";
    "edit.conclude" => "Concludi la procedura", "Conclude the procedure";
    "edit.published_notice" => "Il bando è pubblicato: il contenuto non si modifica più (solo addenda).", "The call is published: its content no longer changes (addenda only).";
    "edit.view_public" => "Vedi la pagina pubblica", "View the public page";
    "error.title" => "Si è verificato un problema", "Something went wrong";
    "error.back" => "Torna ai bandi", "Back to the calls";
    "nav.supplier" => "Area fornitore", "Supplier area";
    "nav.register" => "Registra la tua organizzazione", "Register your organisation";
    "register.title" => "Registrazione del fornitore", "Supplier registration";
    "register.intro" => "Registra la tua organizzazione e il primo utente: potrai aggiungere colleghi in seguito.", "Register your organisation and its first user: you can add colleagues later.";
    "register.organisation" => "Organizzazione", "Organisation";
    "register.user" => "Primo utente", "First user";
    "register.submit" => "Registrati", "Register";
    "register.done" => "Registrazione completata: accedi con l'e-mail e la password scelte.", "Registration complete: sign in with the email and password you chose.";
    "org.legal_name" => "Ragione sociale", "Legal name";
    "org.vat_number" => "Partita IVA o codice fiscale", "VAT number or fiscal code";
    "org.country" => "Paese (codice a due lettere)", "Country (two-letter code)";
    "org.address" => "Sede legale", "Registered address";
    "org.email" => "PEC o e-mail", "PEC or e-mail";
    "user.name" => "Nome e cognome", "Full name";
    "user.email" => "E-mail di accesso", "Sign-in e-mail";
    "user.password" => "Password (almeno 10 caratteri)", "Password (at least 10 characters)";
    "supplier.title" => "Area fornitore", "Supplier area";
    "supplier.open" => "Fasi aperte a cui puoi partecipare", "Open phases you can take part in";
    "supplier.none_open" => "Nessuna fase aperta per la tua organizzazione.", "No phase is open to your organisation.";
    "supplier.submit" => "Presenta una proposta", "Submit a proposal";
    "supplier.replace" => "Sostituisci la proposta", "Replace the proposal";
    "supplier.proposals" => "Le mie proposte", "My proposals";
    "supplier.no_proposals" => "Nessuna proposta presentata.", "No proposal submitted.";
    "supplier.colleagues" => "Aggiungi un collega", "Add a colleague";
    "supplier.add_colleague" => "Aggiungi", "Add";
    "supplier.colleague_added" => "Account creato per", "Account created for";
    "supplier.back" => "Torna all'area fornitore", "Back to the supplier area";
    "submit.title" => "Presenta una proposta", "Submit a proposal";
    "submit.server_time" => "Ora del server", "Server time";
    "submit.clock_rule" => "La proposta vale se l'ultimo byte arriva ed è registrato prima della scadenza, secondo l'orologio del server.", "The proposal counts if its last byte arrives and is recorded before the deadline, by the server's clock.";
    "submit.replaces" => "Questa proposta sostituirà quella già presentata, ricevuta", "This proposal will replace the one already submitted, receipt";
    "submit.not_submitted" => "La proposta NON è stata presentata. Correggi e invia di nuovo:", "The proposal was NOT submitted. Fix and send again:";
    "submit.types" => "Formati accettati", "Accepted formats";
    "submit.max_file" => "dimensione massima per file", "maximum size per file";
    "submit.max_total" => "per l'intera proposta", "for the whole proposal";
    "submit.max_files" => "file per busta al massimo", "files per envelope at most";
    "submit.files" => "File", "Files";
    "submit.price" => "Prezzo offerto (euro, IVA esclusa)", "Price offered (euro, VAT excluded)";
    "submit.send" => "Invia la proposta", "Send the proposal";
    "receipt.title" => "Ricevuta", "Receipt";
    "receipt.success" => "Proposta presentata. Conserva questa ricevuta.", "Proposal submitted. Keep this receipt.";
    "receipt.number" => "Numero di ricevuta", "Receipt number";
    "receipt.received" => "Ricevuta dal server il", "Received by the server on";
    "receipt.supersedes" => "Sostituisce la ricevuta", "Replaces receipt";
    "receipt.files" => "File ricevuti", "Files received";
    "receipt.envelope" => "Busta", "Envelope";
    "receipt.confirm" => "Confermo la proposta", "I confirm the proposal";
    "receipt.withdraw" => "Ritira la proposta", "Withdraw the proposal";
    "receipt.addendum_pending" => "Addendum da verificare", "Addendum to review";
    "receipt.addendum_pending_long" => "Dopo la tua proposta è stato pubblicato un addendum al bando: verificalo, poi conferma la proposta o sostituiscila.", "An addendum to the call was published after your proposal: review it, then confirm or replace your proposal.";
    "call.proposals_received" => "Proposte ricevute", "Proposals received";
    "call.accepted_types" => "Formati accettati", "Accepted formats";
    "call.accepted_types_hint" => "Estensioni separate da virgola; vuoto: PDF, P7M, ZIP", "Extensions separated by commas; empty: PDF, P7M, ZIP";
    "call.max_file_mb" => "MiB massimi per file", "Maximum MiB per file";
    "call.max_total_mb" => "MiB massimi per proposta", "Maximum MiB per proposal";
    "call.committee_max" => "Componenti massimi della commissione", "Largest committee";
    "call.committee_max_hint" => "Numero dispari, al massimo 5 (art. 93 D.Lgs. 36/2023)", "An odd number, at most 5 (art. 93 D.Lgs. 36/2023)";
    "call.solutions_kept" => "Soluzioni mantenute dopo questa fase (vuoto: tutte le idonee)", "Solutions kept after this stage (empty: every qualified one)";
    "call.anonymised" => "Valutazione anonima", "Anonymised evaluation";
    "call.default" => "Predefinita (sì per le fasi PCP)", "Default (yes for PCP phases)";
    "call.yes" => "Sì", "Yes";
    "call.no" => "No", "No";
    "call.consensus_rule" => "Punteggio della commissione", "Committee score";
    "call.rule_chair" => "Il presidente registra il consenso (proposta: la media)", "The chair records the consensus (prefilled: the mean)";
    "call.rule_mean" => "Media dei punteggi dei componenti", "Mean of the members' scores";
    "call.price_formula" => "Formula del prezzo", "Price formula";
    "call.formula_proportional" => "Proporzionale: max × prezzo più basso / prezzo", "Proportional: max × lowest price / price";
    "call.formula_linear" => "Lineare tra prezzo più basso e base d'asta", "Linear between the lowest and the base price";
    "call.min_quality" => "Soglia minima di qualità (punti)", "Minimum quality score (points)";
    "nav.evaluator" => "Commissioni", "Committees";
    "evaluator.title" => "Le mie commissioni", "My committees";
    "evaluator.none" => "Non fai parte di alcuna commissione.", "You sit on no committee.";
    "board.title" => "Valutazione", "Evaluation";
    "board.committee" => "Commissione giudicatrice", "Evaluation committee";
    "board.no_committee" => "Commissione non ancora nominata.", "No committee appointed yet.";
    "board.chair" => "Presidente", "Chair";
    "board.left" => "sostituito per conflitto di interessi", "replaced for a conflict of interest";
    "board.declared" => "dichiarazione firmata il", "declaration signed on";
    "board.not_declared" => "dichiarazione da firmare", "declaration to sign";
    "board.submitted" => "punteggi inviati", "scores submitted";
    "board.members" => "Componenti (numero dispari, al massimo 5)", "Members (an odd number, at most 5)";
    "board.appoint" => "Nomina la commissione", "Appoint the committee";
    "board.replacement" => "Sostituto", "Replacement";
    "board.add_member" => "Nomina il sostituto", "Appoint the replacement";
    "board.open" => "Apri le proposte", "Open the proposals";
    "board.proposals" => "Proposte", "Proposals";
    "board.sealed" => "Le proposte sono sigillate fino all'apertura.", "Proposals are sealed until the opening.";
    "board.proposal" => "Proposta", "Proposal";
    "board.progress" => "Criteri valutati", "Criteria scored";
    "board.score" => "Valuta", "Score";
    "board.submit_hint" => "Dopo l'invio i tuoi punteggi non si possono più modificare.", "Once sent, your scores can no longer be changed.";
    "board.submit" => "Invia i miei punteggi", "Send my scores";
    "declaration.title" => "Dichiarazione di assenza di conflitti di interesse", "Declaration of no conflict of interest";
    "declaration.text" => "Prima di vedere le proposte, dichiara se hai interessi che possano pregiudicare la tua imparzialità (art. 7 DPR 62/2013, art. 16 D.Lgs. 36/2023).", "Before seeing the proposals, declare whether you have interests that could impair your impartiality (art. 7 DPR 62/2013, art. 16 D.Lgs. 36/2023).";
    "declaration.choice" => "Dichiaro", "I declare";
    "declaration.no_conflict" => "di non trovarmi in alcuna situazione di conflitto di interessi", "that I have no conflict of interest";
    "declaration.conflict" => "di trovarmi in una situazione di conflitto di interessi (sarò sostituito)", "that I have a conflict of interest (I will be replaced)";
    "declaration.statement" => "Testo della dichiarazione", "Text of the declaration";
    "declaration.default" => "Dichiaro, consapevole delle responsabilità previste dalla legge, l'assenza di conflitti di interesse con i concorrenti.", "Aware of my legal responsibilities, I declare that I have no conflict of interest with the competitors.";
    "declaration.sign" => "Firma la dichiarazione", "Sign the declaration";
    "consensus.title" => "Punteggi della commissione (consenso)", "Committee scores (consensus)";
    "consensus.mean" => "media", "mean";
    "consensus.reason" => "Motivazione se diverso dalla media", "Reason if different from the mean";
    "consensus.record" => "Registra", "Record";
    "decision.title" => "Esito della fase", "Outcome of the phase";
    "decision.text" => "Testo della decisione", "Text of the decision";
    "decision.confirm" => "Conferma l'esito e pubblica i risultati", "Confirm the outcome and publish the results";
    "decision.done" => "Esito confermato e pubblicato.", "Outcome confirmed and published.";
    "decision.see" => "Vedi i risultati", "See the results";
    "scoring.title" => "Punteggi", "Scores";
    "scoring.locked" => "I tuoi punteggi sono stati inviati e non si modificano più.", "Your scores were sent and no longer change.";
    "scoring.save" => "Salva la bozza", "Save the draft";
    "scoring.points" => "Punti", "Points";
    "scoring.justification" => "Motivazione", "Justification";
    "results.title" => "Risultati", "Results";
    "results.rank" => "Posizione", "Rank";
    "results.organisation" => "Operatore economico", "Economic operator";
    "results.total" => "Totale", "Total";
    "results.outcome" => "Esito", "Outcome";
    "results.admitted" => "Ammesso", "Admitted";
    "results.not_admitted" => "Non ammesso (oltre il numero di contratti)", "Not admitted (beyond the number of contracts)";
    "results.excluded" => "Escluso", "Excluded";
    "results.chart" => "Punteggio totale (su 100)", "Total score (out of 100)";
    "results.standstill" => "Aggiudicazione efficace al termine del periodo di standstill:", "The award becomes final at the end of the standstill:";
    "preview.title" => "Graduatoria proposta (da confermare)", "Proposed ranking (to be confirmed)";
    "preview.abnormally_low" => "Prezzo anormalmente basso: verificare prima di confermare (art. 110 D.Lgs. 36/2023).", "Abnormally low price: verify before confirming (art. 110 D.Lgs. 36/2023).";
    "results.decision" => "Decisione", "Decision";
    "call.evaluation" => "Valutazione", "Evaluation";
    "pdf.fingerprint" => "Impronta SHA-256 dei dati:", "SHA-256 fingerprint of the data:";
    "pdf.receipt_intro" => "Il server ha ricevuto e registrato la proposta descritta di seguito. L'ora è quella del server, che fa fede. Per ogni file è riportata l'impronta SHA-256: ricalcolandola sul file conservato si verifica che è quello ricevuto.", "The server received and recorded the proposal below. The time is the server's, which is authoritative. Each file's SHA-256 is given: computing it again on the file you kept proves it is the one received.";
    "minutes.opening" => "Verbale di apertura delle proposte", "Minutes of the opening of the proposals";
    "minutes.opened_at" => "Apertura eseguita il", "Opened on";
    "minutes.opened_by" => "Apertura eseguita da", "Opened by";
    "minutes.member" => "Componente", "Member";
    "minutes.name" => "Nome", "Name";
    "minutes.role" => "Ruolo", "Role";
    "minutes.declaration" => "Dichiarazione sul conflitto di interessi", "Conflict-of-interest declaration";
    "minutes.no_conflict" => "Nessun conflitto, dichiarato il", "No conflict, declared on";
    "minutes.conflict" => "Conflitto dichiarato (sostituito) il", "Conflict declared (replaced) on";
    "minutes.files" => "File e SHA-256", "Files and SHA-256";
    "minutes.no_late" => "Nessun tentativo di presentazione oltre la scadenza.", "No attempt to submit after the deadline.";
    "minutes.late" => "Tentativi di presentazione respinti perché oltre la scadenza:", "Attempts refused as after the deadline:";
    "minutes.download_opening" => "Verbale di apertura (PDF)", "Minutes of the opening (PDF)";
    "minutes.evaluation" => "Verbale di valutazione", "Evaluation minutes";
    "minutes.outcome" => "Esito della fase", "Outcome of the phase";
    "minutes.award" => "Provvedimento di aggiudicazione", "Award decision";
    "minutes.member_scores" => "Punteggi dei singoli componenti", "Scores of each member";
    "minutes.reason" => "Motivazione", "Reason";
    "minutes.ranking" => "Graduatoria", "Ranking";
    "minutes.decided_at" => "Data della decisione", "Date of the decision";
    "minutes.download_evaluation" => "Verbale di valutazione (PDF)", "Evaluation minutes (PDF)";
    "minutes.download_outcome" => "Esito (PDF)", "Outcome (PDF)";
    "report.title" => "Relazione sulla procedura (art. 84 dir. 2014/24/UE)", "Procurement report (art. 84 Directive 2014/24/EU)";
    "report.intro" => "Relazione unica sulla procedura: oggetto e valore, procedura seguita e sua motivazione, esito di ogni fase con i candidati selezionati e respinti e le ragioni, conflitti di interessi e misure adottate.", "Single report on the procedure: subject and value, the procedure followed and why, the outcome of each phase with the candidates selected and rejected and the reasons, conflicts of interest and the measures taken.";
    "report.subject" => "Oggetto", "Subject";
    "report.why" => "Motivazione della procedura", "Why this procedure";
    "report.pcp_why" => "Acquisto di servizi di ricerca e sviluppo esclusi dalle direttive, con condivisione di rischi e benefici in condizioni di mercato e sviluppo competitivo per fasi (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799).", "Purchase of research and development services outside the directives, sharing risks and benefits at market conditions, with competitive development in phases (art. 135 c.2 D.Lgs. 36/2023; COM(2007) 799).";
    "report.cd_why" => "L'amministrazione non è in grado di definire a priori i mezzi tecnici o le condizioni giuridiche o finanziarie per soddisfare le proprie esigenze (art. 30 dir. 2014/24/UE; art. 74 D.Lgs. 36/2023).", "The authority cannot define in advance the technical means or the legal or financial conditions to meet its needs (art. 30 Directive 2014/24/EU; art. 74 D.Lgs. 36/2023).";
    "report.no_conflicts" => "Nessun componente della commissione ha dichiarato conflitti di interessi.", "No committee member declared a conflict of interest.";
    "report.conflicts" => "Conflitto di interessi dichiarato, componente sostituito prima di vedere le proposte:", "Conflict of interest declared, member replaced before seeing the proposals:";
    "ocds.title" => "Dati aperti (OCDS 1.1)", "Open data (OCDS 1.1)";
    "ocds.releases" => "rilasci (JSON)", "releases (JSON)";
    "ocds.bulk" => "Dati aperti di tutte le procedure (OCDS 1.1)", "Open data of every procedure (OCDS 1.1)";
    "ocds.records" => "record (JSON)", "records (JSON)";
    "ocds.record" => "record compilato (JSON)", "compiled record (JSON)";
    "report.download" => "Relazione sulla procedura (PDF)", "Procurement report (PDF)";
    "pdf.call" => "Bando", "Call";
    "pdf.bytes" => "Byte", "Bytes";
    "pdf.download_receipt" => "Scarica la ricevuta (PDF)", "Download the receipt (PDF)";
    "verify.title" => "Verifica di un documento", "Verify a document";
    "verify.found" => "L'impronta corrisponde a un documento emesso da PCP Desk.", "The fingerprint matches a document issued by PCP Desk.";
    "verify.not_found" => "Nessun documento emesso corrisponde a questa impronta: il file non è quello rilasciato o è stato alterato.", "No issued document matches this fingerprint: the file is not the one issued, or it was altered.";
    "verify.kind" => "Documento", "Document";
    "verify.event" => "Data dell'evento", "Date of the event";
    "verify.issued" => "Emesso il", "Issued on";
    "verify.file_hash" => "SHA-256 del file", "SHA-256 of the file";
    "verify.data_hash" => "Impronta dei dati", "Data fingerprint";
    "addenda.title" => "Addenda", "Addenda";
    "addenda.number" => "Addendum n.", "Addendum no.";
    "addenda.new" => "Pubblica un addendum", "Publish an addendum";
    "addenda.body" => "Testo dell'addendum", "Text of the addendum";
    "addenda.files" => "Allegati", "Attachments";
    "addenda.publish" => "Pubblica l'addendum", "Publish the addendum";
    "clarifications.title" => "Chiarimenti", "Clarifications";
    "clarifications.none" => "Nessun chiarimento pubblicato.", "No clarification published.";
    "clarifications.question" => "Domanda", "Question";
    "clarifications.answer" => "Risposta", "Answer";
    "clarifications.pending" => "In attesa di risposta: visibile solo a te e all'amministrazione.", "Awaiting an answer: visible only to you and the authority.";
    "clarifications.publish_answer" => "Pubblica la risposta", "Publish the answer";
    "clarifications.ask" => "Fai una domanda", "Ask a question";
    "clarifications.ask_hint" => "La domanda e la risposta saranno pubblicate senza il nome della tua organizzazione.", "The question and the answer will be published without your organisation's name.";
    "clarifications.send" => "Invia la domanda", "Send the question";
    "kind.quality" => "Qualità", "Quality";
    "kind.price" => "Prezzo", "Price";
}

/// Texts for one language, handed to every template.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn s(&self, key: &str) -> &'static str {
        match lookup(key) {
            Some((it, en)) => match self.0 {
                Lang::It => it,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing translation");
                "…"
            }
        }
    }

    pub fn lang(&self) -> Lang {
        self.0
    }

    pub fn procedure(&self, p: &Procedure) -> &'static str {
        procedure_name(*p, self.0)
    }

    pub fn phase_kind(&self, k: &PhaseKind) -> &'static str {
        phase_kind_name(*k, self.0)
    }

    pub fn status(&self, s: &CallStatus) -> &'static str {
        status_name(*s, self.0)
    }

    pub fn criterion_kind(&self, k: &CriterionKind) -> &'static str {
        match k {
            CriterionKind::Quality => self.s("kind.quality"),
            CriterionKind::Price => self.s("kind.price"),
        }
    }

    pub fn euro(&self, cents: &i64) -> String {
        format_euro(*cents, self.0)
    }

    pub fn countdown(&self, c: &Countdown) -> String {
        match *c {
            Countdown::Closed => self.s("call.closed").to_string(),
            Countdown::Open {
                days,
                hours,
                minutes,
            } => format!(
                "{days} {}, {hours} {}, {minutes} {}",
                self.s("call.days"),
                self.s("call.hours"),
                self.s("call.minutes")
            ),
        }
    }
}

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
        ViolationKind::EmptyFile => "empty_file",
        ViolationKind::AlreadyRegistered => "already_registered",
        ViolationKind::BeforeDeadline => "before_deadline",
        ViolationKind::Duplicate => "duplicate",
        ViolationKind::MustBeOdd => "must_be_odd",
        ViolationKind::ChairNotMember => "chair_not_member",
        ViolationKind::OutOfRange { .. } => "out_of_range",
        ViolationKind::TooManyDecimals { .. } => "too_many_decimals",
        ViolationKind::FileTooLarge { .. } => "file_too_large",
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
        V::PriceNotAllowed => if it { "Le domande di partecipazione non contengono un prezzo." } else { "Requests to participate carry no price." }.into(),
        V::UnknownProcedure { value } => if it { format!("Procedura sconosciuta: «{value}».") } else { format!("Unknown procedure: \"{value}\".") },
        V::UnknownCriterionKind { value } => if it { format!("Tipo di criterio sconosciuto: «{value}».") } else { format!("Unknown criterion type: \"{value}\".") },
        V::Malformed { detail } => if it { format!("Richiesta non leggibile: {detail}") } else { format!("The request could not be read: {detail}") },
        V::FileTypeNotAccepted { accepted } => if it { format!("Tipo di file non accettato. Sono accettati: {accepted}.") } else { format!("File type not accepted. Accepted: {accepted}.") },
        V::EmptyFile => if it { "Il file è vuoto." } else { "The file is empty." }.into(),
        V::BeforeDeadline => if it { "Non prima della scadenza delle proposte." } else { "Not before the proposals' deadline." }.into(),
        V::Duplicate => if it { "La stessa persona compare due volte." } else { "The same person appears twice." }.into(),
        V::MustBeOdd => if it { "La commissione ha un numero dispari di componenti." } else { "The committee has an odd number of members." }.into(),
        V::ChairNotMember => if it { "Il presidente deve essere un componente della commissione." } else { "The chair must be a member of the committee." }.into(),
        V::OutOfRange { min, max } => if it { format!("Tra {min} e {max}.") } else { format!("Between {min} and {max}.") },
        V::TooManyDecimals { max } => if it { format!("Al massimo {max} decimali.") } else { format!("At most {max} decimals.") },
        V::AlreadyRegistered => if it { "Esiste già un account con questo indirizzo." } else { "An account with this address already exists." }.into(),
        V::FileTooLarge { max_bytes } => if it { format!("Il file supera il limite di {} MiB.", max_bytes / (1024 * 1024)) } else { format!("The file exceeds the {} MiB limit.", max_bytes / (1024 * 1024)) },
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
    }
}

/// A proposal's outcome in a phase's results: admitted, not admitted, or excluded and why.
pub fn result_outcome(
    excluded: Option<&crate::domain::evaluation::Exclusion>,
    admitted: bool,
    lang: Lang,
) -> String {
    let t = Tr(lang);
    match (excluded, admitted) {
        (Some(e), _) => format!("{}: {}", t.s("results.excluded"), exclusion_reason(e, lang)),
        (None, true) => t.s("results.admitted").to_string(),
        (None, false) => t.s("results.not_admitted").to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_used_by_a_template_has_a_translation() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("t.s(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    KEYS.contains(&key),
                    "{} uses {key:?} which has no translation",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn texts_differ_by_language() {
        assert_eq!(Tr(Lang::It).s("nav.calls"), "Bandi");
        assert_eq!(Tr(Lang::En).s("nav.calls"), "Calls");
        assert_eq!(
            Tr(Lang::En).countdown(&Countdown::Open {
                days: 1,
                hours: 2,
                minutes: 3
            }),
            "1 days, 2 hours, 3 minutes"
        );
    }
}
