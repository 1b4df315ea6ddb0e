// The communities of a topic (its current results, one algorithm): size, main language, the share
// of their members' influence weight that stays inside, and their three best-ranked members.
// In cypher-shell:
//   :param topic => 'climate'
//   :param algorithm => 'louvain'
//   :param limit => 10
// Parameters: $topic, $algorithm, $limit. Returns: community, size, language, inside (0..1),
// leaders (names), roles (list of 'role: count').
MATCH (t:Topic {id: $topic})
MATCH (c:Community)
WHERE c.topic = $topic AND c.jobId = t.resultJobId AND c.algorithm = $algorithm
WITH t, c ORDER BY c.size DESC, c.id LIMIT $limit
CALL (c) {
  MATCH (m:Person)-[:MEMBER_OF]->(c)
  WITH m ORDER BY m.id
  RETURN collect(m) AS members
}
CALL (c, members) {
  UNWIND members AS m
  WITH m.language AS language, count(*) AS n
  ORDER BY n DESC, language LIMIT 1
  RETURN language
}
CALL (t, members) {
  UNWIND members AS m
  MATCH (m)-[edge:INFLUENCES]-(other:Person)
  WHERE edge.generation = t.resultGeneration
  WITH sum(edge.weight) AS total,
       sum(CASE WHEN other IN members THEN edge.weight ELSE 0.0 END) AS internal
  RETURN CASE WHEN total > 0 THEN round(internal / total, 3) ELSE null END AS inside
}
CALL (c, members) {
  UNWIND members AS m
  MATCH (m)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
  WHERE s.jobId = c.jobId
  WITH m, s ORDER BY s.rank
  WITH collect(m.name)[0..3] AS leaders, collect(s.role) AS roles
  RETURN leaders, roles
}
WITH c, language, inside, leaders, roles
UNWIND roles AS role
WITH c, language, inside, leaders, role, count(*) AS n
ORDER BY role
WITH c, language, inside, leaders, collect([role, n]) AS counts
RETURN c.id AS community, c.size AS size, language, inside, leaders,
       [x IN counts | x[0] + ': ' + toString(x[1])] AS roles
ORDER BY size DESC, community
