// Test only: one property of a person, by name.
// Parameters: $id, $key. Returns: value (null when absent).
MATCH (p:Person {id: $id})
RETURN p[$key] AS value
