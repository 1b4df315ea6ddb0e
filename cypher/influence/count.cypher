// How many influencers of a topic match the filters of influence/page (no rows returned).
// Parameters: $topic, $role, $kind, $language, $minPercentiles. Returns: total.
MATCH (p:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE ($role IS NULL OR r.role = $role OR $role IN coalesce(r.roles, []))
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND all(k IN keys($minPercentiles) WHERE coalesce(r[k + 'Pct'], 0) >= $minPercentiles[k])
RETURN count(r) AS total
