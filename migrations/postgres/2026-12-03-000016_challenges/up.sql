-- Challenges to a procedure's acts: complaints filed by a bidder and answered by the authority,
-- appeals to the administrative court and requests for ANAC's opinion recorded by the officer,
-- with the interim measures asked for and the court's decision on them.
CREATE TABLE challenges (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL REFERENCES calls(id),
    phase_id TEXT REFERENCES phases(id),
    kind TEXT NOT NULL,
    ground TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations(id),
    court TEXT,
    text TEXT NOT NULL,
    filed_on DATE NOT NULL,
    filed_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    interim_requested BOOLEAN NOT NULL,
    interim_granted BOOLEAN,
    interim_on DATE,
    interim_text TEXT,
    status TEXT NOT NULL,
    decided_on DATE,
    reasons TEXT,
    measures TEXT,
    decided_by TEXT REFERENCES users(id)
);
CREATE INDEX challenges_call ON challenges(call_id);
