// Test only: the stored leaders of every Community node, of every generation.
// Parameters: none. Returns: one row per community: id, jobId, leaders (list of person ids).
MATCH (c:Community)
RETURN c.id AS id, c.jobId AS jobId, c.leaders AS leaders
ORDER BY id, jobId
