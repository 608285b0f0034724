from django.db import migrations

from config.database import RunSQLOnPostgres

# The number of a case's sources (the ``n`` of its term weights), kept by the
# database in the case's TermCount row "sources" as EventSource rows come, go
# or move to another case's event, and as events move to another case:
# counting them joined to their events read the whole case for every article
# placed. Per case in case order, and an update only where a statement changed
# a case's count (a source moved within its case locks nothing).
COUNT = """
CREATE FUNCTION timeline_sourcecount_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO timeline_termcount (case_id, key, n)
        SELECT e.case_id, 'sources', count(*) FROM new_rows r
        JOIN timeline_event e ON e.id = r.event_id
        GROUP BY e.case_id ORDER BY e.case_id
        ON CONFLICT (case_id, key) DO UPDATE SET n = timeline_termcount.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE timeline_termcount t SET n = t.n - gone.n
        FROM (
            SELECT e.case_id, count(*) AS n FROM old_rows r
            JOIN timeline_event e ON e.id = r.event_id
            GROUP BY e.case_id ORDER BY e.case_id
        ) gone
        WHERE t.case_id = gone.case_id AND t.key = 'sources';
    ELSE
        INSERT INTO timeline_termcount (case_id, key, n)
        SELECT case_id, 'sources', sum(n) FROM (
            SELECT e.case_id, count(*) AS n FROM new_rows r
            JOIN timeline_event e ON e.id = r.event_id GROUP BY e.case_id
            UNION ALL
            SELECT e.case_id, -count(*) FROM old_rows r
            JOIN timeline_event e ON e.id = r.event_id GROUP BY e.case_id
        ) moved
        GROUP BY case_id HAVING sum(n) <> 0 ORDER BY case_id
        ON CONFLICT (case_id, key) DO UPDATE SET n = timeline_termcount.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER timeline_eventsource_counted_in AFTER INSERT ON timeline_eventsource
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_sourcecount_change();
CREATE TRIGGER timeline_eventsource_counted_out AFTER DELETE ON timeline_eventsource
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_sourcecount_change();
CREATE TRIGGER timeline_eventsource_counted_moved AFTER UPDATE ON timeline_eventsource
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_sourcecount_change();
CREATE FUNCTION timeline_sourcecount_event_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timeline_termcount (case_id, key, n)
    SELECT case_id, 'sources', sum(n) FROM (
        SELECT n.case_id, count(*) AS n FROM new_rows n
        JOIN old_rows o ON o.id = n.id AND o.case_id <> n.case_id
        JOIN timeline_eventsource s ON s.event_id = n.id GROUP BY n.case_id
        UNION ALL
        SELECT o.case_id, -count(*) FROM new_rows n
        JOIN old_rows o ON o.id = n.id AND o.case_id <> n.case_id
        JOIN timeline_eventsource s ON s.event_id = n.id GROUP BY o.case_id
    ) moved
    GROUP BY case_id HAVING sum(n) <> 0 ORDER BY case_id
    ON CONFLICT (case_id, key) DO UPDATE SET n = timeline_termcount.n + EXCLUDED.n;
    RETURN NULL;
END $$;
CREATE TRIGGER timeline_event_sources_moved AFTER UPDATE ON timeline_event
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION timeline_sourcecount_event_moved();
INSERT INTO timeline_termcount (case_id, key, n)
SELECT e.case_id, 'sources', count(*) FROM timeline_eventsource s
JOIN timeline_event e ON e.id = s.event_id GROUP BY e.case_id
ON CONFLICT (case_id, key) DO UPDATE SET n = EXCLUDED.n;
"""
UNCOUNT = """
DROP TRIGGER timeline_eventsource_counted_in ON timeline_eventsource;
DROP TRIGGER timeline_eventsource_counted_out ON timeline_eventsource;
DROP TRIGGER timeline_eventsource_counted_moved ON timeline_eventsource;
DROP FUNCTION timeline_sourcecount_change();
DROP TRIGGER timeline_event_sources_moved ON timeline_event;
DROP FUNCTION timeline_sourcecount_event_moved();
DELETE FROM timeline_termcount WHERE key = 'sources';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0008_term_counts"),
    ]

    # On SQLite (the demo) the number is counted when asked
    # (``candidates.term_counts``).
    operations = [RunSQLOnPostgres(COUNT, UNCOUNT)]
