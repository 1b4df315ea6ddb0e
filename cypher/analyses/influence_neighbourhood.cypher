// A person's influence neighbourhood on a topic (its current results): who influences them (people they engaged
// with) and whom they influence (people who engaged with them), strongest edges first.
// In cypher-shell:
//   :param person => 'demo-p02045'
//   :param topic => 'climate'
//   :param limit => 15
// Parameters: $person, $topic, $limit. Returns: direction ('influenced by' or 'influences'),
// other, name, weight, interactions, lastAt, otherRank, otherRole.
MATCH (t:Topic {id: $topic})
MATCH (me:Person {id: $person})
CALL (me, t) {
  MATCH (other:Person)-[edge:INFLUENCES]->(me)
  WHERE edge.generation = t.resultGeneration
  RETURN 'influenced by' AS direction, other AS other, edge AS edge
  ORDER BY edge.weight DESC LIMIT $limit
  UNION ALL
  MATCH (me)-[edge:INFLUENCES]->(other:Person)
  WHERE edge.generation = t.resultGeneration
  RETURN 'influences' AS direction, other AS other, edge AS edge
  ORDER BY edge.weight DESC LIMIT $limit
}
OPTIONAL MATCH (other)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
WHERE s.jobId = t.resultJobId
RETURN direction, other.id AS other, other.name AS name, round(edge.weight, 3) AS weight,
       toInteger(edge.interactions) AS interactions,
       datetime({epochMillis: toInteger(edge.lastAt)}) AS lastAt, s.rank AS otherRank,
       s.role AS otherRole
ORDER BY direction, weight DESC, other
