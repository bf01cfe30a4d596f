DROP TABLE payments;
DROP TABLE deliverable_submissions;
DROP TABLE deliverables;
DROP TABLE contracts;
DROP TABLE framework_agreements;
ALTER TABLE calls DROP COLUMN ipr_exploitation_months;
