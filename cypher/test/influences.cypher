// Test helper: a topic's INFLUENCES edges. Parameters: $topic.
// Returns: influencer, engager, weight, interactions.
MATCH (a:Person)-[r:INFLUENCES {topic: $topic}]->(b:Person)
RETURN a.id AS influencer, b.id AS engager, r.weight AS weight, r.interactions AS interactions
