// One person's scores on a topic (its current generation). Parameters: $topic, $person.
// Returns: person (id), scores (the INFLUENCE_ON properties, computedAt as an ISO-8601
// string), or no row.
MATCH (t:Topic {id: $topic})
MATCH (p:Person {id: $person})-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE r.jobId = t.resultJobId
RETURN p.id AS person, r {.*, computedAt: toString(r.computedAt)} AS scores
