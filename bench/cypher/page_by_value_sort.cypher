// The baseline of bench/rankings: a page of a topic's influencers ordered by a component the
// way the service read it before scores stored a rank per component (a sort of the whole
// topic by the value, ties by person id). Parameters: $topic, $orderBy, $limit.
// Returns: one row: rows (the page's [value, id] pairs).
MATCH (t:Topic {id: $topic})
MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
WITH p, r, coalesce(r[$orderBy], 0.0) AS value
ORDER BY value DESC, p.id
LIMIT $limit
RETURN collect([value, p.id]) AS rows
