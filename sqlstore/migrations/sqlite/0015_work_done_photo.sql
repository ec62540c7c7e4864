-- The crew's photo of a work item done, SQLite dialect: beside the
-- report's photo (photo_id), for the organization's staff only.

ALTER TABLE work_items ADD COLUMN done_photo_id INTEGER;
