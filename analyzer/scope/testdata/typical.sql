WITH recent AS (
	SELECT s.id, s.tree_id, s.outcome, s.started_at, s.completed_at
	FROM sessions s
	JOIN users u ON u.id = s.user_id
	WHERE u.account_id = $1 AND s.user_id = $2 AND s.started_at >= $3
)
SELECT t.id, t.name, count(*) AS sessions,
       count(*) FILTER (WHERE r.completed_at IS NOT NULL) AS completed,
       (SELECT avg(sr.rating) FROM session_ratings sr WHERE sr.tree_id = t.id AND sr.account_id = $1) AS csat
FROM recent r
JOIN trees t ON t.id = r.tree_id
WHERE t.account_id = $1
  AND EXISTS (SELECT 1 FROM nodes n WHERE n.tree_id = t.id)
GROUP BY t.id, t.name
ORDER BY sessions DESC
LIMIT 10
