-- The files of a complaint or an appeal (the complaint's grounds, the court's orders), stored like
-- a proposal's: by their SHA-256 in the blob store.
CREATE TABLE challenge_files (
    id TEXT PRIMARY KEY NOT NULL,
    challenge_id TEXT NOT NULL REFERENCES challenges(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users(id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX challenge_files_challenge ON challenge_files(challenge_id);
