// Test helper: a topic's INFLUENCES edges (its current results). Parameters: $topic.
// Returns: influencer, engager, weight, interactions.
MATCH (t:Topic {id: $topic})
MATCH (a:Person)-[r:INFLUENCES {topic: $topic}]->(b:Person)
WHERE r.jobId = t.resultJobId
RETURN a.id AS influencer, b.id AS engager, r.weight AS weight, r.interactions AS interactions
