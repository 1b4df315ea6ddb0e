// Communities by id, for batched loading. Parameters: $ids.
// Returns: id, algorithm, number, size, topic, jobId, computedAt.
UNWIND $ids AS id
MATCH (c:Community {id: id})
RETURN c.id AS id, c.algorithm AS algorithm, c.number AS number, c.size AS size,
       c.topic AS topic, c.jobId AS jobId, c.computedAt AS computedAt
