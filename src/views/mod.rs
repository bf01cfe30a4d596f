//! Page models: plain data handed to askama templates. Nothing here touches the database.

use askama::Template;

mod call;
pub mod challenge;
pub mod communication;
pub mod contract;
pub mod dialogue;
pub mod evaluation;
pub mod notification;
pub mod supplier;

pub use call::*;

use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::i18n::{Tr, error_message};

/// What every page shows around its content.
#[derive(Debug, Clone)]
pub struct Layout {
    pub t: Tr,
    pub title: String,
    pub csrf: String,
    pub user: Option<UserBadge>,
    /// This page's path and query, for the language switch.
    pub here: String,
    /// What the action that led here did.
    pub done: Option<&'static str>,
}

impl Layout {
    pub fn lang_code(&self) -> &'static str {
        self.t.lang().code()
    }

    pub fn other_lang(&self) -> (&'static str, &'static str) {
        match self.t.lang() {
            Lang::It => ("en", "English"),
            Lang::En => ("it", "Italiano"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct UserBadge {
    pub name: String,
    pub role: &'static str,
    pub is_officer: bool,
    pub is_supplier: bool,
    pub is_evaluator: bool,
    /// A supplier's unread communications.
    pub unread: usize,
}

/// One form field, rendered the same way everywhere by `templates/field.html`.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub name: String,
    pub label: &'static str,
    pub value: String,
    pub input: Input,
    pub hint: Option<&'static str>,
    pub errors: Vec<String>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text,
    Number,
    DateTime,
    TextArea,
    Select(Vec<Choice>),
    /// A password the person chooses now (the browser may suggest one).
    NewPassword,
}

/// One line of a form's error summary: the error, with a link to its field when it has one.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    pub href: Option<String>,
    pub text: String,
}

/// Every error of the given fields (labelled as given, in page order), each linked to its field,
/// then the errors that have no field on the page.
pub fn error_items<'a>(
    fields: impl IntoIterator<Item = (String, &'a FieldView)>,
    elsewhere: impl IntoIterator<Item = ErrorItem>,
) -> Vec<ErrorItem> {
    let mut items: Vec<ErrorItem> = fields
        .into_iter()
        .flat_map(|(label, f)| {
            f.errors.iter().map(move |e| ErrorItem {
                href: Some(format!("#{}", f.id())),
                text: format!("{label}: {e}"),
            })
        })
        .collect();
    items.extend(elsewhere);
    items
}

impl FieldView {
    pub fn id(&self) -> String {
        format!("f-{}", self.name.replace('.', "-"))
    }

    pub fn is(&self, kind: &str) -> bool {
        matches!(
            (&self.input, kind),
            (Input::Text, "text")
                | (Input::Number, "number")
                | (Input::DateTime, "datetime")
                | (Input::TextArea, "textarea")
                | (Input::Select(_), "select")
                | (Input::NewPassword, "new-password")
        )
    }

    /// The ids of the hint and the errors that describe the field, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let id = self.id();
        let mut ids: Vec<String> = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        ids.extend((1..=self.errors.len()).map(|i| format!("{id}-error-{i}")));
        ids.join(" ")
    }

    pub fn options(&self) -> &[Choice] {
        match &self.input {
            Input::Select(options) => options,
            _ => &[],
        }
    }
}

#[derive(Debug, Clone)]
pub struct CallRowView {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub procedure: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub authority: String,
    pub budget: String,
    pub date: String,
    pub cpv_codes: String,
    /// For the public list: the phase taking proposals until when, or being evaluated.
    pub stage: Option<String>,
    pub countdown: Option<CountdownView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "calls_list.html")]
pub struct CallsListPage {
    pub layout: Layout,
    pub rows: Vec<CallRowView>,
    pub procedures: Vec<Choice>,
    pub statuses: Vec<Choice>,
    /// As typed, even when it could not be read.
    pub cpv: String,
    pub q: String,
    pub procedure_error: Option<String>,
    pub status_error: Option<String>,
    pub cpv_error: Option<String>,
    pub q_error: Option<String>,
    /// The page asked is past the last one: the link to the last.
    pub past_the_end: Option<String>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub previous_link: Option<String>,
    pub next_link: Option<String>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub layout: Layout,
    pub act: &'static str,
    pub consequence: &'static str,
    pub action: String,
    pub pairs: Vec<(String, String)>,
    pub back: String,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub layout: Layout,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "officer_home.html")]
pub struct OfficerHomePage {
    pub layout: Layout,
    pub authority: String,
    /// Each call, with its next step in words and where to take it.
    pub rows: Vec<(CallRowView, Option<(String, String)>)>,
}

#[derive(Template)]
#[template(path = "call_new.html")]
pub struct NewCallPage {
    pub layout: Layout,
    pub procedures: Vec<Choice>,
    pub procedure_error: Option<String>,
    pub fields: Vec<FieldView>,
    pub error_items: Vec<ErrorItem>,
}

#[derive(Debug, Clone)]
pub struct CriterionRowView {
    pub fields: Vec<FieldView>,
    pub remove_action: String,
}

#[derive(Debug, Clone)]
pub struct PhaseFormView {
    pub number: usize,
    pub kind_code: &'static str,
    pub kind: &'static str,
    pub fields: Vec<FieldView>,
    pub has_criteria: bool,
    pub criteria: Vec<CriterionRowView>,
    pub criteria_errors: Vec<String>,
    pub weight_sum: i64,
    pub add_criterion_action: String,
    pub remove_stage_action: Option<String>,
    pub add_stage_action: Option<String>,
}

#[derive(Template)]
#[template(path = "call_edit.html")]
pub struct EditCallPage {
    pub layout: Layout,
    pub call_id: String,
    pub title: String,
    pub procedure_code: &'static str,
    pub procedure: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub is_draft: bool,
    pub can_cancel: bool,
    pub can_conclude: bool,
    pub notice: Option<String>,
    pub error_items: Vec<ErrorItem>,
    pub fields: Vec<FieldView>,
    pub phases: Vec<PhaseFormView>,
    pub documents: Vec<DocumentView>,
    pub document_errors: Vec<String>,
    pub cancel_reason: String,
    pub cancel_errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub message: String,
}

fn bare_layout(lang: Lang, title: &str, here: &str) -> Layout {
    Layout {
        t: Tr(lang),
        title: title.to_string(),
        csrf: String::new(),
        user: None,
        here: here.to_string(),
        done: None,
    }
}

fn render(result: askama::Result<String>) -> String {
    result.unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        "Errore interno / Internal error".to_string()
    })
}

/// The sign-in page served with a 401 when a page needs a signed-in user.
pub fn login_page(lang: Lang, next: &str, csrf: &str) -> String {
    let t = Tr(lang);
    let mut layout = bare_layout(lang, t.s("login.title"), "/login");
    layout.csrf = csrf.to_string();
    render(
        LoginPage {
            layout,
            next: next.to_string(),
            email: String::new(),
            error: None,
            notice: Some(t.s("login.required").to_string()),
        }
        .render(),
    )
}

pub fn error_page(lang: Lang, error: &AppError) -> String {
    let t = Tr(lang);
    render(
        ErrorPage {
            layout: bare_layout(lang, t.s("error.title"), "/calls"),
            message: error_message(error, lang),
        }
        .render(),
    )
}

pub fn page(template: &impl Template) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(template.render()))
}

pub fn page_with_status(
    status: actix_web::http::StatusCode,
    template: &impl Template,
) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(render(template.render()))
}
