//! The register of issued PDF documents, for verification.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::issued_documents;

#[derive(Debug, Clone, Queryable, Insertable, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = issued_documents)]
pub struct IssuedDocument {
    pub file_sha256: String,
    pub data_sha256: String,
    pub kind: String,
    pub entity_id: String,
    pub lang: String,
    pub title: String,
    #[schema(value_type = String)]
    pub event_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub issued_at: NaiveDateTime,
    /// The audit chain's last event when the document was first issued.
    pub audit_seq: Option<i64>,
    pub audit_hash: Option<String>,
}

/// Records a document unless the same bytes were issued before; true when newly recorded.
pub fn record(conn: &mut DbConnection, doc: &IssuedDocument) -> QueryResult<bool> {
    if find(conn, &doc.file_sha256)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(issued_documents::table)
        .values(doc)
        .execute(conn)?;
    Ok(true)
}

/// A document by the SHA-256 of its file or of its data.
pub fn find(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<IssuedDocument>> {
    issued_documents::table
        .filter(
            issued_documents::file_sha256
                .eq(hash)
                .or(issued_documents::data_sha256.eq(hash)),
        )
        .order(issued_documents::issued_at.asc())
        .first(conn)
        .optional()
}

/// The audit anchors of issued documents: (sequence, hash, title), in sequence order.
pub fn audit_anchors(conn: &mut DbConnection) -> QueryResult<Vec<(i64, String, String)>> {
    let rows: Vec<(Option<i64>, Option<String>, String)> = issued_documents::table
        .filter(issued_documents::audit_seq.is_not_null())
        .select((
            issued_documents::audit_seq,
            issued_documents::audit_hash,
            issued_documents::title,
        ))
        .order(issued_documents::audit_seq.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(seq, hash, title)| Some((seq?, hash?, title)))
        .collect())
}
