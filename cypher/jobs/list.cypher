// Jobs, newest first, optionally of one topic and/or one status.
// Parameters: $topic, $status (or null), $limit. Returns: job (a map of its properties).
MATCH (j:Job)
WHERE ($topic IS NULL OR j.topic = $topic) AND ($status IS NULL OR j.status = $status)
RETURN j {.*} AS job
ORDER BY j.createdAt DESC, j.id DESC
LIMIT $limit
