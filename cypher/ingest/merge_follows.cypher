// Record who follows whom; both people must exist.
// Parameters: $rows, a list of {follower, followee, since (ISO string or null)}.
// Returns: written (count of follows matched to two existing people).
UNWIND $rows AS row
MATCH (a:Person {id: row.follower})
MATCH (b:Person {id: row.followee})
MERGE (a)-[f:FOLLOWS]->(b)
SET f.since = datetime(row.since)
RETURN count(*) AS written
