// Communities by id, for batched loading. Parameters: $ids.
// Returns: one row, rows: a list of {id, algorithm, number, size, topic, jobId, computedAt}.
UNWIND $ids AS id
MATCH (c:Community {id: id})
RETURN collect(c {.id, .algorithm, .number, .size, .topic, .jobId, .computedAt}) AS rows
