// Test only: delete every alert (to run detection again from nothing).
// Parameters: none. Returns: deleted.
MATCH (a:Alert)
DETACH DELETE a
RETURN count(*) AS deleted
