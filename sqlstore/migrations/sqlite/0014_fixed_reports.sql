-- The reports a work item's fix answered, found when their reporters are
-- told of the fix.
CREATE INDEX reports_fixed ON reports (work_item_id, fixed_ms) WHERE fixed_ms IS NOT NULL;
