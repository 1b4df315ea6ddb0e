// Create or update topic nodes by id (their parents are linked by ingest/link_topic_parents).
// Parameters: $rows, a list of {id, name}. Returns: written (count).
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
SET t.name = row.name
RETURN count(t) AS written
