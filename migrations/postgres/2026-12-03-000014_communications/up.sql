-- The communications the law requires after an act (art. 90 D.Lgs. 36/2023), one row per
-- recipient organisation, with its text in Italian and English, when it was due, delivered on the
-- platform and first read.
CREATE TABLE communications (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    phase_id TEXT REFERENCES phases(id),
    kind TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    subject_it TEXT NOT NULL,
    body_it TEXT NOT NULL,
    subject_en TEXT NOT NULL,
    body_en TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    read_at TIMESTAMP,
    read_by TEXT REFERENCES users(id)
);
CREATE INDEX communications_organisation ON communications(organisation_id);
CREATE INDEX communications_call ON communications(call_id);
