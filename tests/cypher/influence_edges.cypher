// Test helper: a topic's current INFLUENCES edges with every property a reader returns, and
// the count of edges left in the format from before generation numbers (a jobId).
// Parameters: $topic. Returns: edges (list of {influencer, engager, weight, interactions,
// lastAt (ISO-8601)}, sorted), oldFormat.
MATCH (t:Topic {id: $topic})
CALL (t) {
  MATCH (a:Person)-[r:INFLUENCES]->(b:Person)
  WHERE r.generation = t.resultGeneration
  WITH a.id AS influencer, b.id AS engager, r ORDER BY influencer, engager
  RETURN collect({influencer: influencer, engager: engager, weight: r.weight,
                  interactions: toInteger(r.interactions),
                  lastAt: toString(datetime({epochMillis: toInteger(r.lastAt)}))}) AS edges
}
RETURN edges, COUNT { ()-[r:INFLUENCES]->() WHERE r.jobId IS NOT NULL } AS oldFormat
