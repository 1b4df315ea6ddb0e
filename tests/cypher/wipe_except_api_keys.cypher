// Test only: delete every node but the API keys, with its relationships, so that a test can
// start again from its seed and keep its keys. For small test graphs (one transaction).
// Parameters: none. Returns: deleted.
MATCH (n)
WHERE NOT n:ApiKey
DETACH DELETE n
RETURN count(*) AS deleted
