-- Indexes for the analytics queries. Each analytics query filters sessions by
-- account and period, optionally by engineer or tree; the INCLUDE columns
-- let the summaries run as index-only scans.

-- Team analytics: summary, time series, top flows, top engineers.
CREATE INDEX sessions_account_started_idx ON sessions (account_id, started_at)
    INCLUDE (user_id, tree_id, completed_at, outcome);

-- An engineer's own analytics (and the team filter engineer_id=).
CREATE INDEX sessions_account_user_started_idx ON sessions (account_id, user_id, started_at)
    INCLUDE (tree_id, completed_at, outcome);

-- Flow analytics.
CREATE INDEX sessions_account_tree_started_idx ON sessions (account_id, tree_id, started_at);

-- Flow analytics: average CSAT and latest comments of a tree.
CREATE INDEX session_ratings_account_tree_created_idx ON session_ratings (account_id, tree_id, created_at DESC);

-- Flow analytics: thumbs up/down of the steps of a tree's sessions.
CREATE INDEX step_ratings_account_session_idx ON step_ratings (account_id, session_id);

-- Foreign keys without a leading index elsewhere (cascading deletes).
CREATE INDEX api_tokens_account_user_idx ON api_tokens (account_id, user_id);
CREATE INDEX trees_account_category_idx ON trees (account_id, category_id);
CREATE INDEX session_ratings_account_user_idx ON session_ratings (account_id, user_id);
CREATE INDEX step_ratings_account_user_idx ON step_ratings (account_id, user_id);
CREATE INDEX step_ratings_account_step_idx ON step_ratings (account_id, step_id);
