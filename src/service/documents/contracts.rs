//! The PDFs of PCP contracts and framework agreements, for whoever may see them.

use chrono::{DateTime, Utc};

use super::{Issue, IssuedPdf, issue};
use crate::db::{self, DbConnection};
use crate::domain::access::Actor;
use crate::domain::contract::{can_view, contract_cap};
use crate::domain::lang::Lang;
use crate::domain::money::format_euro;
use crate::domain::time::rome_date;
use crate::error::AppError;
use crate::pdf::contract::{FrameworkDocument, render_contract, render_framework};
use crate::service::contracts;

pub fn contract_pdf(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let c = contracts::contract(conn, actor, id, now)?;
    let rendered = render_contract(&c, lang, public_base);
    let event_at = c.signed_at.unwrap_or(now).naive_utc();
    issue(
        conn,
        &actor.user_id,
        rendered,
        Issue {
            kind: "contract",
            entity_id: c.id.clone(),
            lang,
            title: format!("Contratto {} – {}", c.phase_name, c.supplier),
            event_at,
            file_name: format!("contratto-{}-fase-{}.pdf", c.call_reference, c.phase_number),
        },
        now,
    )
}

pub fn framework_pdf(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    lang: Lang,
    public_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let row = db::contracts::find_framework(conn, id)?.ok_or(AppError::NotFound)?;
    let call = db::calls::find(conn, &row.call_id)?.ok_or(AppError::NotFound)?;
    if !can_view(actor, &call.authority_id, &row.organisation_id) {
        return Err(AppError::NotFound);
    }
    let framework = contracts::call_contracts(conn, actor, &call.id, now)?
        .frameworks
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    let phases = call
        .spec
        .phases
        .iter()
        .filter(|p| p.kind.is_pcp())
        .map(|p| {
            let budget = p.budget_cents.map_or("–".into(), |b| format_euro(b, lang));
            let cap = contract_cap(p.budget_cents, p.max_contracts)
                .map_or("–".into(), |c| format_euro(c, lang));
            let n = p.max_contracts.map_or("–".into(), |n| n.to_string());
            let line = match lang {
                Lang::It => format!("{budget}, fino a {n} contratti da {cap}"),
                Lang::En => format!("{budget}, up to {n} contracts of {cap}"),
            };
            (p.name.clone(), line)
        })
        .collect();
    let document = FrameworkDocument {
        framework: &framework,
        authority: &call.authority_name,
        call_title: &call.spec.title,
        call_reference: &call.spec.reference,
        ipr_exploitation_months: contracts::exploitation_months(&call),
        phases,
        created_on: rome_date(row.created_at.and_utc()),
    };
    let rendered = render_framework(&document, lang, public_base);
    issue(
        conn,
        &actor.user_id,
        rendered,
        Issue {
            kind: "framework_agreement",
            entity_id: framework.id.clone(),
            lang,
            title: format!("Accordo quadro – {}", framework.supplier),
            event_at: row.created_at,
            file_name: format!("accordo-quadro-{}.pdf", call.spec.reference),
        },
        now,
    )
}
