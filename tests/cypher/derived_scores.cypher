// Test only: derived scores as an analysis job writes them, for `a` about `b` on a topic:
// (a)-[:INFLUENCES]->(b), (a)-[:INFLUENCE_ON]->(topic), (a)-[:MEMBER_OF]->(community), all of
// the generation $jobId (its INFLUENCES edge numbered $generation), which becomes the topic's
// current one. Parameters: $a, $b (person ids), $topic, $community (ids), $jobId, $generation.
// Returns: a.
MATCH (a:Person {id: $a}), (b:Person {id: $b}), (t:Topic {id: $topic})
SET t.resultJobId = $jobId, t.resultGeneration = $generation
MERGE (c:Community {id: $community, jobId: $jobId})
SET c.topic = $topic, c.algorithm = 'louvain', c.size = 2
CREATE (a)-[:INFLUENCES {weight: 1.0, interactions: 1.0, generation: toFloat($generation)}]->(b)
CREATE (a)-[:INFLUENCE_ON {score: 0.5, rank: 1, topic: $topic, jobId: $jobId}]->(t)
MERGE (a)-[:MEMBER_OF]->(c)
RETURN a.id AS a
