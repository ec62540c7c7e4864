-- On PostgreSQL this migration adds the triggers that notify live pages of
-- changes (see migrations/postgres/0021_live_notify.sql). SQLite has no
-- notifications: one process serves it, and its live pages poll.
SELECT 1;
