// The people behind a person's influence on a topic (its current results): those they
// influence (who engaged with them), with the share of authority each passes on: 0.85 *
// authority(engager) * weight / outDegree(engager), PageRank's own flow along the edge.
// Parameters: $topic, $person, $limit.
// Returns: person, name, weight, interactions, contribution, lastAt (ISO-8601
// string); strongest first.
MATCH (t:Topic {id: $topic})
MATCH (p:Person {id: $person})-[edge:INFLUENCES]->(engager:Person)
WHERE edge.generation = t.resultGeneration
OPTIONAL MATCH (engager)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE s.jobId = t.resultJobId
WITH engager, edge,
     CASE WHEN s.outDegree > 0 THEN 0.85 * s.authority * edge.weight / s.outDegree END AS contribution
RETURN engager.id AS person, engager.name AS name, edge.weight AS weight,
       toInteger(edge.interactions) AS interactions, contribution,
       toString(datetime({epochMillis: toInteger(edge.lastAt)})) AS lastAt
ORDER BY coalesce(contribution, 0.0) DESC, weight DESC, person
LIMIT $limit
