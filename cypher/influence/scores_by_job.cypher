// Scores of (person, topic) pairs from one given result generation each: the components of
// the rows of a ranking page, which reads only their summary (influence/page_by_rank), from
// the same job as the page, even if a newer analysis has been switched in since.
// Parameters: $keys, a list of {person, topic, jobId}. Returns: one row, rows: a list of
// {person, topic, jobId, scores (every property of the edge; computedAt as an ISO-8601
// string)}; a key whose generation is gone (deleted after a newer one) has no row.
UNWIND $keys AS k
MATCH (:Person {id: k.person})-[r:INFLUENCE_ON {topic: k.topic}]->(:Topic)
WHERE r.jobId = k.jobId
RETURN collect({
  person: k.person, topic: k.topic, jobId: k.jobId,
  scores: r {.*, computedAt: toString(r.computedAt)}
}) AS rows
