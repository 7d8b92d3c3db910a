-- Rollups for the analytics endpoints, kept by triggers on the tables they
-- summarise, so that a dashboard reads a few hundred rollup rows instead
-- of every session of the period (docs/service.md, "Performance").
--
-- Periods are whole UTC days up to today. Every rollup row covers a span
-- of one day (span 1, day = that day) or of one ISO week (span 7, day =
-- its Monday): a period is its days before its first Monday plus the
-- weeks from that Monday on (no session starts after today), so a 90-day
-- period reads at most 6 days and 13 weeks per group. Every rollup
-- carries account_id and the same row-level security as the tables it
-- summarises.
--
-- The triggers are statement-level over transition tables, so a COPY of
-- 50,000 sessions is a handful of grouped upserts, and they run as the
-- writing role: its row-level security checks what they write as it
-- checks the write itself. A row's contribution is added for new rows and
-- subtracted for old ones, so UPDATE and DELETE (cascades included) keep
-- the rollups exact. TRUNCATE is not supported, nor changing the
-- started_at, user or tree of a session that has ratings.

-- Session counts per span and account, engineer, tree, engineer and tree;
-- rating_sum and rating_count are the session ratings of the span's
-- sessions (by the rating's user and tree, like the queries they replace).
-- The keyed tables are analytics_days' columns plus their keys.
CREATE TABLE analytics_days (
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    span         smallint NOT NULL CHECK (span IN (1, 7)),
    day          date NOT NULL,
    sessions     integer NOT NULL,
    completed    integer NOT NULL,
    resolved     integer NOT NULL,
    escalated    integer NOT NULL,
    workaround   integer NOT NULL,
    unresolved   integer NOT NULL,
    rating_sum   bigint NOT NULL,
    rating_count integer NOT NULL,
    PRIMARY KEY (account_id, span, day)
);

CREATE TABLE analytics_user_days (
    LIKE analytics_days INCLUDING CONSTRAINTS,
    user_id uuid NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, span, day, user_id)
);
CREATE INDEX analytics_user_days_user_idx ON analytics_user_days (account_id, user_id, span, day)
    INCLUDE (sessions, completed, resolved, escalated, workaround, unresolved, rating_sum, rating_count);

CREATE TABLE analytics_tree_days (
    LIKE analytics_days INCLUDING CONSTRAINTS,
    tree_id uuid NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, span, day, tree_id)
);
CREATE INDEX analytics_tree_days_tree_idx ON analytics_tree_days (account_id, tree_id, span, day)
    INCLUDE (sessions, completed, resolved, escalated, workaround, unresolved, rating_sum, rating_count);

CREATE TABLE analytics_user_tree_days (
    LIKE analytics_days INCLUDING CONSTRAINTS,
    user_id uuid NOT NULL,
    tree_id uuid NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, span, day, user_id, tree_id)
);
CREATE INDEX analytics_user_tree_days_user_idx ON analytics_user_tree_days (account_id, user_id, span, day)
    INCLUDE (tree_id, sessions, completed, rating_sum, rating_count);
CREATE INDEX analytics_user_tree_days_tree_idx ON analytics_user_tree_days (account_id, tree_id, span, day)
    INCLUDE (user_id, sessions);

-- Histograms of completed sessions' durations in whole minutes (minute m
-- counts durations in [m, m+1)) per span and account, engineer, tree: the
-- medians. The keyed tables are analytics_duration_days' plus their key.
CREATE TABLE analytics_duration_days (
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    span       smallint NOT NULL CHECK (span IN (1, 7)),
    day        date NOT NULL,
    minute     integer NOT NULL,
    n          integer NOT NULL,
    PRIMARY KEY (account_id, span, day, minute) INCLUDE (n)
);

CREATE TABLE analytics_user_duration_days (
    LIKE analytics_duration_days INCLUDING CONSTRAINTS,
    user_id uuid NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, user_id, span, day, minute) INCLUDE (n)
);

CREATE TABLE analytics_tree_duration_days (
    LIKE analytics_duration_days INCLUDING CONSTRAINTS,
    tree_id uuid NOT NULL,
    FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, tree_id, span, day, minute) INCLUDE (n)
);

-- Visits, drop-offs and step feedback per tree, span (of the session's
-- start) and step id as sessions.decisions spells it.
CREATE TABLE analytics_step_days (
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    tree_id     uuid NOT NULL,
    span        smallint NOT NULL CHECK (span IN (1, 7)),
    day         date NOT NULL,
    step_id     text NOT NULL,
    visits      integer NOT NULL,
    drop_offs   integer NOT NULL,
    thumbs_up   integer NOT NULL,
    thumbs_down integer NOT NULL,
    PRIMARY KEY (account_id, tree_id, span, day, step_id) INCLUDE (visits, drop_offs, thumbs_up, thumbs_down)
);

-- Flow analytics: average CSAT of a tree's ratings of the period, from the
-- index alone.
CREATE INDEX session_ratings_account_tree_created_rating_idx ON session_ratings (account_id, tree_id, created_at)
    INCLUDE (rating);

-- The rollups are kept by SQL statements that read a statement's changed
-- rows, each with sign 1 (new row) or -1 (old row), from the query text
-- changes. analytics_*_sql return those statements; the triggers run them
-- over their transition tables (new_rows, old_rows), and the backfill at
-- the end over the existing rows.

-- analytics_changes is the changed rows of a trigger's statement.
CREATE FUNCTION analytics_changes(op text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE op
        WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
        WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
        ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o'
    END
$$;

-- analytics_spans is the day and the week (its Monday) of a session that
-- started at started.
CREATE FUNCTION analytics_spans(started timestamptz) RETURNS TABLE (span smallint, day date)
LANGUAGE sql IMMUTABLE AS $$
    VALUES (1::smallint, (started AT TIME ZONE 'UTC')::date),
           (7::smallint, date_trunc('week', started AT TIME ZONE 'UTC')::date)
$$;

-- analytics_sessions_sql: changes are sessions rows.
CREATE FUNCTION analytics_sessions_sql(changes text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format($sql$
        WITH d AS (%1$s)
        INSERT INTO %2$I AS r (account_id, span, day %3$s, sessions, completed, resolved, escalated, workaround, unresolved, rating_sum, rating_count)
        SELECT d.account_id, b.span, b.day %4$s,
               sum(d.sign),
               coalesce(sum(d.sign) FILTER (WHERE d.completed_at IS NOT NULL), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.outcome = 'resolved'), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.outcome = 'escalated'), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.outcome = 'workaround'), 0),
               coalesce(sum(d.sign) FILTER (WHERE d.outcome = 'unresolved'), 0),
               0, 0
        FROM d
        CROSS JOIN LATERAL analytics_spans(d.started_at) b
        GROUP BY d.account_id, b.span, b.day %4$s
        ON CONFLICT (account_id, span, day %3$s) DO UPDATE SET
            sessions = r.sessions + excluded.sessions,
            completed = r.completed + excluded.completed,
            resolved = r.resolved + excluded.resolved,
            escalated = r.escalated + excluded.escalated,
            workaround = r.workaround + excluded.workaround,
            unresolved = r.unresolved + excluded.unresolved
        $sql$, changes, g.tbl, g.cols, g.source)
    FROM (VALUES ('analytics_days', '', ''),
                 ('analytics_user_days', ', user_id', ', d.user_id'),
                 ('analytics_tree_days', ', tree_id', ', d.tree_id'),
                 ('analytics_user_tree_days', ', user_id, tree_id', ', d.user_id, d.tree_id')) AS g(tbl, cols, source)
    UNION ALL
    SELECT format($sql$
        WITH d AS (%1$s)
        INSERT INTO %2$I AS r (account_id %3$s, span, day, minute, n)
        SELECT d.account_id %4$s, b.span, b.day,
               m.minute, sum(d.sign)
        FROM d
        CROSS JOIN LATERAL analytics_spans(d.started_at) b
        CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM d.completed_at - d.started_at) / 60)::integer AS minute) m
        WHERE d.completed_at IS NOT NULL
        GROUP BY d.account_id %4$s, b.span, b.day, m.minute
        ON CONFLICT (account_id %3$s, span, day, minute) DO UPDATE SET n = r.n + excluded.n
        $sql$, changes, g.tbl, g.cols, g.source)
    FROM (VALUES ('analytics_duration_days', '', ''),
                 ('analytics_user_duration_days', ', user_id', ', d.user_id'),
                 ('analytics_tree_duration_days', ', tree_id', ', d.tree_id')) AS g(tbl, cols, source)
    UNION ALL
    SELECT format($sql$
        WITH d AS (%1$s)
        INSERT INTO analytics_step_days AS r (account_id, tree_id, span, day, step_id, visits, drop_offs, thumbs_up, thumbs_down)
        SELECT d.account_id, d.tree_id, b.span, b.day, v.step_id,
               sum(d.sign),
               coalesce(sum(d.sign) FILTER (WHERE d.completed_at IS NULL AND v.ord = jsonb_array_length(d.decisions)), 0),
               0, 0
        FROM d
        CROSS JOIN LATERAL analytics_spans(d.started_at) b
        CROSS JOIN LATERAL jsonb_array_elements_text(d.decisions) WITH ORDINALITY AS v(step_id, ord)
        GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, tree_id, span, day, step_id) DO UPDATE SET
            visits = r.visits + excluded.visits,
            drop_offs = r.drop_offs + excluded.drop_offs
        $sql$, changes)
$$;

-- analytics_session_ratings_sql: changes are session_ratings rows; the
-- span is their session's.
CREATE FUNCTION analytics_session_ratings_sql(changes text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format($sql$
        WITH d AS (%1$s)
        INSERT INTO %2$I AS r (account_id, span, day %3$s, sessions, completed, resolved, escalated, workaround, unresolved, rating_sum, rating_count)
        SELECT d.account_id, b.span, b.day %4$s,
               0, 0, 0, 0, 0, 0, sum(d.sign * d.rating), sum(d.sign)
        FROM d
        JOIN sessions s ON s.account_id = d.account_id AND s.id = d.session_id
        CROSS JOIN LATERAL analytics_spans(s.started_at) b
        GROUP BY d.account_id, b.span, b.day %4$s
        ON CONFLICT (account_id, span, day %3$s) DO UPDATE SET
            rating_sum = r.rating_sum + excluded.rating_sum,
            rating_count = r.rating_count + excluded.rating_count
        $sql$, changes, g.tbl, g.cols, g.source)
    FROM (VALUES ('analytics_days', '', ''),
                 ('analytics_user_days', ', user_id', ', d.user_id'),
                 ('analytics_tree_days', ', tree_id', ', d.tree_id'),
                 ('analytics_user_tree_days', ', user_id, tree_id', ', d.user_id, d.tree_id')) AS g(tbl, cols, source)
$$;

-- analytics_step_ratings_sql: changes are step_ratings rows; tree and span
-- are their session's.
CREATE FUNCTION analytics_step_ratings_sql(changes text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format($sql$
        WITH d AS (%1$s)
        INSERT INTO analytics_step_days AS r (account_id, tree_id, span, day, step_id, visits, drop_offs, thumbs_up, thumbs_down)
        SELECT d.account_id, s.tree_id, b.span, b.day, d.step_id::text, 0, 0,
               coalesce(sum(d.sign) FILTER (WHERE d.was_helpful), 0),
               coalesce(sum(d.sign) FILTER (WHERE NOT d.was_helpful), 0)
        FROM d
        JOIN sessions s ON s.account_id = d.account_id AND s.id = d.session_id
        CROSS JOIN LATERAL analytics_spans(s.started_at) b
        GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (account_id, tree_id, span, day, step_id) DO UPDATE SET
            thumbs_up = r.thumbs_up + excluded.thumbs_up,
            thumbs_down = r.thumbs_down + excluded.thumbs_down
        $sql$, changes)
$$;

-- analytics_changed is the triggers' function: it runs the statements in
-- its own context, where the transition tables are visible.
CREATE FUNCTION analytics_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    q text;
BEGIN
    FOR q IN
        SELECT analytics_sessions_sql(analytics_changes(TG_OP)) WHERE TG_TABLE_NAME = 'sessions'
        UNION ALL
        SELECT analytics_session_ratings_sql(analytics_changes(TG_OP)) WHERE TG_TABLE_NAME = 'session_ratings'
        UNION ALL
        SELECT analytics_step_ratings_sql(analytics_changes(TG_OP)) WHERE TG_TABLE_NAME = 'step_ratings'
    LOOP
        EXECUTE q;
    END LOOP;
    RETURN NULL;
END
$$;

-- A session's ratings and step feedback leave the rollups by their own
-- triggers, which need the session to find its day: delete them while it
-- still exists, before the foreign keys' cascade would.
CREATE FUNCTION analytics_session_deleting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM session_ratings r WHERE r.account_id = OLD.account_id AND r.session_id = OLD.id;
    DELETE FROM step_ratings sr WHERE sr.account_id = OLD.account_id AND sr.session_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER analytics_sessions_deleting BEFORE DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION analytics_session_deleting();
CREATE TRIGGER analytics_sessions_insert AFTER INSERT ON sessions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_sessions_update AFTER UPDATE ON sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_sessions_delete AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_session_ratings_insert AFTER INSERT ON session_ratings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_session_ratings_update AFTER UPDATE ON session_ratings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_session_ratings_delete AFTER DELETE ON session_ratings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_step_ratings_insert AFTER INSERT ON step_ratings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_step_ratings_update AFTER UPDATE ON step_ratings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();
CREATE TRIGGER analytics_step_ratings_delete AFTER DELETE ON step_ratings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_changed();

-- The rows already there. The tables' owner runs this, and forced
-- row-level security would hide every row from it: lift the force for the
-- backfill only (the migration is one transaction, nobody sees it lifted).
ALTER TABLE sessions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE session_ratings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE step_ratings NO FORCE ROW LEVEL SECURITY;
DO $$
DECLARE
    q text;
BEGIN
    FOR q IN
        SELECT analytics_sessions_sql('SELECT s.*, 1 AS sign FROM sessions s')
        UNION ALL
        SELECT analytics_session_ratings_sql('SELECT r.*, 1 AS sign FROM session_ratings r')
        UNION ALL
        SELECT analytics_step_ratings_sql('SELECT sr.*, 1 AS sign FROM step_ratings sr')
    LOOP
        EXECUTE q;
    END LOOP;
END
$$;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE session_ratings FORCE ROW LEVEL SECURITY;
ALTER TABLE step_ratings FORCE ROW LEVEL SECURITY;

-- The service reads the rollups; its writes keep them through the triggers,
-- which run as the service's role.
GRANT SELECT, INSERT, UPDATE ON analytics_days, analytics_user_days, analytics_tree_days, analytics_user_tree_days,
    analytics_duration_days, analytics_user_duration_days, analytics_tree_duration_days,
    analytics_step_days TO tenantcheck_app;

-- The same wall as every tenant table (003, 004).
ALTER TABLE analytics_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_days_tenant ON analytics_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_user_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_user_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_user_days_tenant ON analytics_user_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_tree_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_tree_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_tree_days_tenant ON analytics_tree_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_user_tree_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_user_tree_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_user_tree_days_tenant ON analytics_user_tree_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_duration_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_duration_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_duration_days_tenant ON analytics_duration_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_user_duration_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_user_duration_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_user_duration_days_tenant ON analytics_user_duration_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_tree_duration_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_tree_duration_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_tree_duration_days_tenant ON analytics_tree_duration_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
ALTER TABLE analytics_step_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_step_days FORCE ROW LEVEL SECURITY;
CREATE POLICY analytics_step_days_tenant ON analytics_step_days
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
