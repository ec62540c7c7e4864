-- Appointments for real, PostgreSQL dialect: who an appointment is for
-- (name and contact, kept only with consent: '' when not given) and its
-- cancellation (NULL unless cancelled).
ALTER TABLE episodes ADD COLUMN customer_name    TEXT    NOT NULL DEFAULT '';
ALTER TABLE episodes ADD COLUMN customer_contact TEXT    NOT NULL DEFAULT '';
ALTER TABLE episodes ADD COLUMN contact_consent  BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE episodes ADD COLUMN cancelled_ms     BIGINT;
