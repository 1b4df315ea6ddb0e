// Top influencers of a topic (its current results), with the components of their score as
// percentiles, and the three people whose engagement passes them the most authority.
// In cypher-shell:
//   :param topic => 'climate'
//   :param limit => 20
// Parameters: $topic, $limit. Returns: rank, person, name, score, role, authorityPct,
// resonancePct, reachPct, relevancePct, betweennessPct, community, topEngagers, jobId.
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
  RETURN p, r ORDER BY r.topic, r.jobId, r.rank LIMIT $limit
}
CALL (t, p, r) {
  OPTIONAL MATCH (p)-[edge:INFLUENCES]->(e:Person)-[s:INFLUENCE_ON {topic: $topic}]->(:Topic)
  WHERE edge.generation = t.resultGeneration AND s.jobId = r.jobId
  WITH e, CASE WHEN s.outDegree > 0 THEN s.authority * edge.weight / s.outDegree ELSE 0.0 END AS flow
  ORDER BY flow DESC LIMIT 3
  RETURN collect(e.name) AS topEngagers
}
RETURN r.rank AS rank, p.id AS person, p.name AS name, round(r.score, 2) AS score, r.role AS role,
       r.authorityPct AS authorityPct, r.resonancePct AS resonancePct, r.reachPct AS reachPct,
       r.relevancePct AS relevancePct, r.betweennessPct AS betweennessPct,
       r.community AS community, topEngagers, r.jobId AS jobId
ORDER BY rank
