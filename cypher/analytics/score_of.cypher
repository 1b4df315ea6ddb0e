// One person's scores on a topic. Parameters: $topic, $person.
// Returns: person (id), scores (the INFLUENCE_ON properties, computedAt as an ISO-8601
// string), or no row.
MATCH (p:Person {id: $person})-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
RETURN p.id AS person, r {.*, computedAt: toString(r.computedAt)} AS scores
