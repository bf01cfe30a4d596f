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
    pub email: Vec<EmailLine>,
}

/// One e-mail copy: the address and where it stands, in words.
#[derive(Debug, Clone)]
pub struct EmailLine {
    pub address: String,
    pub state: String,
    /// The last attempt failed; its error.
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "communications.html")]
pub struct CommunicationsPage {
    pub layout: Layout,
    pub heading: String,
    /// Officers see the recipient and the due date.
    pub for_officer: bool,
    pub lines: Vec<CommunicationLine>,
    /// For officers: e-mail delivery is not configured.
    pub email_off: bool,
    /// For officers: each e-mail not delivered after an attempt, with its error.
    pub email_failures: Vec<String>,
}

#[derive(Template)]
#[template(path = "communication.html")]
pub struct CommunicationPage {
    pub layout: Layout,
    pub line: CommunicationLine,
    pub body: String,
    pub call_href: String,
}
