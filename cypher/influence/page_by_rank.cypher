// A page of a topic's influencers in rank order (best first), after a rank. The index on
// INFLUENCE_ON(topic, rank) serves both the seek and the order; ORDER BY names both index
// properties on purpose: with `ORDER BY r.rank` alone the planner reads every score of the
// topic and sorts them, with (topic, rank) it reads the index in order and stops at $limit.
// Parameters: $topic; $role, $kind, $language (string or null); $minPercentiles (map, may be
// empty); $afterRank (0 for the first page); $limit (page size + 1).
// Returns: one row, rows: a list of {person (id), value (the score), scores (the INFLUENCE_ON
// properties, computedAt as an ISO-8601 string: cheaper to decode than a temporal value)};
// one list decodes far faster in the driver than one record per row.
MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
WHERE r.topic = $topic AND r.rank > $afterRank
  AND ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
WITH p, r
ORDER BY r.topic, r.rank
LIMIT $limit
RETURN collect({
  person: p.id, value: r.score, scores: r {.*, computedAt: toString(r.computedAt)}
}) AS rows
