// Test helper: a topic's INFLUENCES edges (its current results). Parameters: $topic.
// Returns: influencer, engager, weight, interactions.
MATCH (t:Topic {id: $topic})
MATCH (a:Person)-[r:INFLUENCES]->(b:Person)
WHERE r.generation = t.resultGeneration
RETURN a.id AS influencer, b.id AS engager, r.weight AS weight,
       toInteger(r.interactions) AS interactions
