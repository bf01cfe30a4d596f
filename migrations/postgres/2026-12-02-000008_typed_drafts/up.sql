-- What an officer typed in a draft's form when it could not be saved or published as it was:
-- kept so that nothing typed is lost, shown again with its errors, dropped at the next good save.
CREATE TABLE typed_drafts (
    call_id TEXT PRIMARY KEY NOT NULL REFERENCES calls(id),
    action TEXT NOT NULL,
    pairs TEXT NOT NULL,
    saved_at TIMESTAMP NOT NULL
);
