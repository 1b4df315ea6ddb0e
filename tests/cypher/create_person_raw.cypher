// Test only: CREATE (not MERGE) a person, to prove the uniqueness constraint holds.
// Parameters: $id. Returns: id.
CREATE (p:Person {id: $id}) RETURN p.id AS id
