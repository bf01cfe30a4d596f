-- Every document issued as a PDF, by the SHA-256 of its bytes and of its data.
CREATE TABLE issued_documents (
    file_sha256 TEXT PRIMARY KEY NOT NULL,
    data_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    event_at TIMESTAMP NOT NULL,
    issued_at TIMESTAMP NOT NULL
);
CREATE INDEX issued_documents_data ON issued_documents(data_sha256);
