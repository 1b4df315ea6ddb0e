// Create or update topics, and link each to its parent (creating no parent that is missing).
// Parameters: $rows, a list of {id, name, parent}. Returns: written (count).
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
SET t.name = row.name
WITH t, row
CALL (t, row) {
  OPTIONAL MATCH (t)-[old:SUBTOPIC_OF]->(:Topic)
  DELETE old
  WITH t, row
  MATCH (parent:Topic {id: row.parent})
  MERGE (t)-[:SUBTOPIC_OF]->(parent)
}
RETURN count(*) AS written
