// Test only: delete every interaction at or after $from (ISO). Parameters: $from.
// Returns: deleted.
MATCH (i:Interaction)
WHERE i.at >= datetime($from)
DETACH DELETE i
RETURN count(*) AS deleted
