//! Issuing PDF documents and verifying them.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::audit::{self, Change};
use crate::db::documents::IssuedDocument;
use crate::db::{self, DbConnection, write_tx};
use crate::domain::access::Actor;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::pdf::receipt::render_receipt;
use crate::service::proposals::{load_phase, receipt};

/// A PDF ready to send, with the SHA-256 of its bytes.
pub struct IssuedPdf {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub file_name: String,
}

/// The submission receipt as a PDF, for whoever may read the receipt. Its date is the instant
/// the proposal was received, so the same receipt always gives the same bytes.
pub fn receipt_pdf(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal_id: &str,
    lang: Lang,
    verify_base: &str,
    now: DateTime<Utc>,
) -> Result<IssuedPdf, AppError> {
    let r = receipt(conn, actor, proposal_id)?;
    let authority = load_phase(conn, &r.phase_id)?.call.authority_name;
    let rendered = render_receipt(&r, &authority, lang, verify_base);
    let sha256 = hex::encode(Sha256::digest(&rendered.bytes));
    let doc = IssuedDocument {
        file_sha256: sha256.clone(),
        data_sha256: rendered.data_sha256,
        kind: "receipt".into(),
        entity_id: r.proposal_id.clone(),
        lang: lang.code().into(),
        title: format!("Ricevuta {}", r.receipt_number),
        event_at: r.received_at.naive_utc(),
        issued_at: now.naive_utc(),
    };
    write_tx(conn, |conn| {
        if db::documents::record(conn, &doc)? {
            audit::append(
                conn,
                Change {
                    actor: &actor.user_id,
                    action: "document.issued",
                    entity_type: "proposal",
                    entity_id: &doc.entity_id,
                    before: String::new(),
                    after: format!("{} sha256={}", doc.title, doc.file_sha256),
                },
                now,
            )?;
        }
        Ok::<_, AppError>(())
    })?;
    Ok(IssuedPdf {
        bytes: rendered.bytes,
        sha256,
        file_name: format!("ricevuta-{}.pdf", r.receipt_number),
    })
}

pub fn verify(conn: &mut DbConnection, hash: &str) -> Result<Option<IssuedDocument>, AppError> {
    let hash = hash.trim().to_ascii_lowercase();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(db::documents::find(conn, &hash)?)
}
