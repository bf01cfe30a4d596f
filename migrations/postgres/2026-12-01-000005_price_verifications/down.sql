DROP INDEX organisations_identity;
ALTER TABLE phases DROP COLUMN max_candidates;
DROP TABLE price_verifications;
