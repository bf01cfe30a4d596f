-- What a notice under the directives states about the authority (seat, telephone, kind, main
-- activity, review body), kept as one JSON value; and whether EU funds pay for a call.
ALTER TABLE authorities ADD COLUMN profile TEXT;
ALTER TABLE calls ADD COLUMN eu_funded BOOLEAN NOT NULL DEFAULT FALSE;
