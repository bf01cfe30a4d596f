//! The page of a person's notices and of which ones to receive.

use askama::Template;

use super::Layout;

#[derive(Debug, Clone)]
pub struct NoticeLine {
    pub subject: String,
    pub body: String,
    pub href: String,
    pub at: String,
    pub unread: bool,
}

#[derive(Debug, Clone)]
pub struct KindChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub on: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub layout: Layout,
    pub heading: String,
    pub lines: Vec<NoticeLine>,
    pub kinds: Vec<KindChoice>,
    pub for_supplier: bool,
    pub cpv: String,
    pub errors: Vec<String>,
}
