// Test only: who performed an interaction, whom it targets and what it is about.
// Parameters: $id. Returns: actors, targets, topics (sorted lists of ids).
MATCH (i:Interaction {id: $id})
RETURN COLLECT { MATCH (a:Person)-[:PERFORMED]->(i) RETURN a.id ORDER BY a.id } AS actors,
       COLLECT { MATCH (i)-[:TARGETS]->(b:Person) RETURN b.id ORDER BY b.id } AS targets,
       COLLECT { MATCH (i)-[:ABOUT]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics
