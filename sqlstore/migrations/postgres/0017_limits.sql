-- One feedback per episode, on every channel. sole_episode_id is the
-- episode of a visit's one feedback, unique; feedback with no episode (a
-- poster's form, a kiosk) leaves it NULL. Where an older installation
-- stored several feedbacks for an episode (the API once let it), the
-- earliest keeps the place and the others stay as they are, still linked
-- to their episode through episode_id: nothing is dropped.
ALTER TABLE feedback ADD COLUMN sole_episode_id BIGINT;
UPDATE feedback SET sole_episode_id = episode_id
	WHERE episode_id IS NOT NULL
	AND id = (SELECT MIN(e.id) FROM feedback e WHERE e.episode_id = feedback.episode_id);
CREATE UNIQUE INDEX feedback_one_per_episode ON feedback (sole_episode_id) WHERE sole_episode_id IS NOT NULL;

-- Public writes refused for coming too fast, per touchpoint and hour (the
-- hour's start in Unix milliseconds): counted in memory, added here every
-- minute, shown in insight.
CREATE TABLE refused_writes (
	org_id        BIGINT NOT NULL,
	touchpoint_id BIGINT NOT NULL,
	hour_ms       BIGINT NOT NULL,
	count         BIGINT NOT NULL,
	PRIMARY KEY (touchpoint_id, hour_ms),
	FOREIGN KEY (org_id, touchpoint_id) REFERENCES touchpoints (org_id, id)
);
CREATE INDEX refused_writes_org ON refused_writes (org_id, hour_ms);
