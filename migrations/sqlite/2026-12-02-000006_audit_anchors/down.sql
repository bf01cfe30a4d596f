ALTER TABLE issued_documents DROP COLUMN audit_hash;
ALTER TABLE issued_documents DROP COLUMN audit_seq;
