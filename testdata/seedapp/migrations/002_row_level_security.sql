-- Row-level security added after the fact, table by table. Each tenant
-- table is enabled and forced, and gets a policy on its tenant key from
-- app.account_id or app.user_id, which the seed sets per transaction.
--
-- The seed's defect: ai_sessions, the newest table, was enabled and forced
-- like the others, but its policy was forgotten, so the application role
-- reads none of its rows and the only way the AI history works is a
-- connection that bypasses row-level security altogether.

ALTER TABLE users ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users
    USING (account_id = current_setting('app.account_id', true)::uuid);

ALTER TABLE trees ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees
    USING (account_id = current_setting('app.account_id', true)::uuid);

-- sessions has no account_id: a session belongs to the account of its tree.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_tenant ON sessions
    USING (EXISTS (SELECT 1 FROM trees t
                   WHERE t.id = tree_id
                     AND t.account_id = current_setting('app.account_id', true)::uuid));

ALTER TABLE session_ratings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY session_ratings_tenant ON session_ratings
    USING (account_id = current_setting('app.account_id', true)::uuid);

ALTER TABLE step_library ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY step_library_tenant ON step_library
    USING (account_id = current_setting('app.account_id', true)::uuid);

ALTER TABLE step_ratings ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY step_ratings_own ON step_ratings
    USING (user_id = current_setting('app.user_id', true)::uuid);

ALTER TABLE ai_sessions ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
