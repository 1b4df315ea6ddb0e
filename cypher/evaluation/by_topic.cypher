// A topic's back-tests, newest first. Parameters: $topic, $limit.
// Returns: evaluation (its properties), one row each.
MATCH (e:Evaluation)
WHERE e.topic = $topic AND e.finishedAt IS NOT NULL
RETURN e {.*} AS evaluation
ORDER BY e.finishedAt DESC, e.id
LIMIT $limit
