-- Insight reads the newest praise text of each of the most praised staff
-- members, ORDER BY created_ms DESC, id DESC LIMIT 1. With the id in the
-- index a backward scan of it gives that row at once. Without it, the
-- generic plan of the prepared statement (estimating one row) sorted the
-- member's whole period of praise instead: 7-16 ms a member over a year of
-- a 200-café chain, 50 members a view.
DROP INDEX feedback_praise_text;
CREATE INDEX feedback_praise_text ON feedback (org_id, praise_staff_id, created_ms, id) WHERE praise <> '';
