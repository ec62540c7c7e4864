-- Live pages on every server instance learn of a change by a notification
-- on the channel tandem_live, sent by these triggers in the transaction of
-- the write and delivered when it commits. The payload is a space-separated
-- list of the names whose pages may have changed:
--
--   episode:E        an episode's customer page (steps, help, requests, feedback)
--   site:O:S, org:O  the staff live view of one site, of all an org's sites
--   work:O:S, work:O the crew view of one site, of all an org's sites
--   workitem:W       the status pages of the reports on work item W
--   report:R         one report's status page
--
-- Names carry the organization, so a page of one organization is never woken
-- by another's names. SQLite has no notifications: its pages poll.
CREATE FUNCTION tandem_live_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	r       record;
	org     BIGINT;
	site    BIGINT;
	payload TEXT;
BEGIN
	IF TG_OP = 'DELETE' THEN
		r := OLD;
	ELSE
		r := NEW;
	END IF;
	CASE TG_TABLE_NAME
	WHEN 'episodes' THEN
		payload := 'episode:' || r.id || ' site:' || r.org_id || ':' || r.site_id || ' org:' || r.org_id;
	WHEN 'episode_steps' THEN
		SELECT e.org_id, e.site_id INTO org, site FROM episodes e WHERE e.id = r.episode_id;
		payload := 'episode:' || r.episode_id || ' site:' || org || ':' || site || ' org:' || org;
	WHEN 'help_requests', 'customer_requests', 'feedback' THEN
		IF r.episode_id IS NULL THEN
			RETURN NULL;
		END IF;
		payload := 'episode:' || r.episode_id || ' site:' || r.org_id || ':' || r.site_id || ' org:' || r.org_id;
	WHEN 'work_items' THEN
		payload := 'workitem:' || r.id || ' work:' || r.org_id || ':' || r.site_id || ' work:' || r.org_id;
	WHEN 'reports' THEN
		payload := 'report:' || r.id;
	END CASE;
	PERFORM pg_notify('tandem_live', payload);
	RETURN NULL;
END;
$$;

CREATE TRIGGER episodes_live AFTER INSERT OR UPDATE OR DELETE ON episodes
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
CREATE TRIGGER episode_steps_live AFTER INSERT OR UPDATE OR DELETE ON episode_steps
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
CREATE TRIGGER help_requests_live AFTER INSERT OR UPDATE OR DELETE ON help_requests
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
CREATE TRIGGER customer_requests_live AFTER INSERT OR UPDATE OR DELETE ON customer_requests
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
-- Most feedback comes without an episode and wakes nothing: only feedback
-- on an episode ends what its pages show.
CREATE TRIGGER feedback_live AFTER INSERT ON feedback
	FOR EACH ROW WHEN (NEW.episode_id IS NOT NULL) EXECUTE FUNCTION tandem_live_notify();
CREATE TRIGGER work_items_live AFTER INSERT OR UPDATE OR DELETE ON work_items
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
CREATE TRIGGER reports_live AFTER INSERT OR UPDATE OR DELETE ON reports
	FOR EACH ROW EXECUTE FUNCTION tandem_live_notify();
