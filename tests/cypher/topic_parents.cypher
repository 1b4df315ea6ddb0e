// Test only: the parents a topic points at (SUBTOPIC_OF).
// Parameters: $id. Returns: parents (sorted list of ids).
MATCH (t:Topic {id: $id})
RETURN COLLECT { MATCH (t)-[:SUBTOPIC_OF]->(p:Topic) RETURN p.id ORDER BY p.id } AS parents
