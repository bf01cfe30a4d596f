-- The audit chain's head (sequence and hash) when a document was first issued: the verifier checks
-- that each still lies on the chain, so removing the last events or re-chaining is detected.
ALTER TABLE issued_documents ADD COLUMN audit_seq BIGINT;
ALTER TABLE issued_documents ADD COLUMN audit_hash TEXT;
