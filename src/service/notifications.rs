//! Notices people expect (`domain::notification`): created by the acts and the reminder job,
//! once each, on the platform and by e-mail to the person's address, unless the person turned
//! that kind off.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::notifications::NotificationRow;
use crate::db::{self, DbConnection};
use crate::domain::access::{Actor, Role};
use crate::domain::lang::Lang;
use crate::domain::notification::{self as rules, NotificationKind};
use crate::domain::submission::ProposalStatus;
use crate::domain::violation::{Violation, ViolationKind};
use crate::error::AppError;
use crate::i18n::notifications::text;

/// At most this many CPV codes followed by one person.
pub const MAX_SUBSCRIPTIONS: usize = 50;

struct Notice<'a> {
    kind: NotificationKind,
    /// What it is about (a call, a phase), for `once_key`.
    about: &'a str,
    call_id: Option<&'a str>,
    /// The call's title, and the phase's name where one.
    title: &'a str,
    detail: &'a str,
    link: String,
}

/// Gives `notice` to `user_id` once, unless turned off; whether it was given now.
fn give(
    conn: &mut DbConnection,
    user_id: &str,
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let kind = notice.kind.as_str();
    if db::notifications::opt_outs(conn, user_id)?
        .iter()
        .any(|k| k == kind)
    {
        return Ok(false);
    }
    let Some(user) = db::accounts::find_user_by_id(conn, user_id)? else {
        return Ok(false);
    };
    let (it, en) = (
        text(notice.kind, notice.title, notice.detail, Lang::It),
        text(notice.kind, notice.title, notice.detail, Lang::En),
    );
    let row = NotificationRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user_id.to_string(),
        kind: kind.to_string(),
        call_id: notice.call_id.map(str::to_string),
        subject_it: it.0,
        body_it: it.1,
        subject_en: en.0,
        body_en: en.1,
        link: notice.link.clone(),
        created_at: now.naive_utc(),
        read_at: None,
        once_key: rules::once_key(notice.kind, notice.about, user_id),
    };
    if !db::notifications::insert_once(conn, &row)? {
        return Ok(false);
    }
    crate::service::communications::enqueue_notification(conn, &row.id, &user.email, now)?;
    Ok(true)
}

/// A call was published: everyone following one of its CPV codes is told.
pub(crate) fn call_published(
    conn: &mut DbConnection,
    call: &db::calls::CallRecord,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut told = 0;
    let mut done: Vec<String> = Vec::new();
    for (user_id, prefix) in db::notifications::all_subscriptions(conn)? {
        let matches = call
            .spec
            .cpv_codes
            .iter()
            .any(|code| rules::cpv_matches(&prefix, code));
        if matches && !done.contains(&user_id) {
            done.push(user_id.clone());
            let notice = Notice {
                kind: NotificationKind::NewCall,
                about: &call.id,
                call_id: Some(&call.id),
                title: &call.spec.title,
                detail: &call.spec.reference,
                link: format!("/calls/{}", call.id),
            };
            told += usize::from(give(conn, &user_id, &notice, now)?);
        }
    }
    Ok(told)
}

/// Evaluators appointed to a phase are told.
pub(crate) fn appointed(
    conn: &mut DbConnection,
    phase: &crate::service::proposals::PhaseRef,
    user_ids: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for user_id in user_ids {
        let notice = Notice {
            kind: NotificationKind::Appointed,
            about: phase.id(),
            call_id: Some(&phase.call.id),
            title: &phase.call.spec.title,
            detail: phase.name(),
            link: "/evaluator".into(),
        };
        give(conn, user_id, &notice, now)?;
    }
    Ok(())
}

/// The proposals of a phase are open: its committee is told.
pub(crate) fn proposals_open(
    conn: &mut DbConnection,
    phase: &crate::service::proposals::PhaseRef,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for (member, _) in db::evaluation::members(conn, phase.id())? {
        if member.is_active() {
            let notice = Notice {
                kind: NotificationKind::ProposalsOpen,
                about: phase.id(),
                call_id: Some(&phase.call.id),
                title: &phase.call.spec.title,
                detail: phase.name(),
                link: format!("/evaluator/phases/{}", phase.id()),
            };
            give(conn, &member.user_id, &notice, now)?;
        }
    }
    Ok(())
}

/// Someone wrote in a dialogue channel: the other side is told that a message waits there (the
/// candidate's users, or the authority's officers), without its text.
pub(crate) fn dialogue_message(
    conn: &mut DbConnection,
    call: &db::calls::CallRecord,
    organisation_id: &str,
    from_authority: bool,
    message_id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (recipients, from) = if from_authority {
        let users: Vec<String> = db::notifications::users_of(conn, organisation_id)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        (users, call.authority_name.clone())
    } else {
        let from = db::accounts::find_organisation(conn, organisation_id)?
            .map(|o| o.legal_name)
            .unwrap_or_default();
        (
            db::notifications::officers_of(conn, &call.authority_id)?,
            from,
        )
    };
    let notice = Notice {
        kind: NotificationKind::DialogueMessage,
        about: message_id,
        call_id: Some(&call.id),
        title: &call.spec.title,
        detail: &from,
        link: format!("/calls/{}/dialogue/{organisation_id}", call.id),
    };
    for user_id in recipients {
        give(conn, &user_id, &notice, now)?;
    }
    Ok(())
}

/// The reminder job: 48 and 24 hours before a deadline, each person of an organisation that
/// started a proposal for the phase (admitted to it, or holding files sent for it) and has none
/// submitted is reminded, once per reminder. How many were reminded.
pub fn remind(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut told = 0;
    let window = (now.naive_utc(), (now + Duration::hours(48)).naive_utc());
    for (phase_id, call_id) in db::notifications::phases_closing(conn, window.0, window.1)? {
        let Some(call) = db::calls::find(conn, &call_id)? else {
            continue;
        };
        let Some(index) = call.phase_ids.iter().position(|p| *p == phase_id) else {
            continue;
        };
        let spec = &call.spec.phases[index];
        let Some(kind) = spec.deadline.and_then(|d| rules::reminder_due(d, now)) else {
            continue;
        };
        if !call.is_public() || call.status != crate::domain::call::CallStatus::Published {
            continue;
        }
        let submitted: Vec<String> = db::proposals::for_phase(conn, &phase_id)?
            .into_iter()
            .filter(|p| p.status() == ProposalStatus::Submitted)
            .map(|p| p.organisation_id)
            .collect();
        let mut orgs = db::notifications::started_in_phase(conn, &phase_id)?;
        orgs.sort();
        orgs.dedup();
        for org in orgs.iter().filter(|o| !submitted.contains(o)) {
            for (user_id, _) in db::notifications::users_of(conn, org)? {
                let notice = Notice {
                    kind,
                    about: &phase_id,
                    call_id: Some(&call.id),
                    title: &call.spec.title,
                    detail: &spec.name,
                    link: format!("/calls/{}", call.id),
                };
                told += usize::from(give(conn, &user_id, &notice, now)?);
            }
        }
    }
    Ok(told)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationView {
    pub id: String,
    pub kind: NotificationKind,
    pub call_id: Option<String>,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The signed-in person's notifications, newest first; listing them marks them read.
pub fn inbox(
    conn: &mut DbConnection,
    actor: &Actor,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<NotificationView>, AppError> {
    let rows = db::notifications::of_user(conn, &actor.user_id)?;
    db::notifications::mark_read(conn, &actor.user_id, now.naive_utc())?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (subject, body) = match lang {
                Lang::It => (r.subject_it, r.body_it),
                Lang::En => (r.subject_en, r.body_en),
            };
            NotificationView {
                id: r.id,
                kind: NotificationKind::parse(&r.kind).unwrap_or(NotificationKind::NewCall),
                call_id: r.call_id,
                subject,
                body,
                link: r.link,
                created_at: r.created_at.and_utc(),
                read_at: r.read_at.map(|t| t.and_utc()),
            }
        })
        .collect())
}

/// Which kinds a person receives and has turned off, and the CPV codes followed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Preferences {
    /// The kinds this person may receive (and so turn off).
    #[serde(default)]
    pub kinds: Vec<NotificationKind>,
    /// The kinds turned off.
    pub off: Vec<NotificationKind>,
    /// CPV codes or their first digits (suppliers).
    #[serde(default)]
    pub cpv_prefixes: Vec<String>,
}

fn kinds_for(role: Role) -> Vec<NotificationKind> {
    NotificationKind::ALL
        .into_iter()
        .filter(|k| match role {
            Role::Supplier => k.for_supplier(),
            Role::Evaluator => !k.for_supplier(),
            Role::Officer => *k == NotificationKind::DialogueMessage,
            Role::Admin => false,
        })
        .collect()
}

pub fn preferences(conn: &mut DbConnection, actor: &Actor) -> Result<Preferences, AppError> {
    Ok(Preferences {
        kinds: kinds_for(actor.role),
        off: db::notifications::opt_outs(conn, &actor.user_id)?
            .iter()
            .filter_map(|k| NotificationKind::parse(k))
            .collect(),
        cpv_prefixes: db::notifications::prefixes_of(conn, &actor.user_id)?,
    })
}

/// Replaces the kinds turned off and the CPV codes followed; a code that is not one, or its
/// first digits, is refused naming its position.
pub fn set_preferences(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Preferences,
    now: DateTime<Utc>,
) -> Result<Preferences, AppError> {
    let mut v = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    for (i, p) in input.cpv_prefixes.iter().enumerate() {
        let p = p.trim();
        if !crate::domain::cpv::is_search_prefix(p) {
            v.push(Violation::new(
                format!("cpv_prefixes.{i}"),
                ViolationKind::InvalidCpv { value: p.into() },
            ));
        } else if !prefixes.iter().any(|q| q == p) {
            prefixes.push(p.to_string());
        }
    }
    if prefixes.len() > MAX_SUBSCRIPTIONS {
        v.push(Violation::new(
            "cpv_prefixes",
            ViolationKind::AtMost {
                max: MAX_SUBSCRIPTIONS as i64,
            },
        ));
    }
    if !prefixes.is_empty() && actor.role != Role::Supplier {
        v.push(Violation::new(
            "cpv_prefixes",
            ViolationKind::AtMost { max: 0 },
        ));
    }
    if !v.is_empty() {
        return Err(AppError::Invalid(v));
    }
    let allowed = kinds_for(actor.role);
    let off: Vec<String> = input
        .off
        .iter()
        .filter(|k| allowed.contains(k))
        .map(|k| k.as_str().to_string())
        .collect();
    db::write_tx(conn, |conn| {
        db::notifications::set_preferences(conn, &actor.user_id, &off, &prefixes, now.naive_utc())?;
        crate::audit::append(
            conn,
            crate::audit::Change {
                actor: &actor.user_id,
                action: "notifications.preferences",
                entity_type: "user",
                entity_id: &actor.user_id,
                before: String::new(),
                after: format!("off={} cpv={}", off.join(","), prefixes.join(",")),
            },
            now,
        )?;
        preferences(conn, actor)
    })
}

/// Runs the reminder job on a thread of its own, until the application is gone.
pub struct Reminders {
    pool: db::Pool,
    clock: crate::web::Clock,
}

impl Reminders {
    pub fn new(pool: db::Pool, clock: crate::web::Clock) -> Reminders {
        Reminders { pool, clock }
    }

    pub fn run_once(&self) -> Result<usize, AppError> {
        let mut conn = self.pool.get()?;
        let now = crate::domain::time::truncate_to_micros((self.clock)());
        db::write_tx(&mut conn, |conn| remind(conn, now))
    }

    pub fn start(self: std::sync::Arc<Self>, every: std::time::Duration) -> std::io::Result<()> {
        let weak = std::sync::Arc::downgrade(&self);
        drop(self);
        std::thread::Builder::new()
            .name("reminders".into())
            .spawn(move || {
                while let Some(reminders) = weak.upgrade() {
                    if let Err(e) = reminders.run_once() {
                        tracing::warn!(error = %e, "the reminders could not be sent");
                    }
                    drop(reminders);
                    std::thread::sleep(every);
                }
            })
            .map(|_| ())
    }
}
