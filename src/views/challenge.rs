//! The page of a call's complaints and appeals: a bidder's own with its form, every one with the
//! officer's forms.

use askama::Template;

use super::Layout;

#[derive(Debug, Clone)]
pub struct ChallengeLine {
    pub id: String,
    pub kind: &'static str,
    pub ground: &'static str,
    pub party: String,
    pub court: String,
    pub filed_on: String,
    pub text: String,
    pub status: &'static str,
    /// "Domanda cautelare: accolta il …", when one was asked for.
    pub interim: Option<String>,
    /// The answer or decision, with its date and any measures.
    pub decision: Option<String>,
    pub holds_award: bool,
    pub can_answer: bool,
    pub can_decide_interim: bool,
    pub needs_date: bool,
    /// Name, size and SHA-256 of each file, and where to download it.
    pub files: Vec<(String, String, String)>,
    pub can_add_file: bool,
}

#[derive(Template)]
#[template(path = "challenges.html")]
pub struct ChallengesPage {
    pub layout: Layout,
    pub heading: String,
    pub call_title: String,
    pub call_href: String,
    pub action_base: String,
    pub for_officer: bool,
    pub lines: Vec<ChallengeLine>,
    pub errors: Vec<String>,
    /// The phases, for the forms: id and name.
    pub phases: Vec<(String, String)>,
    /// The organisations that took part, for the officer's form: id and name.
    pub parties: Vec<(String, String)>,
    pub today: String,
    pub award_held: bool,
    /// Code and label of each kind the officer records, and of each ground.
    pub kinds: Vec<(&'static str, &'static str)>,
    pub grounds: Vec<(&'static str, &'static str)>,
}
