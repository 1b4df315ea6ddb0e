// Who belongs to which community of a topic's current results, for one algorithm.
// Parameters: $topic, $algorithm. Returns: person, community (id), size.
MATCH (t:Topic {id: $topic})
MATCH (c:Community)
WHERE c.topic = $topic AND c.jobId = t.resultJobId AND c.algorithm = $algorithm
MATCH (p:Person)-[:MEMBER_OF]->(c)
RETURN p.id AS person, c.id AS community, c.size AS size
ORDER BY community, person
