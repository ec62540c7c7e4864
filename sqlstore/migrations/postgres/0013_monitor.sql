-- The monitor reads a period's work items by when they opened and, for
-- the repeats they follow, by when they were done.
CREATE INDEX work_items_org_opened ON work_items (org_id, opened_ms);
CREATE INDEX work_items_org_done ON work_items (org_id, done_ms) WHERE done_ms IS NOT NULL;
