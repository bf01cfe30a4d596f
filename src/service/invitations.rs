//! A supplier invites a colleague with a one-time link; the colleague chooses their own password,
//! which nobody else ever sees.

use chrono::{DateTime, Duration, Utc};

use super::accounts::{NewUser, check_user, insert_user};
use crate::audit::{self, Change};
use crate::auth;
use crate::db::invitations::Invitation;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Actor, Role};
use crate::domain::organisation::is_email;
use crate::domain::violation::{Violation, ViolationKind, check_text};
use crate::error::AppError;

/// How long an invitation link can be used.
pub const VALID_DAYS: i64 = 7;

/// The link's secret, shown once to the inviter; only its hash is stored.
pub struct IssuedInvitation {
    pub token: String,
    pub email: String,
    pub expires_at: DateTime<Utc>,
}

/// What the invitation page shows the colleague.
pub struct OpenInvitation {
    pub organisation: String,
    pub email: String,
    pub display_name: String,
    pub expires_at: DateTime<Utc>,
}

pub fn invite_colleague(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<IssuedInvitation, AppError> {
    let organisation_id = match (actor.role, actor.organisation_id.as_deref()) {
        (Role::Supplier, Some(o)) => o.to_string(),
        _ => return Err(AppError::Forbidden),
    };
    let email = email.trim().to_lowercase();
    let mut violations = Vec::new();
    if !is_email(&email) {
        violations.push(Violation::new(
            "email",
            ViolationKind::Malformed {
                detail: "not an email address".into(),
            },
        ));
    }
    check_text("display_name", display_name, 200, &mut violations);
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let token = auth::new_token();
    let expires_at = now + Duration::days(VALID_DAYS);
    write_tx(conn, |conn| {
        if db::accounts::find_user_by_email(conn, &email)?.is_some() {
            return Err(AppError::Invalid(vec![Violation::new(
                "email",
                ViolationKind::AlreadyRegistered,
            )]));
        }
        db::invitations::insert(
            conn,
            &Invitation {
                token_hash: auth::token_hash(&token),
                organisation_id: organisation_id.clone(),
                email: email.clone(),
                display_name: display_name.trim().to_string(),
                invited_by: actor.user_id.clone(),
                created_at: now.naive_utc(),
                expires_at: expires_at.naive_utc(),
                accepted_at: None,
            },
        )?;
        audit::append(
            conn,
            Change {
                actor: &actor.user_id,
                action: "colleague.invited",
                entity_type: "organisation",
                entity_id: &organisation_id,
                before: String::new(),
                after: email.clone(),
            },
            now,
        )?;
        Ok(())
    })?;
    Ok(IssuedInvitation {
        token,
        email,
        expires_at,
    })
}

fn usable(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Invitation, AppError> {
    db::invitations::find(conn, &auth::token_hash(token))?
        .filter(|i| i.accepted_at.is_none() && i.expires_at.and_utc() > now)
        .ok_or_else(not_valid)
}

fn not_valid() -> AppError {
    AppError::Invalid(vec![Violation::new(
        "token",
        ViolationKind::InvitationNotValid,
    )])
}

/// The invitation behind a link, while it can still be used.
pub fn open(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<OpenInvitation, AppError> {
    let invitation = usable(conn, token, now)?;
    let organisation = db::accounts::find_organisation(conn, &invitation.organisation_id)?
        .ok_or(AppError::NotFound)?;
    Ok(OpenInvitation {
        organisation: organisation.legal_name,
        email: invitation.email,
        display_name: invitation.display_name,
        expires_at: invitation.expires_at.and_utc(),
    })
}

/// The colleague accepts with a password of their own; the link cannot be used again.
pub fn accept(
    conn: &mut DbConnection,
    token: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let invitation = usable(conn, token, now)?;
    let user = NewUser {
        email: &invitation.email,
        password,
        role: Role::Supplier,
        display_name: &invitation.display_name,
        authority_id: None,
        organisation_id: Some(&invitation.organisation_id),
    };
    let violations = check_user(&user);
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let password_hash = auth::hash_password(password)?;
    write_tx(conn, |conn| {
        // Two tabs accepting at once: only the first marks the link used.
        if !db::invitations::accept(conn, &invitation.token_hash, now.naive_utc())? {
            return Err(not_valid());
        }
        insert_user(conn, "", &user, password_hash, now)
    })
}
