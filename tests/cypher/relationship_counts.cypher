// Test only: how many relationships of each type the graph holds.
// Parameters: none. Returns: one row per type, type and count.
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
