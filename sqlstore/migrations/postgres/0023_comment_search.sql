-- Comment search (sqlstore/search.go): one partial GIN expression index
-- per language of the pages, with its own text search configuration
-- (Snowball stemmer and stop words). A search ORs the three conditions
-- exactly as written here, so the planner combines the three indexes.
-- Russian "ё" is read as "е", as insight/text reads it.
CREATE INDEX feedback_fts_en ON feedback USING gin (to_tsvector('english', comment)) WHERE lang = 'en' AND comment <> '';
CREATE INDEX feedback_fts_ru ON feedback USING gin (to_tsvector('russian', translate(comment, 'ёЁ', 'еЕ'))) WHERE lang = 'ru' AND comment <> '';
CREATE INDEX feedback_fts_fi ON feedback USING gin (to_tsvector('finnish', comment)) WHERE lang = 'fi' AND comment <> '';
