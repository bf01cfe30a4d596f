-- The verification of an abnormally low offer (art. 110 D.Lgs. 36/2023): explanations requested,
-- received, and the assessment, accepted or rejected with a reason.
CREATE TABLE price_verifications (
    phase_id TEXT NOT NULL REFERENCES phases(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    requested_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    accepted INTEGER NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (phase_id, proposal_id)
);

-- How many candidates a selection invites at most (art. 65(2) Directive 2014/24/EU), when the call
-- limits them.
ALTER TABLE phases ADD COLUMN max_candidates INTEGER;

-- One organisation per identity: the VAT number or fiscal code, without spaces and, for Italy,
-- without the IT prefix.
UPDATE organisations SET vat_number = UPPER(REPLACE(vat_number, ' ', ''));
UPDATE organisations SET vat_number = SUBSTR(vat_number, 3)
    WHERE country = 'IT' AND vat_number LIKE 'IT%';
CREATE UNIQUE INDEX organisations_identity ON organisations(country, vat_number);
