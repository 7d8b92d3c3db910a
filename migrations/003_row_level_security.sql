-- Row-level security as defense in depth: even a query that forgets its
-- tenant predicate sees only the rows of the tenant whose ids the service
-- put in app.account_id and app.user_id for the current transaction
-- (set_config(..., true)).
--
-- The service runs as tenantcheck_app (or a login role that is a member of
-- it): not the tables' owner, never a superuser or BYPASSRLS role, all of
-- which skip these policies. nullif(..., '') makes an unset or reset
-- setting match no row instead of failing the uuid cast.

-- An owner without CREATEROLE can migrate once an administrator has created
-- the role: CREATE ROLE runs only when it is missing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenantcheck_app') THEN
        CREATE ROLE tenantcheck_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
EXCEPTION
    -- Roles belong to the cluster: another database (a test template) may
    -- have created it, possibly at the same moment.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO tenantcheck_app;
GRANT SELECT ON accounts, users, api_tokens, categories, step_library, trees,
    sessions, session_ratings, step_ratings TO tenantcheck_app;
GRANT INSERT ON session_ratings, step_ratings TO tenantcheck_app;
GRANT UPDATE (was_helpful, updated_at) ON step_ratings TO tenantcheck_app;
GRANT UPDATE (helpful_yes, helpful_no) ON step_library TO tenantcheck_app;

ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_tenant ON accounts
    USING (id = nullif(current_setting('app.account_id', true), '')::uuid);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);

-- The bearer-token look-up runs before the tenant is known, so any row may
-- be read (it holds only hashes); writes stay confined to the tenant.
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
-- tenantcheck:cross-tenant the bearer-token look-up reads by an unguessable hash before the tenant is known
CREATE POLICY api_tokens_lookup ON api_tokens FOR SELECT
    USING (true);
CREATE POLICY api_tokens_tenant ON api_tokens
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid
           AND user_id = nullif(current_setting('app.user_id', true), '')::uuid);

ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
CREATE POLICY categories_tenant ON categories
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);

ALTER TABLE step_library ENABLE ROW LEVEL SECURITY;
CREATE POLICY step_library_tenant ON step_library
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);

ALTER TABLE trees ENABLE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);

-- Sessions and ratings are read account-wide (team and flow analytics) but
-- written only by the user they belong to: the restrictive policies add
-- the user to the account for INSERT and UPDATE.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY sessions_tenant ON sessions
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
CREATE POLICY sessions_own_insert ON sessions AS RESTRICTIVE FOR INSERT
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY sessions_own_update ON sessions AS RESTRICTIVE FOR UPDATE
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

ALTER TABLE session_ratings ENABLE ROW LEVEL SECURITY;
CREATE POLICY session_ratings_tenant ON session_ratings
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
CREATE POLICY session_ratings_own_insert ON session_ratings AS RESTRICTIVE FOR INSERT
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY session_ratings_own_update ON session_ratings AS RESTRICTIVE FOR UPDATE
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);

ALTER TABLE step_ratings ENABLE ROW LEVEL SECURITY;
CREATE POLICY step_ratings_tenant ON step_ratings
    USING (account_id = nullif(current_setting('app.account_id', true), '')::uuid);
CREATE POLICY step_ratings_own_insert ON step_ratings AS RESTRICTIVE FOR INSERT
    WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY step_ratings_own_update ON step_ratings AS RESTRICTIVE FOR UPDATE
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
