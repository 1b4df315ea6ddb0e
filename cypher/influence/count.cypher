// How many influencers of a topic (its current results) match the filters of influence/page
// (no rows returned). Parameters: $topic, $role, $kind, $language, $minPercentiles.
// Returns: total.
OPTIONAL MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
    AND ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
    AND ($kind IS NULL OR p.kind = $kind)
    AND ($language IS NULL OR p.language = $language)
    AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
  RETURN count(r) AS total
}
RETURN total
