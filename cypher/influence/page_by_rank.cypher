// A page of a topic's influencers in rank order (best first), after a rank, from the topic's
// current results (Topic.resultJobId). The index on INFLUENCE_ON(topic, jobId, rank) serves
// both the seek and the order: the subquery sorts by the index's own keys, so it reads the
// current generation's rows in rank order and stops after $limit matches (no sort of the
// whole topic). Parameters: $topic; $role, $kind, $language (string or null);
// $minPercentiles (map, may be empty); $afterRank (0 for the first page); $limit (page
// size + 1).
// Returns: one row: rows, a list of [value, score, rank, role, roles, community, id, name,
// handle, kind, language, country, followers] (the ordering value, the INFLUENCE_ON edge's
// summary, then the person's properties as person/by_ids reads them); and jobId and
// computedAt (an ISO-8601 string), the same for every row of a page (one generation), so
// they travel once. Positional rows decode several times faster in the driver than maps,
// whose keys are strings decoded anew for every row (measured, README "Benchmark: API").
// The summary names its properties: `r {.*}` reads all ~30 of every edge and took half
// the server time of a page (measured, README "Benchmark: API"); the components of a page
// come from influence/scores_by_job, only when asked for.
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank > $afterRank
    AND ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
    AND ($kind IS NULL OR p.kind = $kind)
    AND ($language IS NULL OR p.language = $language)
    AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
  RETURN p, r
  ORDER BY r.topic, r.jobId, r.rank
  LIMIT $limit
}
WITH p, r, r.score AS value
ORDER BY r.rank
WITH collect([value, r.score, r.rank, r.role, r.roles, r.community,
                p.id, p.name, p.handle, p.kind, p.language, p.country, p.followers]) AS rows,
     collect(r.jobId)[0] AS jobId, collect(r.computedAt)[0] AS computedAt
RETURN rows, jobId, toString(computedAt) AS computedAt
