// Test only: every person's id and updatedAt, by id.
// Parameters: none. Returns: id, updatedAt.
MATCH (p:Person)
RETURN p.id AS id, p.updatedAt AS updatedAt
ORDER BY id
