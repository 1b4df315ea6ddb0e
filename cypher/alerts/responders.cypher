// Who can answer for a brand on a topic: its representatives and the people whose
// relationship with it reached advocate, with their community and score on the topic
// (current generation; null without one).
// Parameters: $brand, $topic.
// Returns: person, role (representative role, or 'advocate'), community, score.
MATCH (b:Brand {id: $brand})
CALL {
  WITH b
  MATCH (p:Person)-[r:REPRESENTS]->(b)
  RETURN p, r.role AS role
  UNION
  WITH b
  MATCH (p:Person)-[r:RELATIONSHIP_WITH {stage: 'advocate'}]->(b)
  RETURN p, 'advocate' AS role
}
OPTIONAL MATCH (t:Topic {id: $topic})
OPTIONAL MATCH (p)-[s:INFLUENCE_ON]->(t)
WHERE s.jobId = t.resultJobId
RETURN p.id AS person, role, s.community AS community, s.score AS score
