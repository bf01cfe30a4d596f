//! The page of one PCP contract, and the contracts section of a call's page.

use askama::Template;

use super::Layout;

#[derive(Debug, Clone)]
pub struct DeliverableRowView {
    pub id: String,
    pub position: i32,
    pub title: String,
    pub due_on: String,
    pub payment: String,
    pub paid: String,
    pub state: &'static str,
    pub state_code: &'static str,
    pub late: bool,
    /// The latest file: name, download address, SHA-256, handed in at.
    pub file: Option<(String, String, String, String)>,
    pub review_reason: Option<String>,
    pub can_hand_in: bool,
    pub can_review: bool,
    /// The payment still due at acceptance, as typed in the form, when one may be recorded.
    pub payable: Option<String>,
}

#[derive(Template)]
#[template(path = "contract.html")]
pub struct ContractPage {
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub call_id: String,
    pub call_title: String,
    pub call_reference: String,
    pub phase_name: String,
    pub supplier: String,
    pub receipt_number: String,
    pub amount: String,
    pub cap: Option<String>,
    pub period: Option<String>,
    pub signed_on: Option<String>,
    pub terminated: Option<(String, String)>,
    /// Signed on, or `None` while it waits for a signature; with the agreement's id.
    pub framework: Option<(String, Option<String>)>,
    pub ipr_terms: Vec<String>,
    pub deliverables: Vec<DeliverableRowView>,
    /// Deliverable, amount, date.
    pub payments: Vec<(String, String, String)>,
    pub is_officer: bool,
    pub is_draft: bool,
    pub can_terminate: bool,
    pub today: String,
    pub starts_on_input: String,
    pub schedule_input: String,
    pub amount_input: String,
    pub awarded: bool,
    pub errors: Vec<String>,
}

/// One contract in a list.
#[derive(Debug, Clone)]
pub struct ContractLine {
    pub href: String,
    pub phase_name: String,
    pub supplier: String,
    pub amount: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub period: String,
    pub late: usize,
}

/// One line of the budget view.
#[derive(Debug, Clone)]
pub struct BudgetRow {
    pub name: String,
    pub allocated: String,
    pub contracted: String,
    pub paid: String,
    pub unspent: String,
    pub contracts: String,
}

#[derive(Debug, Clone)]
pub struct ContractsSection {
    pub budget: Vec<BudgetRow>,
    pub total: BudgetRow,
    pub contracts: Vec<ContractLine>,
    pub ipr_terms: Vec<String>,
}

#[derive(Template)]
#[template(path = "contracts_list.html")]
pub struct MyContractsPage {
    pub layout: Layout,
    pub contracts: Vec<ContractLine>,
}
