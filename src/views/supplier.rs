//! Page models of the supplier area.

use askama::Template;

use super::{FieldView, Layout};

#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub layout: Layout,
    pub organisation: Vec<FieldView>,
    pub user: Vec<FieldView>,
    pub error_items: Vec<super::ErrorItem>,
}

#[derive(Debug, Clone)]
pub struct OpenPhaseView {
    pub call_id: String,
    pub call_title: String,
    pub call_reference: String,
    pub phase_id: String,
    pub phase_name: String,
    pub deadline: String,
    pub countdown: super::CountdownView,
    pub has_active: bool,
}

#[derive(Debug, Clone)]
pub struct ProposalRowView {
    pub id: String,
    pub receipt_number: String,
    pub call_title: String,
    pub phase_name: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub received_at: String,
    pub pending_addenda: usize,
    pub outcome: Option<OutcomeView>,
}

/// A proposal's outcome once confirmed, with where to read the phase's results.
#[derive(Debug, Clone)]
pub struct OutcomeView {
    pub text: String,
    pub admitted: bool,
    pub results_href: String,
}

#[derive(Template)]
#[template(path = "supplier_home.html")]
pub struct SupplierHomePage {
    pub layout: Layout,
    /// Communications nobody of the organisation has read yet.
    pub unread: usize,
    pub organisation: String,
    pub vat_number: String,
    pub country: String,
    pub address: String,
    pub email: String,
    pub open_phases: Vec<OpenPhaseView>,
    pub proposals: Vec<ProposalRowView>,
    pub colleague_fields: Vec<FieldView>,
    pub error_items: Vec<super::ErrorItem>,
    pub colleague_notice: Option<String>,
    pub colleague_link: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnvelopeView {
    pub field: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub errors: Vec<String>,
    /// The files of the proposal being replaced, which can be kept without sending them again.
    pub kept: Vec<KeptFileView>,
    /// The files received in this person's last attempt, refused for another reason.
    pub held: Vec<KeptFileView>,
}

#[derive(Debug, Clone)]
pub struct KeptFileView {
    pub id: String,
    pub file_name: String,
    pub size: String,
    pub sha256: String,
}

#[derive(Template)]
#[template(path = "submit.html")]
pub struct SubmitPage {
    pub layout: Layout,
    pub phase_id: String,
    pub call_id: String,
    pub call_title: String,
    pub phase_name: String,
    pub deadline: String,
    pub countdown: super::CountdownView,
    pub server_time: String,
    pub accepted_types: String,
    /// The file inputs' `accept`: ".pdf,.p7m".
    pub accept: String,
    pub max_file: String,
    pub max_total: String,
    pub max_files: usize,
    pub envelopes: Vec<EnvelopeView>,
    pub asks_price: bool,
    pub price: String,
    pub price_errors: Vec<String>,
    pub form_errors: Vec<super::ErrorItem>,
    pub replaces: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReceiptFileView {
    pub envelope: &'static str,
    pub file_name: String,
    pub size: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    pub layout: Layout,
    pub id: String,
    pub receipt_number: String,
    pub status: &'static str,
    pub status_code: &'static str,
    /// When it was withdrawn or replaced (Rome, to the second), with its label.
    pub closed: Option<(&'static str, String)>,
    pub received_rome: String,
    pub received_utc: String,
    pub call_id: String,
    pub call_reference: String,
    pub call_title: String,
    pub phase_id: String,
    pub phase_name: String,
    pub organisation: String,
    pub price: Option<String>,
    pub files: Vec<ReceiptFileView>,
    pub supersedes: Option<String>,
    pub pending_addenda: usize,
    pub can_change: bool,
    pub just_submitted: bool,
    pub outcome: Option<OutcomeView>,
    /// A request to participate: it carries a self-declaration.
    pub is_request: bool,
}

#[derive(Template)]
#[template(path = "invitation.html")]
pub struct InvitationPage {
    pub layout: Layout,
    /// None when the link can no longer be used.
    pub organisation: Option<String>,
    pub email: String,
    pub display_name: String,
    pub expires_at: String,
    pub password: FieldView,
    pub not_valid: Vec<String>,
}
