// The people behind each of several persons' influence on a topic (its current results), for
// a whole page at once: explain_people for every id of $persons. Parameters: $topic,
// $persons (list of ids), $limit (per person).
// Returns: explained (the person), person, name, weight, interactions, contribution, lastAt
// (ISO-8601 string); per explained person, strongest first.
MATCH (t:Topic {id: $topic})
UNWIND $persons AS explained
CALL {
  WITH t, explained
  MATCH (p:Person {id: explained})-[edge:INFLUENCES {topic: $topic}]->(engager:Person)
  WHERE edge.jobId = t.resultJobId
  OPTIONAL MATCH (engager)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
  WHERE s.jobId = t.resultJobId
  WITH engager, edge,
       CASE WHEN s.outDegree > 0 THEN 0.85 * s.authority * edge.weight / s.outDegree END
         AS contribution
  RETURN engager.id AS person, engager.name AS name, edge.weight AS weight,
         edge.interactions AS interactions, contribution, toString(edge.lastAt) AS lastAt
  ORDER BY coalesce(contribution, 0.0) DESC, weight DESC, person
  LIMIT $limit
}
RETURN explained, person, name, weight, interactions, contribution, lastAt
