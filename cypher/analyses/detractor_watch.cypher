// Detractor watch: people of a topic (its current results) whose received engagement is mostly negative, loudest
// first, with their latest negative interactions' count in the last $days days of the window.
// In cypher-shell:
//   :param topic => 'climate'
//   :param minNegativeShare => 0.5
//   :param days => 90
//   :param limit => 20
// Parameters: $topic, $minNegativeShare (0..1), $days, $limit. Returns: person, name, role,
// negativeShare, sentiment, resonancePct, received, recentNegative, lastNegativeAt.
MATCH (topic:Topic {id: $topic})
MATCH (p:Person)-[s:INFLUENCE_ON]->(:Topic)
WHERE s.topic = $topic AND s.jobId = topic.resultJobId AND s.rank IS NOT NULL
  AND s.negativeShare >= $minNegativeShare
WITH p, s ORDER BY s.resonancePct DESC, p.id LIMIT $limit
CALL (p, s) {
  MATCH (root:Topic {id: $topic})
  MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
  MATCH (p)<-[:TARGETS]-(i:Interaction)-[:ABOUT]->(t)
  WHERE i.sentiment < -0.2
  WITH DISTINCT i
  WITH collect(i.at) AS ats, max(i.at) AS lastNegativeAt
  RETURN size([at IN ats WHERE at >= lastNegativeAt - duration({days: $days})]) AS recentNegative,
         lastNegativeAt
}
RETURN p.id AS person, p.name AS name, s.role AS role, round(s.negativeShare, 3) AS negativeShare,
       round(s.sentiment, 3) AS sentiment, s.resonancePct AS resonancePct,
       toInteger(s.received) AS received, recentNegative, lastNegativeAt
ORDER BY resonancePct DESC, person
