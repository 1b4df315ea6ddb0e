// Communities by id, from their topics' current results, for batched loading.
// Parameters: $ids. Returns: one row, rows: a list of {id, algorithm, number, size, topic,
// jobId, computedAt}.
UNWIND $ids AS id
MATCH (c:Community)
WHERE c.id = id AND c.jobId IS NOT NULL
MATCH (t:Topic {id: c.topic})
WHERE t.resultJobId = c.jobId
RETURN collect(c {
  .id, .algorithm, .number, .size, .topic, .jobId, computedAt: toString(c.computedAt)
}) AS rows
