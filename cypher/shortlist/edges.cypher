// The influence edges of the brief's topics, oriented influencer -> engager, from each
// topic's current results (one edge per pair and topic). Parameters: $topics (list of ids).
// Returns: one row: sources, targets (person ids) and weights (INFLUENCES.weight), parallel
// lists (three lists decode faster than one map per edge).
UNWIND $topics AS topic
MATCH (t:Topic {id: topic})
MATCH (a:Person)-[l:INFLUENCES]->(b:Person)
WHERE l.generation = t.resultGeneration
RETURN collect(a.id) AS sources, collect(b.id) AS targets, collect(l.weight) AS weights
