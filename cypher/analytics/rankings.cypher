// A topic's ranking, best first: people with their INFLUENCE_ON scores of the topic's current
// generation (Topic.resultJobId), optionally one role. The index on INFLUENCE_ON(topic, jobId,
// rank) serves the seek and the order, so a page reads only its own rows.
// Parameters: $topic, $role (or null), $afterRank (0 for the first page), $first.
// Returns: person (id), scores (the INFLUENCE_ON properties, computedAt as an ISO-8601 string).
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank > $afterRank
    AND ($role IS NULL OR r.role = $role)
  RETURN p, r
  ORDER BY r.topic, r.jobId, r.rank
  LIMIT $first
}
RETURN p.id AS person, r {.*, computedAt: toString(r.computedAt)} AS scores
ORDER BY r.rank
