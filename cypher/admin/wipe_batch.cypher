// Delete up to $limit nodes with their relationships (repeat until deleted = 0).
// Used by tests and `influence-graph db wipe`. Parameters: $limit. Returns: deleted.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
