-- Where a negative's cause came from: 'default' (the aspect's controlling
-- party), 'timeline' (read from the episode's own timeline) or 'manager'
-- (set or confirmed by a manager); '' on a positive, and on negatives
-- stored before this migration, which read as 'default'. evidence holds
-- what the timeline showed, as JSON, '' for none. Both columns have a
-- constant default, so adding them rewrites no rows.
ALTER TABLE feedback_aspects ADD COLUMN cause_source TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback_aspects ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
