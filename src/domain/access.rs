//! Who may see and do what. Handlers ask these functions; they never decide on their own.

use serde::{Deserialize, Serialize};

use super::call::CallStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Officer,
    Evaluator,
    Supplier,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Officer, Role::Evaluator, Role::Supplier];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Evaluator => "evaluator",
            Role::Supplier => "supplier",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The signed-in person, as far as access rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    pub authority_id: Option<String>,
    pub organisation_id: Option<String>,
}

impl Actor {
    pub fn is_officer_of(&self, authority_id: &str) -> bool {
        self.role == Role::Officer && self.authority_id.as_deref() == Some(authority_id)
    }
}

/// Public: a call that was published (and is not a draft). A draft, or a draft cancelled before
/// it was ever published, is visible to its authority's officers only.
pub fn is_public_call(status: CallStatus, ever_published: bool) -> bool {
    status.is_public() && ever_published
}

pub fn can_view_call(
    actor: Option<&Actor>,
    status: CallStatus,
    ever_published: bool,
    authority_id: &str,
) -> bool {
    is_public_call(status, ever_published) || actor.is_some_and(|a| a.is_officer_of(authority_id))
}

/// Only officers of the call's authority write, publish, cancel or conclude it.
pub fn can_manage_call(actor: &Actor, authority_id: &str) -> bool {
    actor.is_officer_of(authority_id)
}

/// An officer must belong to an authority, a supplier to an organisation; others to neither.
pub fn membership_is_consistent(role: Role, authority: bool, organisation: bool) -> bool {
    match role {
        Role::Officer => authority && !organisation,
        Role::Supplier => organisation && !authority,
        Role::Admin | Role::Evaluator => !authority && !organisation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, authority: Option<&str>) -> Actor {
        Actor {
            user_id: "u".into(),
            role,
            authority_id: authority.map(str::to_string),
            organisation_id: None,
        }
    }

    #[test]
    fn drafts_are_seen_only_by_their_authority() {
        let own = actor(Role::Officer, Some("a1"));
        let other = actor(Role::Officer, Some("a2"));
        let admin = actor(Role::Admin, None);
        assert!(can_view_call(Some(&own), CallStatus::Draft, false, "a1"));
        assert!(!can_view_call(Some(&other), CallStatus::Draft, false, "a1"));
        assert!(!can_view_call(Some(&admin), CallStatus::Draft, false, "a1"));
        assert!(!can_view_call(None, CallStatus::Draft, false, "a1"));
        assert!(can_view_call(None, CallStatus::Published, true, "a1"));
        assert!(can_view_call(None, CallStatus::Cancelled, true, "a1"));
        assert!(
            !can_view_call(None, CallStatus::Cancelled, false, "a1"),
            "a draft cancelled before publication stays private"
        );
        assert!(can_view_call(
            Some(&own),
            CallStatus::Cancelled,
            false,
            "a1"
        ));
    }

    #[test]
    fn only_officers_of_the_authority_manage_its_calls() {
        assert!(can_manage_call(&actor(Role::Officer, Some("a1")), "a1"));
        assert!(!can_manage_call(&actor(Role::Officer, Some("a2")), "a1"));
        assert!(!can_manage_call(&actor(Role::Evaluator, None), "a1"));
    }

    #[test]
    fn memberships_follow_the_role() {
        assert!(membership_is_consistent(Role::Officer, true, false));
        assert!(!membership_is_consistent(Role::Officer, false, false));
        assert!(membership_is_consistent(Role::Supplier, false, true));
        assert!(!membership_is_consistent(Role::Admin, true, false));
    }
}
