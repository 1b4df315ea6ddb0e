// A page of a topic's influencers (its current results), best first by one score property,
// after a keyset cursor.
// Parameters: $topic; $orderBy (an INFLUENCE_ON property: score, authority, reach, resonance,
// relevance or betweenness; the service allows only these); $role, $kind, $language (string or
// null); $minPercentiles (map component -> minimum percentile, may be empty); $afterValue,
// $afterId (null for the first page); $limit (page size + 1).
// Returns: one row, rows: a list of {person (id), value (the ordering value), scores (the
// edge's summary, as influence/page_by_rank reads it), profile (the person's properties, as
// person/by_ids reads them)}.
MATCH (t:Topic {id: $topic})
MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
  AND ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
WITH p, r, coalesce(r[$orderBy], 0.0) AS value
WHERE $afterId IS NULL OR value < $afterValue OR (value = $afterValue AND p.id > $afterId)
WITH p, r, value
ORDER BY value DESC, p.id
LIMIT $limit
RETURN collect({
  person: p.id, value: value, scores: r {.topic, .score, .rank, .role, .roles, .community, .jobId, computedAt: toString(r.computedAt)},
  profile: p {.id, .name, .handle, .kind, .language, .country, .followers}
}) AS rows
