-- Comment search (sqlstore/search.go): the Snowball stems of each comment,
-- each prefixed with its language ("fi_kahv"), written from Go with the
-- feedback (and, for the comments stored before this migration, by its
-- Go step in the same transaction), under the feedback's id as rowid.
-- Contentless, without positions (detail=none) and without document
-- sizes (columnsize=0, which only ranking needs), the cheapest index to
-- write: the text stays in feedback, which a search joins back to on id
-- and org_id, and matches come in time order, not by rank.
CREATE VIRTUAL TABLE feedback_fts USING fts5(stems, content='', detail=none, columnsize=0,
	tokenize="unicode61 remove_diacritics 2 tokenchars '_'");
