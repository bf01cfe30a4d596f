//! What a call's page shows: its phases, documents, clarifications, addenda, notices and the
//! main action.

use askama::Template;

use super::{Layout, evaluation};

#[derive(Debug, Clone)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct CriterionView {
    pub name: String,
    pub description: String,
    pub kind: &'static str,
    pub weight: i32,
    pub max_points: i32,
    pub threshold: String,
}

/// Time left to a deadline, as text, with what `static/app.js` needs to make it tick by the
/// server's clock.
#[derive(Debug, Clone)]
pub struct CountdownView {
    pub text: String,
    /// RFC 3339, UTC.
    pub deadline: String,
    /// The server's time when the page was made, RFC 3339.
    pub now: String,
}

#[derive(Debug, Clone)]
pub struct PhaseView {
    pub number: usize,
    pub name: String,
    /// The kind of phase, when its name does not already say it.
    pub kind: Option<&'static str>,
    pub deadline: Option<String>,
    pub countdown: Option<CountdownView>,
    pub open: bool,
    pub facts: Vec<Fact>,
    /// The rules that will score the phase, published with the call: (label, value).
    pub rules: Vec<(String, String)>,
    pub criteria: Vec<CriterionView>,
    /// Active proposals received: the only thing anyone learns of them before the opening.
    pub proposals: Option<i64>,
    /// Where a signed-in supplier may submit now.
    pub submit_href: Option<String>,
    /// The evaluation board, for the authority's officers.
    pub evaluation_href: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ClarificationView {
    pub id: String,
    pub question: String,
    pub answer: Option<String>,
    pub asked_at: String,
    pub answered_at: Option<String>,
    pub can_answer: bool,
    /// Answered in the asker's dialogue channel: only the authority and the asker see it.
    pub private: bool,
    pub can_answer_privately: bool,
}

#[derive(Debug, Clone)]
pub struct AddendumView {
    pub number: i32,
    pub body: Vec<String>,
    pub published_at: String,
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Clone)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub file_name: String,
    pub size: String,
    pub sha256: String,
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct CallView {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub description: Vec<String>,
    pub procedure: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub authority: String,
    pub budget: String,
    pub cpv_codes: Vec<String>,
    pub contact: String,
    pub published: Option<String>,
    pub cancel_reason: Option<String>,
    pub phases: Vec<PhaseView>,
    pub documents: Vec<DocumentView>,
}

#[derive(Template)]
#[template(path = "call_detail.html")]
pub struct CallPage {
    /// The dialogue's channels, for whoever may open one.
    pub dialogue_href: Option<String>,
    pub layout: Layout,
    pub call: CallView,
    pub can_manage: bool,
    pub clarifications: Vec<ClarificationView>,
    pub can_ask: bool,
    pub addenda: Vec<AddendumView>,
    pub can_add_addendum: bool,
    pub results: Vec<evaluation::ResultsView>,
    pub committees: Vec<evaluation::CommitteeView>,
    /// The one thing a supplier comes to do, kept on screen on a phone.
    pub main_action: Option<MainAction>,
    /// The call's eForms notices, for its officers.
    pub eforms_notices: Vec<EformsLink>,
    /// Why the call has no contract notice yet, for its officers.
    pub eforms_missing: Option<String>,
    /// PCP: the intellectual property terms every contract of the call carries.
    pub ipr_terms: Vec<String>,
    /// PCP: the contracts and the budget view, for the call's officers.
    pub contracts: Option<super::contract::ContractsSection>,
}

#[derive(Debug, Clone)]
pub struct EformsLink {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct MainAction {
    pub href: String,
    pub label: &'static str,
    /// "entro il 15/01/2027 12:00 (CET) · mancano 3 giorni".
    pub until: String,
}
