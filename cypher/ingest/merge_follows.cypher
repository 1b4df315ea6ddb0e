// Record who follows whom; both people must exist (the loader checks it first).
// Parameters: $rows, a list of {follower, followee, since (ISO-8601 string or null)}.
// Returns: written (follows matched to two existing people).
UNWIND $rows AS row
MATCH (a:Person {id: row.follower})
MATCH (b:Person {id: row.followee})
MERGE (a)-[f:FOLLOWS]->(b)
SET f.since = datetime(row.since)
RETURN count(f) AS written
