-- Comment search (sqlstore/search.go): the Snowball stems of each comment,
-- each prefixed with its language ("fi_kahv"), written from Go with the
-- feedback (and, for the comments stored before this migration, by its
-- Go step in the same transaction), under the feedback's id as rowid.
-- Contentless and without positions (detail=none), the cheapest index to
-- write: the text stays in feedback, which a search joins back to on id
-- and org_id.
CREATE VIRTUAL TABLE feedback_fts USING fts5(stems, content='', detail=none,
	tokenize="unicode61 remove_diacritics 2 tokenchars '_'");
