-- The rollups of 006 follow every INSERT, UPDATE and DELETE, but two
-- writes would leave them wrong without a word, so both are refused here
-- in the database, whoever writes (the service does neither):
--
-- - TRUNCATE of sessions, session_ratings or step_ratings fires no row or
--   statement trigger of 006, and the rollups would keep counting the rows
--   it removed. DELETE, which the triggers follow, is the way to empty them.
-- - Moving a session that has a rating or step feedback to another start,
--   engineer, tree or account: the rollups place a rating by its session's
--   start and its own user and tree, and step feedback by its session's
--   tree, so the session's counts would move and its ratings' would stay.
--   A session without either moves freely, and exactly.
--
-- Like the triggers of 005 and 006 the check runs as the writing role,
-- under its row-level security: a role bound by the policies can only move
-- sessions of the tenant in app.account_id, whose ratings it can see.

-- analytics_truncate_refused refuses a TRUNCATE of a table the rollups
-- summarise.
CREATE FUNCTION analytics_truncate_refused() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE % would leave the analytics rollups counting the rows it removes', TG_TABLE_NAME
        USING ERRCODE = 'feature_not_supported',
              HINT = 'DELETE the rows instead: the rollup triggers follow deletions';
END
$$;

CREATE TRIGGER analytics_sessions_truncate BEFORE TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate_refused();
CREATE TRIGGER analytics_session_ratings_truncate BEFORE TRUNCATE ON session_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate_refused();
CREATE TRIGGER analytics_step_ratings_truncate BEFORE TRUNCATE ON step_ratings
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_truncate_refused();

-- analytics_rated_session_moving refuses to move a session that has a
-- rating or step feedback (the trigger's WHEN clause lets only moves in).
CREATE FUNCTION analytics_rated_session_moving() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM session_ratings r WHERE r.account_id = OLD.account_id AND r.session_id = OLD.id)
       OR EXISTS (SELECT 1 FROM step_ratings sr WHERE sr.account_id = OLD.account_id AND sr.session_id = OLD.id) THEN
        RAISE EXCEPTION 'session % has a rating or step feedback: its start, user, tree and account cannot change', OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'the analytics rollups place ratings by their session; delete the ratings first';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER analytics_rated_session_moving BEFORE UPDATE OF started_at, user_id, tree_id, account_id ON sessions
    FOR EACH ROW
    WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.user_id IS DISTINCT FROM NEW.user_id
          OR OLD.tree_id IS DISTINCT FROM NEW.tree_id OR OLD.account_id IS DISTINCT FROM NEW.account_id)
    EXECUTE FUNCTION analytics_rated_session_moving();
