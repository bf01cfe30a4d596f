-- Files of a proposal refused on the page for another reason (a missing price, a wrong file beside
-- them): received in full and hashed, held for the person who sent them so that the next attempt
-- need not send them again. Released by that attempt, or after the holding period.
CREATE TABLE held_files (
    id TEXT PRIMARY KEY NOT NULL,
    phase_id TEXT NOT NULL REFERENCES phases(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    envelope TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    held_at TIMESTAMP NOT NULL
);
CREATE INDEX held_files_holder ON held_files(user_id, phase_id);
CREATE INDEX held_files_sha ON held_files(sha256);
