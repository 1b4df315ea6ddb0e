// The campaigns whose results a load can have changed: those of the given brands (whose
// representatives or campaign posts it touched) or on one of the given topics (share of
// voice), whose window or the equal baseline window just before it overlaps the load's
// interactions' times [$first, $last].
// Parameters: $brands, $topics (ids), $first, $last (ISO-8601). Returns: id, brand.
MATCH (c:Campaign)-[:OF_BRAND]->(b:Brand)
WHERE (b.id IN $brands OR any(t IN c.topics WHERE t IN $topics))
  AND c.until >= datetime($first)
  AND c.since - duration.between(c.since, c.until) <= datetime($last)
RETURN c.id AS id, b.id AS brand
ORDER BY id
