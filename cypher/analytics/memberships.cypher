// Who belongs to which community of a topic's latest analysis, for one algorithm.
// Parameters: $topic, $algorithm. Returns: person, community (id), size.
MATCH (p:Person)-[:MEMBER_OF]->(c:Community {topic: $topic, algorithm: $algorithm})
RETURN p.id AS person, c.id AS community, c.size AS size
ORDER BY community, person
