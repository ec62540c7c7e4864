-- What the insight jobs remember, so that nothing goes out twice, whatever
-- the restarts and however many instances run the jobs.
-- insight_alerts: the last alert about an aspect of a service at a site;
-- the next one waits until tandem.AlertQuiet has passed.
-- weekly_reports: each weekly report sent, one per user and week (the
-- week's Monday, 2006-01-02).

CREATE TABLE insight_alerts (
	org_id      INTEGER NOT NULL,
	site_id     INTEGER NOT NULL,
	service_id  INTEGER NOT NULL,
	aspect_key  TEXT    NOT NULL,
	alerted_ms  INTEGER NOT NULL,
	PRIMARY KEY (org_id, site_id, service_id, aspect_key),
	FOREIGN KEY (org_id, site_id) REFERENCES sites (org_id, id) ON DELETE CASCADE
);

CREATE TABLE weekly_reports (
	org_id   INTEGER NOT NULL,
	user_id  INTEGER NOT NULL,
	week     TEXT    NOT NULL,
	sent_ms  INTEGER NOT NULL,
	PRIMARY KEY (org_id, user_id, week),
	FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
