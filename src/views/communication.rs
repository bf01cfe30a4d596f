//! The pages of communications: a supplier's inbox, one communication, a call's list for its
//! officers.

use askama::Template;

use super::Layout;

#[derive(Debug, Clone)]
pub struct CommunicationLine {
    pub href: String,
    pub subject: String,
    pub kind: &'static str,
    pub recipient: String,
    pub sent: String,
    pub due: String,
    pub read: Option<String>,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "communications.html")]
pub struct CommunicationsPage {
    pub layout: Layout,
    pub heading: String,
    /// Officers see the recipient and the due date.
    pub for_officer: bool,
    pub lines: Vec<CommunicationLine>,
}

#[derive(Template)]
#[template(path = "communication.html")]
pub struct CommunicationPage {
    pub layout: Layout,
    pub line: CommunicationLine,
    pub body: String,
    pub call_href: String,
}
