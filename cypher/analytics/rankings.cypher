// A topic's ranking, best first: people with their INFLUENCE_ON scores, optionally one role.
// Parameters: $topic, $role (or null), $afterRank (0 for the first page), $first.
// Returns: person (id), scores (the INFLUENCE_ON properties, computedAt as an ISO-8601 string).
MATCH (p:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE r.rank > $afterRank AND ($role IS NULL OR r.role = $role)
RETURN p.id AS person, r {.*, computedAt: toString(r.computedAt)} AS scores
ORDER BY r.rank
LIMIT $first
