//! An organisation registers with its first user.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::call_form::messages_by_field;
use super::ctx::Ctx;
use super::present::{self, FieldBuilder};
use super::{field, see_other};
use crate::domain::access::Role;
use crate::domain::organisation::OrganisationSpec;
use crate::domain::organisation::{SIZES, SupplierProfile};
use crate::domain::violation::Violation;
use crate::error::AppError;
use crate::service::accounts::NewUser;
use crate::service::{self};
use crate::views::supplier::RegisterPage;
use crate::views::{self, Choice, FieldView, Input};

const ORGANISATION_FIELDS: [(&str, &str); 5] = [
    ("legal_name", "org.legal_name"),
    ("vat_number", "org.vat_number"),
    ("country", "org.country"),
    ("address", "org.address"),
    ("email", "org.email"),
];
const USER_FIELDS: [(&str, &str); 3] = [
    ("display_name", "user.name"),
    ("user_email", "user.email"),
    ("password", "user.password"),
];

fn text_fields(
    builder: &FieldBuilder<'_>,
    pairs: &[(String, String)],
    fields: &[(&str, &str)],
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|(name, label)| {
            // Passwords are never sent back to the browser.
            let value = if *name == "password" {
                ""
            } else {
                field(pairs, name)
            };
            let input = if *name == "password" {
                Input::NewPassword
            } else {
                Input::Text
            };
            builder.field(name.to_string(), label, value, input, None, true)
        })
        .collect()
}

fn register_page(ctx: &Ctx, pairs: &[(String, String)], violations: &[Violation]) -> RegisterPage {
    // The account's email is `user_email` on the form, `email` for the service.
    let renamed: Vec<Violation> = violations
        .iter()
        .map(|v| match v.field.as_str() {
            "user.email" => Violation {
                field: "user_email".into(),
                ..v.clone()
            },
            f if f.starts_with("user.") => Violation {
                field: f.trim_start_matches("user.").into(),
                ..v.clone()
            },
            _ => v.clone(),
        })
        .collect();
    let errors = messages_by_field(&renamed, ctx.lang);
    let builder = FieldBuilder {
        t: ctx.tr(),
        errors: &errors,
    };
    let mut pairs = pairs.to_vec();
    if field(&pairs, "country").is_empty() {
        pairs.push(("country".into(), "IT".into()));
    }
    let mut organisation = text_fields(&builder, &pairs, &ORGANISATION_FIELDS);
    organisation.extend(profile_fields(&builder, &pairs));
    let user = text_fields(&builder, &pairs, &USER_FIELDS);
    RegisterPage {
        layout: present::layout(ctx, ctx.tr().s("register.title")),
        error_items: views::error_items(
            organisation
                .iter()
                .chain(user.iter())
                .map(|f| (f.label.to_string(), f)),
            [],
        ),
        organisation,
        user,
    }
}

const PROFILE_FIELDS: [(&str, &str); 3] = [
    ("profile.city", "org.city"),
    ("profile.postal_code", "org.postal_code"),
    ("profile.nuts", "org.nuts"),
];

/// The seat and size, when the supplier filled in any of them (then all are checked).
fn typed_profile(pairs: &[(String, String)]) -> Option<SupplierProfile> {
    let value = |name: &str| field(pairs, name).trim().to_string();
    let profile = SupplierProfile {
        city: value("profile.city"),
        postal_code: value("profile.postal_code"),
        nuts: value("profile.nuts").to_uppercase(),
        size: value("profile.size"),
    };
    let given = [
        &profile.city,
        &profile.postal_code,
        &profile.nuts,
        &profile.size,
    ]
    .iter()
    .any(|v| !v.is_empty());
    given.then_some(profile)
}

fn profile_fields(builder: &FieldBuilder<'_>, pairs: &[(String, String)]) -> Vec<FieldView> {
    let mut fields: Vec<FieldView> = PROFILE_FIELDS
        .iter()
        .map(|(name, label)| {
            let hint = (*name == "profile.nuts").then_some("org.nuts_hint");
            builder.field(
                name.to_string(),
                label,
                field(pairs, name),
                Input::Text,
                hint,
                false,
            )
        })
        .collect();
    let size = field(pairs, "profile.size");
    let choices = std::iter::once(("", "org.size_unset"))
        .chain(SIZES.iter().map(|code| (*code, size_label(code))))
        .map(|(value, label)| Choice {
            value: value.to_string(),
            label: builder.t.s(label).to_string(),
            selected: value == size,
        })
        .collect();
    fields.push(builder.field(
        "profile.size".into(),
        "org.size",
        size,
        Input::Select(choices),
        Some("org.profile_hint"),
        false,
    ));
    fields
}

fn size_label(code: &str) -> &'static str {
    match code {
        "micro" => "org.size_micro",
        "small" => "org.size_small",
        "medium" => "org.size_medium",
        _ => "org.size_large",
    }
}

pub async fn registration_form(ctx: Ctx) -> HttpResponse {
    views::page(&register_page(&ctx, &[], &[]))
}

pub async fn register(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = form.into_inner();
    ctx.check_csrf(field(&pairs, "csrf"))?;
    let org = OrganisationSpec {
        legal_name: field(&pairs, "legal_name").into(),
        vat_number: field(&pairs, "vat_number").into(),
        country: field(&pairs, "country").into(),
        address: field(&pairs, "address").into(),
        email: field(&pairs, "email").into(),
        profile: typed_profile(&pairs),
    };
    let (email, password, name) = (
        field(&pairs, "user_email").to_string(),
        field(&pairs, "password").to_string(),
        field(&pairs, "display_name").to_string(),
    );
    let now = state.now();
    let result = state
        .db(move |conn| {
            let user = NewUser {
                email: &email,
                password: &password,
                role: Role::Supplier,
                display_name: &name,
                authority_id: None,
                organisation_id: None,
            };
            service::accounts::register_organisation(conn, &org, user, now)
        })
        .await;
    match result {
        Ok(_) => Ok(see_other("/login?registered=1")),
        Err(AppError::Invalid(v)) => {
            let v: Vec<Violation> = v
                .into_iter()
                .map(|v| match v.field.as_str() {
                    "email" if is_user_violation(&v) => Violation {
                        field: "user_email".into(),
                        ..v
                    },
                    _ => v,
                })
                .collect();
            Ok(views::page_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &register_page(&ctx, &pairs, &v),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The organisation's email and the account's email share a name in the service; an account
/// conflict or an account email error belongs to the account.
fn is_user_violation(v: &Violation) -> bool {
    matches!(v.kind, crate::domain::ViolationKind::AlreadyRegistered)
}
