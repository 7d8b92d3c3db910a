-- Row-level security as a second wall that even the tables' owner cannot
-- walk through: ENABLE (003) binds every role but the owner, superusers
-- and BYPASSRLS roles; FORCE binds the owner too. A service that logs in
-- as the owner by mistake, or a session that runs RESET ROLE after the
-- service's SET ROLE, then sees what tenantcheck_app sees: only the rows
-- of the tenant in app.account_id and app.user_id.
--
-- Foreign keys and unique constraints are still checked across every row
-- (PostgreSQL runs those checks without row-level security), so the
-- composite keys of 001 keep working. Superusers still skip the policies:
-- the service must never log in as one (docs/service.md, "Two walls").
--
-- tenantcheck_app needs no new grant: it never owned the tables, and 003
-- gave it the privileges it uses.

ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE categories FORCE ROW LEVEL SECURITY;
ALTER TABLE step_library FORCE ROW LEVEL SECURITY;
ALTER TABLE trees FORCE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE session_ratings FORCE ROW LEVEL SECURITY;
ALTER TABLE step_ratings FORCE ROW LEVEL SECURITY;
