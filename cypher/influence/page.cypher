// A page of a topic's influencers (its current results), best first by one score property,
// after a keyset cursor.
// Parameters: $topic; $orderBy (an INFLUENCE_ON property: score, authority, reach, resonance,
// relevance, betweenness, recency, momentum or engagers; the service allows only these); $role,
// $kind, $language (string or null); $minPercentiles (map component -> minimum percentile, may
// be empty); $afterValue, $afterId (null for the first page); $limit (page size + 1).
// Returns: one row: rows, a list of [value, score, rank, role, roles, community, id, name,
// handle, kind, language, country, followers] (the ordering value, the INFLUENCE_ON edge's
// summary, then the person's properties as person/by_ids reads them); and jobId and
// computedAt (an ISO-8601 string), the same for every row of a page (one generation), so
// they travel once. Positional rows decode several times faster in the driver than maps,
// whose keys are strings decoded anew for every row (measured, README "Benchmark: API").
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
WITH collect([value, r.score, r.rank, r.role, r.roles, r.community,
                p.id, p.name, p.handle, p.kind, p.language, p.country, p.followers]) AS rows,
     collect(r.jobId)[0] AS jobId, collect(r.computedAt)[0] AS computedAt
RETURN rows, jobId, toString(computedAt) AS computedAt
