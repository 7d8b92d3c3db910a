-- Step feedback must be about a step of the session's tree. The tree's
-- steps live in trees.structure (jsonb), which no foreign key can reach,
-- so triggers hold the rule in the database whoever writes: the service,
-- a script, psql as the owner. They check after each statement, over the
-- statement's transition table, so a COPY of thousands of rows is one
-- set-based check rather than one query per row.
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

-- step_in_session_tree reports whether step is a node of the tree of the
-- session (account_id, session_id).
CREATE FUNCTION step_in_session_tree(account uuid, session uuid, step uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM sessions s
        JOIN trees t ON t.account_id = s.account_id AND t.id = s.tree_id
        WHERE s.account_id = account AND s.id = session
          AND jsonb_path_exists(t.structure, 'lax $.**.id ? (@ == $step)', jsonb_build_object('step', step::text)))
$$;

CREATE FUNCTION step_ratings_step_in_tree() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'step_ratings' THEN
        SELECT r.step_id, r.session_id INTO bad FROM changed r
        WHERE NOT step_in_session_tree(r.account_id, r.session_id, r.step_id) LIMIT 1;
    ELSIF TG_TABLE_NAME = 'sessions' THEN
        SELECT r.step_id, r.session_id INTO bad FROM changed s
        JOIN step_ratings r ON r.account_id = s.account_id AND r.session_id = s.id
        WHERE NOT step_in_session_tree(r.account_id, r.session_id, r.step_id) LIMIT 1;
    ELSE
        SELECT r.step_id, r.session_id INTO bad FROM changed t
        JOIN sessions s ON s.account_id = t.account_id AND s.tree_id = t.id
        JOIN step_ratings r ON r.account_id = s.account_id AND r.session_id = s.id
        WHERE NOT step_in_session_tree(r.account_id, r.session_id, r.step_id) LIMIT 1;
    END IF;
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
