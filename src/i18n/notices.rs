//! What a page says after the action that led to it.

pub(super) const ENTRIES: super::Entries = entries! {
    "done.title" => "Fatto", "Done";
    "done.withdrawn" => "Proposta ritirata. La ricevuta del ritiro è qui sotto e in PDF.", "Proposal withdrawn. The withdrawal receipt is below and as a PDF.";
    "done.reconfirmed" => "Proposta confermata rispetto alle integrazioni pubblicate.", "Proposal confirmed against the published addenda.";
    "done.question_asked" => "Domanda inviata. La risposta sarà pubblicata qui, senza il nome di chi l'ha posta.", "Question sent. The answer will be published here, without the name of who asked it.";
    "done.question_answered" => "Risposta pubblicata.", "Answer published.";
    "done.addendum_published" => "Integrazione pubblicata. Chi ha già presentato una proposta deve confermarla o sostituirla.", "Addendum published. Whoever has already submitted a proposal must confirm or replace it.";
    "done.published" => "Bando pubblicato: è visibile a tutti e aperto alle proposte.", "Call published: it is visible to everyone and open to proposals.";
    "done.cancelled" => "Bando annullato, con la motivazione registrata.", "Call cancelled, with the reason recorded.";
    "done.concluded" => "Procedura conclusa.", "Procedure concluded.";
    "done.document_removed" => "Documento rimosso dalla bozza.", "Document removed from the draft.";
    "done.appointed" => "Commissione nominata. Ogni componente deve firmare la dichiarazione sul conflitto di interessi.", "Committee appointed. Each member must sign the conflict-of-interest declaration.";
    "done.member_added" => "Componente aggiunto alla commissione.", "Member added to the committee.";
    "done.declared" => "Dichiarazione firmata.", "Declaration signed.";
    "done.opened" => "Proposte aperte. Il verbale di apertura è pronto.", "Proposals opened. The opening minutes are ready.";
    "done.scores_sent" => "Punteggi inviati: ora sono definitivi.", "Scores sent: they are now final.";
    "done.consensus_recorded" => "Punteggio della commissione registrato.", "Committee score recorded.";
    "done.price_verified" => "Verifica del prezzo registrata.", "Price verification recorded.";
    "done.decided" => "Esito confermato e pubblicato.", "Outcome confirmed and published.";
};
