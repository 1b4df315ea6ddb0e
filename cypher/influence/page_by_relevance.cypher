// A page of a topic's influencers ordered by relevance (highest first, ties by person id), after
// a position in that order, from the topic's current results (Topic.resultJobId). Every
// score stores its rank by relevance (relevanceRank, written by the analysis; older results get it from
// the data migration constraints/056): the index on INFLUENCE_ON(topic, jobId, relevanceRank)
// serves both the seek and the order, so the page reads the current generation's rows in
// that order and stops after $limit matches, like influence/page_by_rank (no sort of the
// whole topic). One file per component, the same but for the property: an index is only
// used for a property named in the query. Parameters: $topic; $role, $kind, $language (string
// or null); $minPercentiles (map, may be empty); $afterRank (0 for the first page); $limit
// (page size + 1).
// Returns: one row: rows, a list of [value, score, rank, role, roles, community, id, name,
// handle, kind, language, country, followers, relevanceRank] (the relevance value, the INFLUENCE_ON
// edge's summary, the person's properties as person/by_ids reads them, then the position
// for the cursor); and jobId and computedAt (an ISO-8601 string), the same for every row of
// a page (one generation), so they travel once.
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.relevanceRank > $afterRank
    AND ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
    AND ($kind IS NULL OR p.kind = $kind)
    AND ($language IS NULL OR p.language = $language)
    AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
  RETURN p, r
  ORDER BY r.topic, r.jobId, r.relevanceRank
  LIMIT $limit
}
WITH p, r, coalesce(r.relevance, 0.0) AS value
ORDER BY r.relevanceRank
WITH collect([value, r.score, r.rank, r.role, r.roles, r.community,
                p.id, p.name, p.handle, p.kind, p.language, p.country, p.followers,
                r.relevanceRank]) AS rows,
     collect(r.jobId)[0] AS jobId, collect(r.computedAt)[0] AS computedAt
RETURN rows, jobId, toString(computedAt) AS computedAt
