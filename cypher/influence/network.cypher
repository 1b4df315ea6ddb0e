// A topic's influence network for drawing: its $first best-ranked people and the INFLUENCES
// links among them. Parameters: $topic, $first.
// Returns: nodes (list of {person, scores}), edges (list of {source, target, weight}).
MATCH (p:Person)-[r:INFLUENCE_ON {topic: $topic}]->(:Topic)
WITH p, r ORDER BY r.rank LIMIT $first
WITH collect(p) AS people,
     collect({person: p.id, scores: r {.*, computedAt: toString(r.computedAt)}}) AS nodes
CALL (people) {
  UNWIND people AS a
  MATCH (a)-[l:INFLUENCES {topic: $topic}]->(b)
  WHERE b IN people
  RETURN collect({source: a.id, target: b.id, weight: l.weight}) AS edges
}
RETURN nodes, edges
