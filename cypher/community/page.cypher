// A topic's communities (its current results), largest first, after a keyset cursor; by
// default those of the algorithm that names each person's community (the first one of the
// analysis), found from one score's `community` instead of checking every community's members.
// Parameters: $topic, $algorithm (or null: the one on the INFLUENCE_ON scores), $afterSize,
// $afterId (null for the first page), $limit.
// Returns: one row, rows: a list of {id, algorithm, number, size, jobId, computedAt (an
// ISO-8601 string)}.
MATCH (t:Topic {id: $topic})
CALL (t) {
  OPTIONAL MATCH (:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank >= 1
    AND r.community IS NOT NULL
  WITH r LIMIT 1
  OPTIONAL MATCH (named:Community {id: r.community, jobId: r.jobId})
  RETURN coalesce($algorithm, named.algorithm) AS algorithm
}
MATCH (c:Community)
WHERE c.topic = $topic AND c.jobId = t.resultJobId AND c.algorithm = algorithm
  AND ($afterId IS NULL OR c.size < $afterSize OR (c.size = $afterSize AND c.id > $afterId))
WITH c
ORDER BY c.size DESC, c.id
LIMIT $limit
RETURN collect(c {.id, .algorithm, .number, .size, .jobId, computedAt: toString(c.computedAt)})
  AS rows
