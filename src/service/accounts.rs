use chrono::{DateTime, Duration, Utc};

use crate::audit::{self, Change};
use crate::auth;
use crate::db::accounts::{Authority, Organisation, UserRow};
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::{Role, membership_is_consistent};
use crate::domain::authority::{AuthorityProfile, check_profile};
use crate::domain::fiscal::is_valid_numeric_fiscal_code;
use crate::domain::organisation::{self, OrganisationSpec, SupplierProfile};
use crate::domain::violation::{Violation, ViolationKind, check_text};
use crate::error::AppError;

pub struct NewAuthority<'a> {
    pub name: &'a str,
    pub fiscal_code: &'a str,
    pub address: &'a str,
    pub profile: Option<&'a AuthorityProfile>,
}

pub fn create_authority(
    conn: &mut DbConnection,
    actor: &str,
    new: NewAuthority<'_>,
    now: DateTime<Utc>,
) -> Result<Authority, AppError> {
    let mut violations = Vec::new();
    check_text("name", new.name, 300, &mut violations);
    check_text("address", new.address, 500, &mut violations);
    if !is_valid_numeric_fiscal_code(new.fiscal_code) {
        violations.push(Violation::new(
            "fiscal_code",
            ViolationKind::InvalidFiscalCode,
        ));
    }
    if let Some(profile) = new.profile {
        violations.extend(prefixed("profile", check_profile(profile)));
    }
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let authority = Authority {
        id: uuid::Uuid::new_v4().to_string(),
        name: new.name.trim().to_string(),
        fiscal_code: new.fiscal_code.trim().to_string(),
        address: new.address.trim().to_string(),
        created_at: now.naive_utc(),
        profile: new.profile.map(profile_json),
    };
    write_tx(conn, |conn| {
        if db::accounts::find_authority_by_fiscal_code(conn, &authority.fiscal_code)?.is_some() {
            return Err(AppError::conflict(format!(
                "an authority with fiscal code {} is already registered",
                authority.fiscal_code
            )));
        }
        db::accounts::insert_authority(conn, &authority)?;
        audit::append(
            conn,
            Change {
                actor,
                action: "authority.created",
                entity_type: "authority",
                entity_id: &authority.id,
                before: String::new(),
                after: format!("{} (CF {})", authority.name, authority.fiscal_code),
            },
            now,
        )?;
        Ok(())
    })?;
    Ok(authority)
}

/// Records (or replaces) what notices under the directives state about the authority.
pub fn set_authority_profile(
    conn: &mut DbConnection,
    actor: &str,
    authority_id: &str,
    profile: &AuthorityProfile,
    now: DateTime<Utc>,
) -> Result<Authority, AppError> {
    let violations = prefixed("profile", check_profile(profile));
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let json = profile_json(profile);
    write_tx(conn, |conn| {
        let before = db::accounts::find_authority(conn, authority_id)?.ok_or(AppError::NotFound)?;
        db::accounts::set_authority_profile(conn, authority_id, &json)?;
        audit::append(
            conn,
            Change {
                actor,
                action: "authority.profile_set",
                entity_type: "authority",
                entity_id: authority_id,
                before: before.profile.clone().unwrap_or_default(),
                after: json.clone(),
            },
            now,
        )?;
        Ok(Authority {
            profile: Some(json.clone()),
            ..before
        })
    })
}

/// The profile as stored, and as read back by `authority_profile`.
fn profile_json(profile: &AuthorityProfile) -> String {
    serde_json::to_string(profile).expect("a profile is plain strings")
}

/// The supplier's recorded profile, if any; one that no longer reads is treated as missing.
pub fn supplier_profile(organisation: &Organisation) -> Option<SupplierProfile> {
    read_profile(organisation.profile.as_deref())
}

/// The authority's recorded profile, if any; one that no longer reads is treated as missing.
pub fn authority_profile(authority: &Authority) -> Option<AuthorityProfile> {
    read_profile(authority.profile.as_deref())
}

fn read_profile<T: serde::de::DeserializeOwned>(json: Option<&str>) -> Option<T> {
    json.and_then(|json| serde_json::from_str(json).ok())
}

fn prefixed(prefix: &str, violations: Vec<Violation>) -> Vec<Violation> {
    violations
        .into_iter()
        .map(|v| Violation {
            field: format!("{prefix}.{}", v.field),
            ..v
        })
        .collect()
}

/// The demo and the command line create organisations directly; suppliers register them.
pub fn create_organisation(
    conn: &mut DbConnection,
    actor: &str,
    org: &Organisation,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    write_tx(conn, |conn| insert_organisation(conn, actor, org, now))
}

fn insert_organisation(
    conn: &mut DbConnection,
    actor: &str,
    org: &Organisation,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db::accounts::insert_organisation(conn, org)?;
    audit::append(
        conn,
        Change {
            actor: if actor.is_empty() {
                "self-registration"
            } else {
                actor
            },
            action: "organisation.created",
            entity_type: "organisation",
            entity_id: &org.id,
            before: String::new(),
            after: format!("{} ({})", org.legal_name, org.vat_number),
        },
        now,
    )?;
    Ok(())
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub role: Role,
    pub display_name: &'a str,
    pub authority_id: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
}

pub(crate) fn check_user(new: &NewUser<'_>) -> Vec<Violation> {
    let mut violations = Vec::new();
    if !crate::domain::organisation::is_email(new.email) {
        violations.push(Violation::new(
            "email",
            ViolationKind::Malformed {
                detail: "not an email address".into(),
            },
        ));
    }
    if new.password.chars().count() < auth::MIN_PASSWORD_CHARS {
        violations.push(Violation::new(
            "password",
            ViolationKind::AtLeast {
                min: auth::MIN_PASSWORD_CHARS as i64,
            },
        ));
    } else if !auth::is_hard_to_guess(new.password, &[new.email, new.display_name]) {
        violations.push(Violation::new(
            "password",
            ViolationKind::PasswordTooGuessable,
        ));
    }
    check_text("display_name", new.display_name, 200, &mut violations);
    violations
}

pub fn create_user(
    conn: &mut DbConnection,
    actor: &str,
    new: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let mut violations = check_user(&new);
    if !membership_is_consistent(
        new.role,
        new.authority_id.is_some(),
        new.organisation_id.is_some(),
    ) {
        let field = if new.role == Role::Supplier {
            "organisation_id"
        } else {
            "authority_id"
        };
        violations.push(Violation::new(field, ViolationKind::Required));
    }
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let password_hash = auth::hash_password(new.password)?;
    write_tx(conn, |conn| {
        insert_user(conn, actor, &new, password_hash, now)
    })
}

/// Inserts a checked user inside the caller's write transaction.
pub(crate) fn insert_user(
    conn: &mut DbConnection,
    actor: &str,
    new: &NewUser<'_>,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let email = new.email.trim().to_lowercase();
    if db::accounts::find_user_by_email(conn, &email)?.is_some() {
        return Err(AppError::Invalid(vec![Violation::new(
            "email",
            ViolationKind::AlreadyRegistered,
        )]));
    }
    if let Some(a) = new.authority_id {
        db::accounts::find_authority(conn, a)?.ok_or_else(|| {
            AppError::Invalid(vec![Violation::new(
                "authority_id",
                ViolationKind::Malformed {
                    detail: format!("no authority {a}"),
                },
            )])
        })?;
    }
    if let Some(o) = new.organisation_id {
        db::accounts::find_organisation(conn, o)?.ok_or_else(|| {
            AppError::Invalid(vec![Violation::new(
                "organisation_id",
                ViolationKind::Malformed {
                    detail: format!("no organisation {o}"),
                },
            )])
        })?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    db::accounts::insert_user(
        conn,
        &UserRow {
            id: id.clone(),
            email: email.clone(),
            password_hash,
            role: new.role.as_str().to_string(),
            display_name: new.display_name.trim().to_string(),
            authority_id: new.authority_id.map(str::to_string),
            organisation_id: new.organisation_id.map(str::to_string),
            created_at: now.naive_utc(),
        },
    )?;
    audit::append(
        conn,
        Change {
            actor: if actor.is_empty() { &id } else { actor },
            action: "user.created",
            entity_type: "user",
            entity_id: &id,
            before: String::new(),
            after: format!("{email} role={}", new.role.as_str()),
        },
        now,
    )?;
    Ok(id)
}

/// A supplier registers its organisation and its first user in one step.
pub fn register_organisation(
    conn: &mut DbConnection,
    org: &OrganisationSpec,
    user: NewUser<'_>,
    now: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    let mut violations = organisation::check(org);
    violations.extend(check_user(&user));
    if !violations.is_empty() {
        return Err(AppError::Invalid(violations));
    }
    let password_hash = auth::hash_password(user.password)?;
    let row = Organisation {
        id: uuid::Uuid::new_v4().to_string(),
        legal_name: org.legal_name.trim().to_string(),
        vat_number: organisation::normalised_identifier(&org.country, &org.vat_number),
        country: org.country.trim().to_uppercase(),
        address: org.address.trim().to_string(),
        email: org.email.trim().to_string(),
        created_at: now.naive_utc(),
        profile: org
            .profile
            .as_ref()
            .map(|p| serde_json::to_string(p).expect("a profile is plain strings")),
    };
    write_tx(conn, |conn| {
        // One identity, one organisation; the unique index backs this check under concurrency.
        if db::accounts::find_organisation_by_identifier(conn, &row.country, &row.vat_number)?
            .is_some()
        {
            return Err(AppError::Invalid(vec![Violation::new(
                "vat_number",
                ViolationKind::IdentifierTaken,
            )]));
        }
        insert_organisation(conn, "", &row, now)?;
        let user = NewUser {
            role: Role::Supplier,
            organisation_id: Some(&row.id),
            authority_id: None,
            ..user
        };
        let user_id = insert_user(conn, "", &user, password_hash, now)?;
        Ok((row.id.clone(), user_id))
    })
}

pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserRow,
}

/// Checks the password and opens a session. Unknown email and wrong password look the same.
pub fn sign_in(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    hours: i64,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let Some(user) = db::accounts::find_user_by_email(conn, email)? else {
        auth::verify_against_dummy(password);
        return Err(AppError::BadCredentials);
    };
    if !auth::verify_password(password, &user.password_hash) {
        return Err(AppError::BadCredentials);
    }
    let token = auth::new_token();
    let expires_at = now + Duration::hours(hours);
    db::accounts::delete_expired_sessions(conn, now)?;
    db::accounts::insert_session(conn, &auth::token_hash(&token), &user.id, now, expires_at)?;
    Ok(NewSession {
        token,
        expires_at,
        user,
    })
}

pub fn sign_out(conn: &mut DbConnection, token: &str) -> Result<(), AppError> {
    db::accounts::delete_session(conn, &auth::token_hash(token))?;
    Ok(())
}
