//! The dialogue's pages: the list of candidates' channels, and one channel with its messages,
//! sessions and consents, with the forms of whoever may act in it.

use askama::Template;

use super::Layout;

#[derive(Debug, Clone)]
pub struct ChannelLine {
    pub href: String,
    pub organisation: String,
    pub stage: String,
    pub messages: usize,
    pub unread: usize,
    pub sessions: usize,
}

#[derive(Template)]
#[template(path = "dialogue_channels.html")]
pub struct ChannelsPage {
    pub layout: Layout,
    pub heading: String,
    pub call_title: String,
    pub call_href: String,
    pub channels: Vec<ChannelLine>,
    pub can_conclude: bool,
    pub conclude_action: String,
    pub concluded: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileLine {
    pub href: String,
    pub label: String,
    pub sha256: String,
    pub shared: bool,
}

#[derive(Debug, Clone)]
pub struct MessageLine {
    pub id: String,
    pub kind: &'static str,
    pub from_authority: bool,
    pub from: String,
    pub when: String,
    pub stage: String,
    pub paragraphs: Vec<String>,
    pub answer_by: Option<String>,
    pub read: String,
    pub is_read: bool,
    pub in_reply: Option<String>,
    pub files: Vec<FileLine>,
    /// The quoted message: who and when, and its paragraphs.
    pub quote: Option<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct SessionLine {
    pub id: String,
    pub when: String,
    pub stage: String,
    pub place: String,
    pub attendees: String,
    pub agenda: Vec<String>,
    pub minutes: String,
    pub minutes_paragraphs: Vec<String>,
    pub status: &'static str,
    pub can_write: bool,
    pub can_approve: bool,
    pub pdf_href: Option<String>,
    pub sha256: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ConsentLine {
    pub id: String,
    pub subject: String,
    pub file: String,
    pub with: String,
    pub purpose: String,
    pub status: &'static str,
    pub can_answer: bool,
}

#[derive(Template)]
#[template(path = "dialogue_channel.html")]
pub struct ChannelPage {
    pub layout: Layout,
    pub heading: String,
    pub call_title: String,
    pub call_href: String,
    pub list_href: String,
    pub base: String,
    pub organisation: String,
    pub for_authority: bool,
    pub for_candidate: bool,
    pub concluded: Option<String>,
    pub messages: Vec<MessageLine>,
    pub sessions: Vec<SessionLine>,
    pub consents: Vec<ConsentLine>,
    /// For the authority's forms: this channel's files (id, name), other candidates' files
    /// (id, "name — owner") and the other candidates (id, name).
    pub own_files: Vec<(String, String)>,
    pub other_files: Vec<(String, String)>,
    pub others: Vec<(String, String)>,
    /// The candidates' messages, for the quote and the consent forms: this channel's and the
    /// others'.
    pub own_messages: Vec<(String, String)>,
    pub other_messages: Vec<(String, String)>,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct GroundLine {
    pub code: &'static str,
    pub label: &'static str,
    pub applies: Option<bool>,
    pub explanation: String,
}

#[derive(Debug, Clone)]
pub struct CheckLine {
    pub index: usize,
    pub name: String,
    pub passed: Option<bool>,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "declaration.html")]
pub struct DeclarationPage {
    pub layout: Layout,
    pub heading: String,
    pub call_title: String,
    pub call_href: String,
    /// Where "back" goes, and what it says.
    pub back: (String, &'static str),
    pub action: String,
    pub check_action: String,
    pub organisation: String,
    pub can_edit: bool,
    pub saved: bool,
    pub grounds: Vec<GroundLine>,
    pub turnover: Vec<String>,
    /// Client, description, year, amount of each similar service (three rows when editing).
    pub services: Vec<[String; 4]>,
    pub certifications: Vec<String>,
    pub checks: Vec<CheckLine>,
    pub can_check: bool,
    pub errors: Vec<String>,
}
