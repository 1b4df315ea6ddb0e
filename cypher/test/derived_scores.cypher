// Test only: derived scores as an analysis job writes them, for `a` about `b` on a topic:
// (a)-[:INFLUENCES]->(b), (a)-[:INFLUENCE_ON]->(topic), (a)-[:MEMBER_OF]->(community).
// Parameters: $a, $b (person ids), $topic, $community (ids). Returns: a.
MATCH (a:Person {id: $a}), (b:Person {id: $b}), (t:Topic {id: $topic})
MERGE (c:Community {id: $community})
SET c.topic = $topic, c.algorithm = 'louvain', c.size = 2
CREATE (a)-[:INFLUENCES {topic: $topic, weight: 1.0, interactions: 1}]->(b)
CREATE (a)-[:INFLUENCE_ON {score: 0.5, rank: 1, topic: $topic}]->(t)
MERGE (a)-[:MEMBER_OF]->(c)
RETURN a.id AS a
