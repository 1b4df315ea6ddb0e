// Test only: delete every node but the erasure tombstones (ErasedPerson) and the API keys, with
// its relationships: a graph that lost its data and kept its erasures, for a reload from old
// files. For small test graphs (one transaction).
// Parameters: none. Returns: deleted.
MATCH (n)
WHERE NOT n:ErasedPerson AND NOT n:ApiKey
DETACH DELETE n
RETURN count(*) AS deleted
