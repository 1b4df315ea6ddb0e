// A page of a brand's alerts, newest first (startedAt descending, then id). Keyset: after
// ($afterAt, $afterId).
// Parameters: $brand, $status (or null: any), $afterAt (ISO-8601 or null), $afterId, $limit.
// Returns: id, startedAt (ISO-8601).
MATCH (a:Alert {brand: $brand})
WHERE ($status IS NULL OR a.status = $status)
  AND ($afterId IS NULL OR a.startedAt < datetime($afterAt)
       OR (a.startedAt = datetime($afterAt) AND a.id > $afterId))
RETURN a.id AS id, toString(a.startedAt) AS startedAt
ORDER BY a.startedAt DESC, a.id
LIMIT $limit
