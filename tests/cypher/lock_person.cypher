// Test only: write to one person, so that the transaction holds the person's lock until it
// ends. Parameters: $id. Returns: locked (1, or 0 without that person).
MATCH (p:Person {id: $id})
SET p.lockedByTest = true
RETURN count(p) AS locked
