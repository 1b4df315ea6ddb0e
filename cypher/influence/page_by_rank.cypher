// A page of a topic's influencers in rank order (best first), after a rank, from the topic's
// current results (Topic.resultJobId). The index on INFLUENCE_ON(topic, jobId, rank) serves
// both the seek and the order: the subquery sorts by the index's own keys, so it reads the
// current generation's rows in rank order and stops after $limit matches (no sort of the
// whole topic). Parameters: $topic; $role, $kind, $language (string or null);
// $minPercentiles (map, may be empty); $afterRank (0 for the first page); $limit (page
// size + 1).
// Returns: one row, rows: a list of {person (id), value (the score), scores (the edge's
// summary: topic, score, rank, role, roles, community, jobId, and computedAt as an ISO-8601
// string, cheaper to decode than a temporal value), profile (the person's properties, as
// person/by_ids reads them)}; one list decodes far faster in the driver than one record per
// row. The summary names its properties: `r {.*}` reads all ~30 of every edge and took half
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
WITH p, r
ORDER BY r.rank
RETURN collect({
  person: p.id, value: r.score, scores: r {.topic, .score, .rank, .role, .roles, .community, .jobId, computedAt: toString(r.computedAt)},
  profile: p {.id, .name, .handle, .kind, .language, .country, .followers}
}) AS rows
