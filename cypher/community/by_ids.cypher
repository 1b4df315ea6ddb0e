// Communities by id, from their topics' current results, for batched loading.
// Parameters: $ids. Returns: id, algorithm, number, size, topic, jobId, computedAt.
UNWIND $ids AS id
MATCH (c:Community)
WHERE c.id = id AND c.jobId IS NOT NULL
MATCH (t:Topic {id: c.topic})
WHERE t.resultJobId = c.jobId
RETURN c.id AS id, c.algorithm AS algorithm, c.number AS number, c.size AS size,
       c.topic AS topic, c.jobId AS jobId, c.computedAt AS computedAt
