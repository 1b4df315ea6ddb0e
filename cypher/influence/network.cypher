// A topic's influence network for drawing (its current results): its $first best-ranked
// people and the INFLUENCES links among them. Parameters: $topic, $first.
// Returns: nodes (list of {person, scores: the edge's summary, as influence/page_by_rank reads
// it}), edges (list of {source, target, weight}).
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
  WHERE r.topic = $topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
  RETURN p, r
  ORDER BY r.topic, r.jobId, r.rank
  LIMIT $first
}
WITH t, p, r ORDER BY r.rank
WITH t, collect(p) AS people,
     collect({person: p.id, scores: r {.topic, .score, .rank, .role, .roles, .community, .jobId, computedAt: toString(r.computedAt)}}) AS nodes
CALL (t, people) {
  UNWIND people AS a
  MATCH (a)-[l:INFLUENCES]->(b)
  WHERE l.generation = t.resultGeneration AND b IN people
  RETURN collect({source: a.id, target: b.id, weight: l.weight}) AS edges
}
RETURN nodes, edges
