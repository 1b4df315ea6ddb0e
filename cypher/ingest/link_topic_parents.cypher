// Point each topic at its parent (SUBTOPIC_OF), removing a link to any other parent; a null
// parent makes the topic top-level. Both topics must exist.
// Parameters: $rows, a list of {id, parent (id or null)}. Returns: linked (count).
UNWIND $rows AS row
MATCH (t:Topic {id: row.id})
CALL (t, row) {
  MATCH (t)-[old:SUBTOPIC_OF]->(was:Topic)
  WHERE row.parent IS NULL OR was.id <> row.parent
  DELETE old
}
CALL (t, row) {
  MATCH (parent:Topic {id: row.parent})
  MERGE (t)-[:SUBTOPIC_OF]->(parent)
}
RETURN count(t) AS linked
