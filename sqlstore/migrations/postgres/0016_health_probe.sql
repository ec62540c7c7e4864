-- One row that /healthz rewrites now and then, to learn that writes still
-- reach the disk.
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at_ms BIGINT NOT NULL
);
