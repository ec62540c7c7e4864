-- Stale translations: per blueprint version, a JSON object from a text's
-- path ("steps.order-coffee.title") to the languages whose translation was
-- not touched when the English text changed.

ALTER TABLE blueprints ADD COLUMN stale TEXT NOT NULL DEFAULT '{}';
