// Scores of (person, topic) pairs from each topic's current results, for batched loading.
// Parameters: $keys, a list of {person, topic}. Returns: one row, rows: a list of {person,
// topic, scores (its properties; computedAt as an ISO-8601 string, cheaper to decode than a
// temporal value)}.
UNWIND $keys AS k
MATCH (t:Topic {id: k.topic})
MATCH (:Person {id: k.person})-[r:INFLUENCE_ON {topic: k.topic}]->(:Topic)
WHERE r.jobId = t.resultJobId
RETURN collect({
  person: k.person, topic: k.topic, scores: r {.*, computedAt: toString(r.computedAt)}
}) AS rows
