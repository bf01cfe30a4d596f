//! Suppliers, proposals and receipts.

pub(super) const ENTRIES: super::Entries = entries! {
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
};
