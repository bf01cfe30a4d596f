ALTER TABLE mail_outbox DROP COLUMN notification_id;
DELETE FROM mail_outbox WHERE communication_id IS NULL;
ALTER TABLE mail_outbox ALTER COLUMN communication_id SET NOT NULL;
DROP TABLE cpv_subscriptions;
DROP TABLE notification_opt_outs;
DROP TABLE notifications;
