// A page of campaigns ordered by id, after a keyset cursor, optionally of one brand and in
// one status (from the dates against $now: planned before since, running until until, ended
// after). Parameters: $brand (id or null), $status ('planned', 'running', 'ended' or null),
// $now (ISO-8601), $afterId (null for the first page), $limit (page size + 1).
// Returns: one row, rows: a list of campaign ids.
MATCH (c:Campaign)-[:OF_BRAND]->(b:Brand)
WHERE ($brand IS NULL OR b.id = $brand)
  AND ($afterId IS NULL OR c.id > $afterId)
WITH c,
     CASE WHEN datetime($now) < c.since THEN 'planned'
          WHEN datetime($now) < c.until THEN 'running'
          ELSE 'ended' END AS status
WHERE $status IS NULL OR status = $status
WITH c ORDER BY c.id
LIMIT $limit
RETURN collect(c.id) AS rows
