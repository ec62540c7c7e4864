-- The feedback export walks an organization's feedback in id order, a
-- chunk at a time (id > the last one seen): without this index each chunk
-- would sort all the organization's remaining feedback again.
CREATE INDEX feedback_org_id ON feedback (org_id, id);
